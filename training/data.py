"""Reads the echolive dataset format (docs/dataset.md): manifest.json, frames.u8 and labels.csv (with the
image-quality targets where the set has them).

Version 2 frames keep a margin around the detected image (the sector): `sector` in the manifest says where it
lies. `crops` cuts the sector (optionally jittered in scale and position: random crops that use the margin)
and area-resizes it to the model input, as the live path does (crop to the detected image, area average).
Version 1 sets (frames are the sector, no margin) are read too.
"""
import csv
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

FORMAT = "echolive-dataset"
QUALITY_COLUMNS = ("quality", "off_axis", "position")


class Dataset:
    def __init__(self, root):
        path = os.path.join(root, "manifest.json")
        if not os.path.exists(path):
            raise SystemExit(f"{root}: no manifest.json (not an echolive dataset)")
        with open(path) as f:
            self.manifest = json.load(f)
        m = self.manifest
        if m.get("format") != FORMAT:
            raise SystemExit(f"{root}: manifest format is {m.get('format')!r}, expected {FORMAT!r}")
        if m.get("version") == 1:
            self.height, self.width = m["input"]["height"], m["input"]["width"]
            self.sector = (0, 0, self.width, self.height)
        elif m.get("version") == 2:
            self.height, self.width = m["frame"]["height"], m["frame"]["width"]
            s = m["sector"]
            self.sector = (s["x"], s["y"], s["width"], s["height"])
        else:
            raise SystemExit(f"{root}: dataset version {m.get('version')!r}, this kit reads 1 and 2")
        self.classes = list(m["classes"])
        n = m["count"]
        raw = np.fromfile(os.path.join(root, m["frames"]), dtype=np.uint8)
        if raw.size != n * self.height * self.width:
            raise SystemExit(f"{root}: frames.u8 has {raw.size} bytes, expected {n * self.height * self.width}")
        self.frames = raw.reshape(n, self.height, self.width)
        index = {c: i for i, c in enumerate(self.classes)}
        labels, groups, quality = [], [], []
        with open(os.path.join(root, m["labels"])) as f:
            for row in csv.DictReader(f):
                labels.append(index[row["label"]])
                groups.append(row["group"])
                quality.append([float(row[k]) if row.get(k) else np.nan for k in QUALITY_COLUMNS])
        self.labels = np.array(labels, dtype=np.int64)
        self.groups = np.array(groups)
        # Image quality targets 0-100 (score, off-axis part, position part); NaN where unknown (Doppler, M-mode,
        # imported scans, sets written before the columns existed).
        self.quality = np.array(quality, dtype=np.float32).reshape(-1, 3)

    def __len__(self):
        return len(self.labels)

    def extend(self, other, name):
        """Append another dataset of the same frame layout (e.g. your own scans from `dataset import`); its groups
        are prefixed with `name` so that the split by group keeps them apart. Returns the new frames' indices."""
        if (other.width, other.height, other.sector) != (self.width, self.height, self.sector):
            raise SystemExit(f"{name}: frames are {other.width}x{other.height} with sector {other.sector}, "
                             f"the main set's are {self.width}x{self.height} with {self.sector} (use the same --size and --margin)")
        unknown = sorted(set(other.classes[i] for i in np.unique(other.labels)) - set(self.classes))
        if unknown:
            raise SystemExit(f"{name}: classes {', '.join(unknown)} are not in the main set")
        start = len(self.labels)
        self.frames = np.concatenate([self.frames, other.frames])
        self.labels = np.concatenate([self.labels, np.array([self.classes.index(other.classes[i]) for i in other.labels], dtype=np.int64)])
        self.groups = np.concatenate([self.groups, np.array([f"{name}/{g}" for g in other.groups])])
        self.quality = np.concatenate([self.quality, other.quality])
        return np.arange(start, len(self.labels))

    def split_by_group(self, fraction, seed):
        """Indices (train, held-out) with whole groups (subjects or clips) on one side only."""
        rng = np.random.default_rng(seed)
        uniq = np.unique(self.groups)
        held = set(rng.choice(uniq, size=max(1, int(len(uniq) * fraction)), replace=False).tolist())
        mask = np.array([g in held for g in self.groups])
        return np.nonzero(~mask)[0], np.nonzero(mask)[0]

    def crops(self, idx, size, jitter=0.0, g=None):
        """Frames `idx` as float N x 1 x H x W in 0-1: the sector resized to `size` (width, height).

        With `jitter` > 0 each crop's size changes by up to +-jitter (a fraction) and its centre moves by up
        to +-jitter/2 of the sector, drawing on the margin (random crops), using generator `g`.
        """
        w_out, h_out = size
        x0, y0, sw, sh = self.sector
        frames = torch.from_numpy(self.frames[np.asarray(idx)]).float().div_(255).unsqueeze(1)
        if jitter <= 0:
            crop = frames[:, :, y0:y0 + sh, x0:x0 + sw]
            return crop if (sw, sh) == (w_out, h_out) else F.adaptive_avg_pool2d(crop, (h_out, w_out))
        n = frames.shape[0]
        u = (torch.rand(n, 3, generator=g) - 0.5) * 2 * jitter
        out = torch.empty(n, 1, h_out, w_out)
        for i in range(n):
            w = max(4, min(self.width, round(sw * (1 + float(u[i, 0])))))
            h = max(4, min(self.height, round(sh * (1 + float(u[i, 0])))))
            x = min(max(0, round(x0 + (sw - w) / 2 + float(u[i, 1]) / 2 * sw)), self.width - w)
            y = min(max(0, round(y0 + (sh - h) / 2 + float(u[i, 2]) / 2 * sh)), self.height - h)
            out[i] = F.adaptive_avg_pool2d(frames[i:i + 1, :, y:y + h, x:x + w], (h_out, w_out))[0]
        return out
