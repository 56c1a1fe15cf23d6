"""Train the view classifier on an echolive dataset and export models/<name>.onnx with its model card.

    python3 training/train.py --data data/train --name echolive-view --epochs 6 --seed 1

Reproducible from the seed (same data, same seed, same torch build: same weights). Shows progress,
holds out whole subjects for validation and temperature calibration, writes the ONNX model (dynamic
batch), the card (models/<name>.json) and a parity file (models/<name>.parity.json: inputs and PyTorch's
outputs, which the test suite checks against onnxruntime-node).
"""
import argparse
import inspect
import base64
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import augment  # noqa: E402
from data import Dataset  # noqa: E402
from model import Exported, ViewNet  # noqa: E402

CARD_FORMAT = "echolive-model-card"


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="dataset directory (echolive dataset format)")
    p.add_argument("--name", default="echolive-view", help="model name: writes <out>/<name>.onnx and .json")
    p.add_argument("--out", default="models", help="output directory (default: models)")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--width", type=int, default=8, help="channels of the first block (8: about 0.1 MB)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: all cores)")
    p.add_argument("--holdout", type=float, default=0.05, help="fraction of groups held out for validation")
    p.add_argument("--device", default="cpu", help="torch device for training: cpu or cuda (augmentation stays on the CPU)")
    p.add_argument("--none-weight", type=float, default=1.0,
                   help="loss weight of the 'none' class (above 1: calling a transitional frame a view costs more)")
    return p.parse_args()


def progress(epoch, epochs, step, steps, loss, t0):
    """A bar on a terminal; a line every 200 steps otherwise (logs)."""
    if sys.stderr.isatty():
        bar = "#" * int(30 * step / steps)
        sys.stderr.write(f"\repoch {epoch}/{epochs} [{bar:<30}] {step}/{steps} loss {loss:.3f} {time.time() - t0:.0f}s")
        if step == steps:
            sys.stderr.write("\n")
    elif step % 200 == 1 or step == steps:
        sys.stderr.write(f"epoch {epoch}/{epochs} step {step}/{steps} loss {loss:.3f} {time.time() - t0:.0f}s\n")


def predict(net, frames, device, batch=512):
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(frames), batch):
            x = torch.from_numpy(frames[i:i + batch]).float().div_(255).unsqueeze(1).to(device)
            out.append(net(x).cpu())
    return torch.cat(out)


def fit_temperature(logits, labels):
    """One scalar T minimising the held-out negative log-likelihood (Guo et al. 2017)."""
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=100)

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp())


