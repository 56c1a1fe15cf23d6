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
        self.embedding_size = 8 * w
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


# The ONNX outputs, in order, as the model card names them.
OUTPUTS = ("probs", "logits", "embedding", "quality")


class Exported(nn.Module):
    """What goes into the ONNX file: calibrated probabilities, raw logits (for out-of-distribution scores),
    the L2-normalised features before the last layer (the embedding) and the image quality 0-100."""

    def __init__(self, net, with_quality=True):
        super().__init__()
        self.net = net
        self.with_quality = with_quality

    def forward(self, frames):
        f = self.net.features(frames)
        logits = self.net.head(f)
        out = (torch.softmax(logits / self.net.temperature, dim=1), logits, F.normalize(f, dim=1))
        return out + (torch.sigmoid(self.net.quality_head(f)) * 100,) if self.with_quality else out
