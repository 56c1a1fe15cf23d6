"""Domain randomisation aimed at real scanners, applied to whole batches (float 0-1, N x 1 x H x W).

Each transform hits a random subset of the batch: geometry and crop jitter (zoom in and out, shift, small
rotation: sector size and position differ by machine); Doppler and M-mode screens cut to the time display
below their 2D image on a third of their frames; left-right flips for apical views only (the Mayo
convention shows the LV on the left; other views have no such mirrored convention); intensity curves (a
random monotone grey map), gain, contrast and gamma; blur; resolution loss (down- then up-sampling, as small
video and old captures); additive and multiplicative noise; JPEG-like 8x8 DCT quantisation (the block
artefacts of JPEG and H.264 intra coding); colour-Doppler boxes turned grey; occluding text, calipers, arrows
and marks. Optionally (`style`, a StyleBank) Fourier domain adaptation (Yang and Soatto, CVPR 2020) swaps
in the low-frequency amplitude spectrum of unlabelled real frames: only ../shared/real/pool rows with
split=adapt, read without their labels; never ../shared/real/val.
"""
import csv
import math
import os
import shutil
import subprocess
import sys

import numpy as np

import torch
import torch.nn.functional as F

APICAL = ("a4c", "a5c", "a2c", "a3c")
# Screens whose lower part is a time display (spectral Doppler, M-mode), and the share of their frames cut to it.
TIME_DISPLAYS = ("pw", "cw", "mmode")
DISPLAY_ONLY = 0.35


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


def intensity_curve(x, g):
    """A random monotone grey map per sample: piecewise linear through 6 knots (x in 0-1)."""
    n = x.shape[0]
    steps = torch.rand(n, 5, generator=g) + 0.3
    knots = torch.cat([torch.zeros(n, 1), torch.cumsum(steps, 1) / steps.sum(1, keepdim=True)], 1)  # (n, 6)
    pos = x.clamp(0, 1).reshape(n, -1) * 5
    i = pos.floor().clamp(max=4).long()
    lo, hi = knots.gather(1, i), knots.gather(1, i + 1)
    return (lo + (hi - lo) * (pos - i)).view_as(x)


def gaussian_blur(x, sigma):
    """Separable Gaussian blur with one sigma (pixels) per sample."""
    out = torch.empty_like(x)
    for i in range(x.shape[0]):
        s = float(sigma[i])
        r = max(1, int(math.ceil(2 * s)))
        t = torch.arange(-r, r + 1, dtype=torch.float32)
        k = torch.exp(-(t / s) ** 2 / 2)
        k = k / k.sum()
        xi = F.pad(x[i:i + 1], (r, r, r, r), mode="replicate")
        xi = F.conv2d(xi, k.view(1, 1, 1, -1))
        out[i:i + 1] = F.conv2d(xi, k.view(1, 1, -1, 1))
    return out


def resolution_loss(x, factor):
    """Area down-sampling by `factor` (> 1) then bilinear up-sampling back: lost detail, soft edges."""
    h, w = x.shape[2], x.shape[3]
    small = F.interpolate(x, size=(max(4, int(h / factor)), max(4, int(w / factor))), mode="area")
    return F.interpolate(small, size=(h, w), mode="bilinear", align_corners=False)