def main():
    a = parse()
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    if a.threads:
        torch.set_num_threads(a.threads)
    ds = Dataset(a.data)
    classes = ds.classes
    train_idx, val_idx = ds.split_by_group(a.holdout, a.seed)
    print(f"data: {len(ds)} frames ({len(train_idx)} train, {len(val_idx)} held out) from {a.data}; torch {torch.__version__}", file=sys.stderr)
    net = ViewNet(len(classes), a.width).to(a.device)
    steps = len(train_idx) // a.batch
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=max(1, steps * a.epochs))
    g = torch.Generator().manual_seed(a.seed)
    weights = torch.ones(len(classes))
    if "none" in classes:
        weights[classes.index("none")] = a.none_weight
    weights = weights.to(a.device)
    t0 = time.time()
    for epoch in range(1, a.epochs + 1):
        net.train()
        order = train_idx[torch.randperm(len(train_idx), generator=g).numpy()]
        for s in range(steps):
            idx = np.sort(order[s * a.batch:(s + 1) * a.batch])
            x = torch.from_numpy(ds.frames[idx]).float().div_(255).unsqueeze(1)
            y = torch.from_numpy(ds.labels[idx])
            x = augment(x, y, classes, g)
            loss = F.cross_entropy(net(x.to(a.device)), y.to(a.device), weight=weights, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if s % 20 == 0 or s == steps - 1:
                progress(epoch, a.epochs, s + 1, steps, loss.item(), t0)
        logits = predict(net, ds.frames[val_idx], a.device)
        acc = float((logits.argmax(1) == torch.from_numpy(ds.labels[val_idx])).float().mean())
        print(f"epoch {epoch}: held-out frame accuracy {acc:.4f} ({time.time() - t0:.0f} s so far)", file=sys.stderr)
    train_seconds = time.time() - t0

    logits = predict(net, ds.frames[val_idx], a.device)
    net = net.cpu()
    yv = torch.from_numpy(ds.labels[val_idx])
    temperature = fit_temperature(logits, yv)
    net.temperature.fill_(temperature)
    val_acc = float((logits.argmax(1) == yv).float().mean())

    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, f"{a.name}.onnx")
    exported = Exported(net).eval()
    dummy = torch.zeros(2, 1, ds.height, ds.width)
    # torch >= 2.9 defaults to the dynamo exporter (external weights, newer opsets); the TorchScript exporter
    # gives one self-contained opset-13 file on torch 1.13 and 2.x alike.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(exported, dummy, onnx_path, input_names=["frames"], output_names=["probs"],
                      dynamic_axes={"frames": {0: "batch"}, "probs": {0: "batch"}}, opset_version=13, **legacy)

    # Parity: PyTorch's outputs on a few held-out frames, for the onnxruntime-node test.
    pidx = val_idx[:8]
    with torch.no_grad():
        probs = exported(torch.from_numpy(ds.frames[pidx]).float().div(255).unsqueeze(1))
    with open(os.path.join(a.out, f"{a.name}.parity.json"), "w") as f:
        json.dump({"shape": [len(pidx), 1, ds.height, ds.width], "framesBase64": base64.b64encode(ds.frames[pidx].tobytes()).decode(),
                   "probs": probs.tolist(), "torch": torch.__version__}, f)

    src = ds.manifest.get("source", {})
    card = {
        "format": CARD_FORMAT, "version": 1, "name": a.name,
        "file": os.path.basename(onnx_path),
        "classes": classes,
        "noneClass": "none",
        "input": {"name": "frames", "shape": [-1, 1, ds.height, ds.width], "layout": "NCHW", "dtype": "float32",
                  "range": [0, 1], "normalisation": "grey uint8 / 255 by the caller; per-image standardisation inside the model"},
        "output": {"name": "probs", "shape": [-1, len(classes)], "kind": "calibrated probabilities (softmax of logits / temperature)"},
        "preprocessing": ds.manifest.get("preprocessing"),
        "rejection": {"class": "none", "note": "transitional, blank, off-body and non-cardiac frames are trained as the extra class 'none'; "
                      "the temporal smoother also treats a top probability below its threshold as unknown"},
        "architecture": {"family": "VGG-style (Madani et al. 2018)", "blocks": [a.width, 2 * a.width, 4 * a.width], "head": 8 * a.width,
                         "parameters": sum(p.numel() for p in net.parameters())},
        "calibration": {"temperature": round(temperature, 4), "fittedOn": "held-out subjects"},
        "training": {"data": {"path": a.data, "frames": len(ds), "source": src, "perClass": ds.manifest.get("perClass")},
                     "seed": a.seed, "epochs": a.epochs, "batch": a.batch, "lr": a.lr, "noneWeight": a.none_weight,
                     "seconds": round(train_seconds, 1),
                     "torch": torch.__version__, "threads": torch.get_num_threads(), "device": a.device},
        "metrics": {"heldOutFrameAccuracy": round(val_acc, 4), "heldOutFrames": len(val_idx)},
        "limits": "Trained on the echolive phantom only; not validated on patients. Not a medical device. Real scanners differ "
                  "from the phantom in texture, artefacts and anatomy; see docs/model.md before relying on it.",
    }
    card_path = os.path.join(a.out, f"{a.name}.json")
    if os.path.exists(card_path):
        with open(card_path) as f:
            old = json.load(f)
        for key in ("evaluation",):  # keep evaluation reports written by `echolive evaluate`
            if key in old and old.get("training", {}).get("seconds") == card["training"]["seconds"]:
                card[key] = old[key]
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2)
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes) and {card_path}; held-out accuracy {val_acc:.4f}, "
          f"temperature {temperature:.3f}, {train_seconds:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
