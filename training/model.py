"""The view classifier: a small VGG-style CNN in the family of Madani et al. (2018).

Madani used six 3x3 convolutions with pooling and dense layers on 60x80 grey frames. Here: three blocks
of two 3x3 convolutions (8, 16, 32 channels) with batch norm and max pooling, a 64-channel convolution,
global average pooling and one linear layer for the view, and a small second head for the image quality.
Global pooling instead of large dense layers keeps the file small (about 0.15 MB), lets the network tolerate
small shifts of the crop and take any input size. `stem_convs=1` (the shipped model) keeps one convolution in
the first block: the second one, at full resolution with 8 channels, was a third of onnxruntime's CPU time in
a per-node profile.
Per-image standardisation is the model's first layer, so every caller only scales uint8 grey by 1/255.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn


class Standardize(nn.Module):
    """(x - mean) / (std + eps) per image: removes gain and contrast differences between machines."""

    def forward(self, x):
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        std = ((x - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True).sqrt()
        return (x - mean) / (std + 1e-3)


def block(cin, cout, convs=2):
    layers = []
    for i in range(convs):
        layers += [nn.Conv2d(cin if i == 0 else cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers, nn.MaxPool2d(2))


class ViewNet(nn.Module):
    def __init__(self, classes, width=8, stem_convs=2):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            Standardize(),
            block(1, w, stem_convs), block(w, 2 * w), block(2 * w, 4 * w),
            nn.Conv2d(4 * w, 8 * w, 3, padding=1, bias=False), nn.BatchNorm2d(8 * w), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(8 * w, classes))
        # Image quality of the current 2D view from the same features: score, off-axis part, position part, each
        # 0-1 (times 100 in the export), trained jointly with the view (server/pose.ts poseScore, depthScore).
        self.quality_head = nn.Sequential(nn.Linear(8 * w, 4 * w), nn.ReLU(inplace=True), nn.Linear(4 * w, 3))
        # Temperature for calibrated probabilities, fitted after training on held-out data.
        self.register_buffer("temperature", torch.ones(1))

    def forward(self, x):
        """Logits only (validation, calibration, AdaBN)."""
        return self.head(self.features(x))

    def both(self, x):
        """Logits and quality (0-1, N x 3) in one pass, for training."""
        f = self.features(x)
        return self.head(f), torch.sigmoid(self.quality_head(f))

    def stages(self, x):
        """The second and third blocks' outputs and the pooled features, from one pass (`features` above:
        standardisation, three blocks, a convolution with batch norm and ReLU, global pooling)."""
        s = self.features
        b2 = s[:3](x)
        b3 = s[3](b2)
        return b2, b3, s[7:](s[4:7](b3))


# The ONNX outputs, in order, as the model card names them.
OUTPUTS = ("probs", "logits", "embedding", "quality")


# The embedding's grid: the third block's output averaged over this many cells (rows, columns).
GRID = (3, 4)


def grid_pool_matrix(h, w, rows, cols):
    """(h*w) x (rows*cols) matrix that averages an h x w map over a rows x cols grid with the bins of
    adaptive_avg_pool2d; a plain MatMul in ONNX, where adaptive pooling exports only for divisible sizes."""
    m = torch.zeros(h * w, rows * cols)
    for i in range(rows):
        y0, y1 = (i * h) // rows, -((-(i + 1) * h) // rows)
        for j in range(cols):
            x0, x1 = (j * w) // cols, -((-(j + 1) * w) // cols)
            for y in range(y0, y1):
                m[y * w + x0:y * w + x1, i * cols + j] = 1.0 / ((y1 - y0) * (x1 - x0))
    return m


class Exported(nn.Module):
    """What goes into the ONNX file: calibrated probabilities, raw logits (for out-of-distribution scores),
    the embedding and the image quality 0-100.

    The embedding (for taught heads) is a multi-scale descriptor, L2-normalised: the third block's features
    averaged over a 3 x 4 grid (where the chambers lie) joined to the global averages of the second and third
    blocks and of the last convolution. On real scans the view head's own features are the most phantom-specific;
    the earlier, spatially pooled ones separate real views better with a few taught frames (docs/model.md)."""

    def __init__(self, net, size, with_quality=True):
        super().__init__()
        self.net = net
        self.with_quality = with_quality
        w, h = size
        with torch.no_grad():
            _, _, h3, w3 = net.stages(torch.zeros(1, 1, h, w))[1].shape
        self.register_buffer("grid", grid_pool_matrix(h3, w3, *GRID))

    def forward(self, frames):
        b2, b3, f = self.net.stages(frames)
        logits = self.net.head(f)
        grid = torch.matmul(b3.flatten(2), self.grid).flatten(1)
        # Unit parts weighted so that the whole has unit length (the grid half, each average a sixth): the same as
        # normalising the joined parts again. Not the first block's average: on a blank frame it is near zero,
        # where float rounding decides its direction.
        parts = [(grid, 0.5), (b2.mean(dim=(2, 3)), 1 / 6), (b3.mean(dim=(2, 3)), 1 / 6), (f, 1 / 6)]
        embedding = torch.cat([F.normalize(v, dim=1) * math.sqrt(share) for v, share in parts], dim=1)
        out = (torch.softmax(logits / self.net.temperature, dim=1), logits, embedding)
        return out + (torch.sigmoid(self.net.quality_head(f)) * 100,) if self.with_quality else out


def embedding_size(width):
    """Width of the exported embedding: the grid cells of the third block plus the three global averages."""
    return GRID[0] * GRID[1] * 4 * width + (2 + 4 + 8) * width