def colour_box_grey(x, g):
    """A colour-Doppler box as a capture card's luma shows it: dark pixels in a box become mid-grey mosaic."""
    n, _, h, w = x.shape
    for i in range(n):
        bw, bh = int(w * (0.2 + 0.3 * float(torch.rand(1, generator=g)))), int(h * (0.2 + 0.3 * float(torch.rand(1, generator=g))))
        x0, y0 = int(torch.randint(0, w - bw, (1,), generator=g)), int(torch.randint(0, h - bh, (1,), generator=g))
        box = x[i, 0, y0:y0 + bh, x0:x0 + bw]
        mosaic = F.interpolate(torch.rand(1, 1, max(1, bh // 3), max(1, bw // 3), generator=g), size=(bh, bw), mode="nearest")[0, 0]
        level = 0.25 + 0.35 * mosaic
        x[i, 0, y0:y0 + bh, x0:x0 + bw] = torch.where(box < 0.15, level, box)
        x[i, 0, y0, x0:x0 + bw] = x[i, 0, y0 + bh - 1, x0:x0 + bw] = 0.8
        x[i, 0, y0:y0 + bh, x0] = x[i, 0, y0:y0 + bh, x0 + bw - 1] = 0.8
    return x


def marks(x, i, g):
    """Burn text-like blocks, calipers (+ and a dotted line), arrows and strokes into sample i."""
    h, w = x.shape[2], x.shape[3]
    r = lambda a, b: int(torch.randint(a, b, (1,), generator=g))  # noqa: E731
    level = 0.6 + 0.4 * float(torch.rand(1, generator=g))
    for _ in range(r(1, 4)):
        kind = r(0, 4)
        y0, x0 = r(1, h - 6), r(1, w - 12)
        if kind == 0:  # a line of text: glyph-sized blocks with gaps
            for c in range(r(3, 9)):
                if torch.rand(1, generator=g) < 0.8:
                    x[i, 0, y0:y0 + 3, x0 + 2 * c:x0 + 2 * c + 1] = level
        elif kind == 1:  # caliper marks and a dotted line between them
            x1, y1 = r(1, w - 2), r(1, h - 2)
            for (cx, cy) in ((x0, y0), (x1, y1)):
                x[i, 0, cy, max(0, cx - 2):cx + 3] = level
                x[i, 0, max(0, cy - 2):cy + 3, cx] = level
            for t in torch.linspace(0, 1, 12)[::2]:
                x[i, 0, int(y0 + (y1 - y0) * t), int(x0 + (x1 - x0) * t)] = level
        elif kind == 2:  # an arrow: a short diagonal stroke with a head
            for d in range(6):
                x[i, 0, min(h - 1, y0 + d), min(w - 1, x0 + d)] = level
            x[i, 0, y0, x0:x0 + 3] = level
            x[i, 0, y0:y0 + 3, x0] = level
        else:  # a straight stroke (a cursor, a scale line)
            length = r(4, 20)
            if torch.rand(1, generator=g) < 0.5:
                x[i, 0, y0, x0:x0 + length] = level
            else:
                x[i, 0, y0:y0 + length, x0] = level


def display_only(x, labels, classes, g, p=DISPLAY_ONLY):
    """Cut a share `p` of the Doppler and M-mode frames of batch x, in place, to their lower part (from 35-55% of
    the height down, resized to the frame): on real screens the sector detector often keeps the time display
    alone (the small 2D image above it missed or cut off), which a model trained on whole phantom screens did
    not name (docs/model.md, "Every lever at a glance": PW on val)."""
    cut = torch.tensor([classes[i] in TIME_DISPLAYS for i in labels.tolist()]) & _subset(x.shape[0], p, g)
    for i in torch.nonzero(cut).flatten().tolist():
        top = int(x.shape[2] * (0.35 + 0.2 * torch.rand(1, generator=g).item()))
        x[i] = F.interpolate(x[i:i + 1, :, top:], size=x.shape[2:], mode="bilinear", align_corners=False)[0]


def augment(x, labels, classes, g, style=None, domain=True):
    """Return an augmented copy of batch x (float 0-1) with labels (N,) indices into `classes`.

    `style`: an optional StyleBank (style.py) of unlabelled real frames for Fourier domain adaptation.
    `domain`: False keeps only geometry, flips and gain/contrast/gamma (no grey maps, blur, resolution loss,
    noise, compression, colour boxes or marks), e.g. to fine-tune on clean phantom frames.
    """
    n = x.shape[0]
    x = x.clone()
    # Geometry: zoom in and out, shift, rotation (crop and sector jitter).
    m = _subset(n, 0.7, g)
    if m.any():
        k = int(m.sum())
        s = 1 + (torch.rand(k, generator=g) - 0.5) * 0.4
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
    display_only(x, labels, classes, g)
    # Mirror apical views.
    apical = torch.tensor([classes[i] in APICAL for i in labels.tolist()])
    m = apical & _subset(n, 0.25, g)
    x[m] = x[m].flip(3)
    # Fourier domain adaptation: low-frequency amplitude from unlabelled real frames.
    if style is not None:
        m = _subset(n, 0.5, g)
        if m.any():
            x[m] = style.mix(x[m], g)
    # Intensity curves (vendor grey maps).
    m = _subset(n, 0.5 if domain else 0.0, g)
    if m.any():
        x[m] = intensity_curve(x[m], g)
    # Gain, contrast, gamma.
    m = _subset(n, 0.8, g)
    k = int(m.sum())
    if k:
        gamma = torch.exp((torch.rand(k, 1, 1, 1, generator=g) - 0.5) * 0.8)
        contrast = 1 + (torch.rand(k, 1, 1, 1, generator=g) - 0.5) * 0.6
        bias = (torch.rand(k, 1, 1, 1, generator=g) - 0.5) * 0.2
        x[m] = (x[m].clamp(0, 1) ** gamma * contrast + bias).clamp(0, 1)
    if not domain:
        return x
    # Blur.
    m = _subset(n, 0.3, g)
    k = int(m.sum())
    if k:
        x[m] = gaussian_blur(x[m], 0.4 + 1.1 * torch.rand(k, generator=g))
    # Resolution loss.
    m = _subset(n, 0.25, g)
    if m.any():
        x[m] = resolution_loss(x[m], 1.5 + 1.5 * float(torch.rand(1, generator=g)))
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
    # Colour-Doppler boxes turned grey.
    m = _subset(n, 0.1, g)
    if m.any():
        x[m] = colour_box_grey(x[m], g)
    # Occluding text, calipers, arrows and marks.
    for i in torch.nonzero(_subset(n, 0.35, g)).flatten().tolist():
        marks(x, i, g)
    return x


DECODE_SIZE = (320, 240)  # width, height every style frame is decoded at before its crop


def find_ffmpeg():
    """FFMPEG_PATH, the bundled ffmpeg of the npm install next to this kit, or ffmpeg on PATH; None if none."""
    here = os.path.dirname(os.path.abspath(__file__))
    bundled = os.path.join(here, "..", "node_modules", "@ffmpeg-installer", "linux-x64", "ffmpeg")
    for c in (os.environ.get("FFMPEG_PATH"), bundled, shutil.which("ffmpeg")):
        if c and os.path.exists(c):
            return c
    return None


def decode_grey(path, ffmpeg):
    """The first frame of an image or clip as uint8 grey (240, 320), decoded by ffmpeg (aspect not kept)."""
    w, h = DECODE_SIZE
    out = subprocess.run([ffmpeg, "-v", "error", "-i", path, "-frames:v", "1", "-vf", f"scale={w}:{h}", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype=np.uint8).reshape(h, w)


class StyleBank:
    """Low-frequency amplitude spectra of unlabelled real frames, for Fourier domain adaptation."""

    def __init__(self, frames):
        """frames: float tensor (M, 1, H, W) in 0-1 at the model input size."""
        self.amplitude = torch.fft.fft2(frames).abs()

    @classmethod
    def from_pool(cls, pool_dir, height, width, limit=400):
        """The `adapt` half of ../shared/real/pool (labels.csv rows with split=adapt; labels are not read), each
        frame cropped to its non-black bounding box and area-resized to height x width; None when absent."""
        csv_path = os.path.join(pool_dir, "labels.csv")
        if not os.path.exists(csv_path):
            print(f"Fourier domain adaptation off: {csv_path} is absent", file=sys.stderr)
            return None
        ffmpeg = find_ffmpeg()
        if ffmpeg is None:
            print("Fourier domain adaptation off: no ffmpeg (set FFMPEG_PATH)", file=sys.stderr)
            return None
        frames = []
        with open(csv_path) as f:
            for row in csv.DictReader(f):
                if row.get("split") != "adapt" or len(frames) >= limit:
                    continue
                grey = decode_grey(os.path.join(pool_dir, row["path"]), ffmpeg)
                ys, xs = np.nonzero(grey > 10)
                if len(ys) < 16:
                    continue
                crop = torch.from_numpy(grey[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32) / 255)
                frames.append(F.interpolate(crop[None, None], size=(height, width), mode="area")[0])
        if not frames:
            print(f"Fourier domain adaptation off: no adapt frames in {csv_path}", file=sys.stderr)
            return None
        print(f"Fourier domain adaptation: {len(frames)} adapt frames from {pool_dir}", file=sys.stderr)
        return cls(torch.stack(frames))

    def mix(self, x, g, beta=(0.01, 0.05)):
        """Replace the low-frequency amplitude of each frame in x (N, 1, H, W) with a random bank frame's, in a
        centred window of beta (a fraction of the smaller side, drawn per sample) around zero frequency; the
        phase (the anatomy) is kept."""
        n, _, h, w = x.shape
        spec = torch.fft.fft2(x)
        amp, phase = spec.abs(), spec.angle()
        pick = torch.randint(0, self.amplitude.shape[0], (n,), generator=g)
        fy = torch.fft.fftfreq(h).abs().view(1, 1, h, 1)
        fx = torch.fft.fftfreq(w).abs().view(1, 1, 1, w)
        b = beta[0] + (beta[1] - beta[0]) * torch.rand(n, 1, 1, 1, generator=g)
        # beta is the window's half-size as a fraction of the smaller side: |k| <= beta * min(h, w).
        low = (fy * h <= b * min(h, w)) & (fx * w <= b * min(h, w))
        amp = torch.where(low, self.amplitude[pick], amp)
        return torch.fft.ifft2(torch.polar(amp, phase)).real.clamp(0, 1)
