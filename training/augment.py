"""Augmentation aimed at real scanners, applied to whole batches (float 0-1, N x 1 x 60 x 80).

Each transform hits a random subset of the batch: gain, contrast and gamma; blur; additive and
multiplicative noise; JPEG-like 8x8 DCT quantisation (the block artefacts of JPEG and H.264 intra coding);
geometry and crop jitter (scale, shift, small rotation: sector size and position differ by machine);
overlays (calipers, markers, text-like strokes); and left-right flips for apical views only (the Mayo
convention shows the LV on the left; other views have no such mirrored convention).
"""
import math

import torch
import torch.nn.functional as F

APICAL = ("a4c", "a5c", "a2c", "a3c")


def _subset(n, p, g):
    return torch.rand(n, generator=g) < p


def _dct_matrix(n=8):
    k = torch.arange(n).float()
    m = torch.cos(math.pi * (2 * k[None, :] + 1) * k[:, None] / (2 * n)) * math.sqrt(2 / n)
    m[0] /= math.sqrt(2)
    return m


_DCT = _dct_matrix()
# JPEG's luminance quantisation table, scaled per sample by a quality factor.
_Q = torch.tensor([
    [16, 11, 10, 16, 24, 40, 51, 61], [12, 12, 14, 19, 26, 58, 60, 55], [14, 13, 16, 24, 40, 57, 69, 56],
    [14, 17, 22, 29, 51, 87, 80, 62], [18, 22, 37, 56, 68, 109, 103, 77], [24, 35, 55, 64, 81, 104, 113, 92],
    [49, 64, 78, 87, 103, 121, 120, 101], [72, 92, 95, 98, 112, 100, 103, 99]], dtype=torch.float32)


def jpeg_like(x, scale):
    """Quantise 8x8 DCT blocks with JPEG's table times `scale` (N,) - x in 0-1."""
    n, c, h, w = x.shape
    ph, pw = (8 - h % 8) % 8, (8 - w % 8) % 8
    xp = F.pad(x * 255 - 128, (0, pw, 0, ph), mode="replicate")
    H, W = xp.shape[2], xp.shape[3]
    blocks = xp.reshape(n, c, H // 8, 8, W // 8, 8).permute(0, 1, 2, 4, 3, 5)
    coef = _DCT @ blocks @ _DCT.T
    q = _Q * scale.view(n, 1, 1, 1, 1, 1)
    coef = torch.round(coef / q) * q
    back = (_DCT.T @ coef @ _DCT).permute(0, 1, 2, 4, 3, 5).reshape(n, c, H, W)
    return ((back[:, :, :h, :w] + 128) / 255).clamp(0, 1)


def augment(x, labels, classes, g):
    """Return an augmented copy of batch x (float 0-1) with labels (N,) indices into `classes`."""
    n = x.shape[0]
    x = x.clone()
    # Geometry: scale, shift, rotation (crop and sector jitter).
    m = _subset(n, 0.7, g)
    if m.any():
        k = int(m.sum())
        s = 1 + (torch.rand(k, generator=g) - 0.5) * 0.2
        a = (torch.rand(k, generator=g) - 0.5) * math.radians(10)
        t = (torch.rand(k, 2, generator=g) - 0.5) * 0.14
        theta = torch.zeros(k, 2, 3)
        theta[:, 0, 0] = s * torch.cos(a)
        theta[:, 0, 1] = -s * torch.sin(a)
        theta[:, 1, 0] = s * torch.sin(a)
        theta[:, 1, 1] = s * torch.cos(a)
        theta[:, :, 2] = t
        grid = F.affine_grid(theta, list(x[m].shape), align_corners=False)
        x[m] = F.grid_sample(x[m], grid, padding_mode="zeros", align_corners=False)
    # Mirror apical views.
    apical = torch.tensor([classes[i] in APICAL for i in labels.tolist()])
    m = apical & _subset(n, 0.25, g)
    x[m] = x[m].flip(3)
    # Gain, contrast, gamma.
    m = _subset(n, 0.8, g)
    k = int(m.sum())
    if k:
        gamma = torch.exp((torch.rand(k, 1, 1, 1, generator=g) - 0.5) * 0.8)
        contrast = 1 + (torch.rand(k, 1, 1, 1, generator=g) - 0.5) * 0.6
        bias = (torch.rand(k, 1, 1, 1, generator=g) - 0.5) * 0.2
        x[m] = (x[m].clamp(0, 1) ** gamma * contrast + bias).clamp(0, 1)
    # Blur.
    m = _subset(n, 0.3, g)
    if m.any():
        kern = torch.tensor([1.0, 2.0, 1.0])
        kern = (kern[:, None] * kern[None, :]) / 16
        x[m] = F.conv2d(F.pad(x[m], (1, 1, 1, 1), mode="replicate"), kern.view(1, 1, 3, 3))
    # Noise: multiplicative speckle-like and additive.
    m = _subset(n, 0.5, g)
    k = int(m.sum())
    if k:
        sigma = torch.rand(k, 1, 1, 1, generator=g) * 0.25
        x[m] = (x[m] * (1 + sigma * torch.randn(x[m].shape, generator=g)) + 0.03 * sigma * torch.randn(x[m].shape, generator=g)).clamp(0, 1)
    # Compression artefacts.
    m = _subset(n, 0.3, g)
    k = int(m.sum())
    if k:
        x[m] = jpeg_like(x[m], 0.5 + 2.5 * torch.rand(k, generator=g))
    # Overlays: short bright strokes (calipers, markers, labels).
    m = torch.nonzero(_subset(n, 0.25, g)).flatten().tolist()
    for i in m:
        for _ in range(int(torch.randint(1, 4, (1,), generator=g))):
            y0 = int(torch.randint(0, x.shape[2], (1,), generator=g))
            x0 = int(torch.randint(0, x.shape[3] - 10, (1,), generator=g))
            length = int(torch.randint(4, 20, (1,), generator=g))
            if torch.rand(1, generator=g) < 0.5:
                x[i, 0, y0, x0:x0 + length] = 0.9
            else:
                x[i, 0, y0:y0 + length, x0] = 0.9
    return x
