"""Reads the echolive dataset format (docs/dataset.md): manifest.json, frames.u8 and labels.csv.

No preprocessing happens here: the frames are already what the live path feeds the model
(grey, cropped to the detected image region, area-resized to 80x60).
"""
import csv
import json
import os

import numpy as np

FORMAT = "echolive-dataset"


class Dataset:
    def __init__(self, root):
        path = os.path.join(root, "manifest.json")
        if not os.path.exists(path):
            raise SystemExit(f"{root}: no manifest.json (not an echolive dataset)")
        with open(path) as f:
            self.manifest = json.load(f)
        if self.manifest.get("format") != FORMAT:
            raise SystemExit(f"{root}: manifest format is {self.manifest.get('format')!r}, expected {FORMAT!r}")
        inp = self.manifest["input"]
        self.height, self.width = inp["height"], inp["width"]
        self.classes = list(self.manifest["classes"])
        n = self.manifest["count"]
        raw = np.fromfile(os.path.join(root, self.manifest["frames"]), dtype=np.uint8)
        if raw.size != n * self.height * self.width:
            raise SystemExit(f"{root}: frames.u8 has {raw.size} bytes, expected {n * self.height * self.width}")
        self.frames = raw.reshape(n, self.height, self.width)
        index = {c: i for i, c in enumerate(self.classes)}
        labels, groups = [], []
        with open(os.path.join(root, self.manifest["labels"])) as f:
            for row in csv.DictReader(f):
                labels.append(index[row["label"]])
                groups.append(row["group"])
        self.labels = np.array(labels, dtype=np.int64)
        self.groups = np.array(groups)

    def __len__(self):
        return len(self.labels)

    def split_by_group(self, fraction, seed):
        """Indices (train, held-out) with whole groups (subjects or clips) on one side only."""
        rng = np.random.default_rng(seed)
        uniq = np.unique(self.groups)
        held = set(rng.choice(uniq, size=max(1, int(len(uniq) * fraction)), replace=False).tolist())
        mask = np.array([g in held for g in self.groups])
        return np.nonzero(~mask)[0], np.nonzero(mask)[0]
