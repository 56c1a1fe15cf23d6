"""Train the view classifier on an echolive dataset and export models/<name>.onnx with its model card.

    python3 training/train.py --data data/train --name echolive-view --epochs 6 --seed 1

Reproducible from the seed (same data, same seed, same torch build: same weights), also across a resume.
Shows progress, holds out whole subjects for validation, temperature calibration and the out-of-distribution
threshold, and saves a checkpoint after every epoch (<out>/<name>.ckpt.pt): a run that ends early (a session
closing, --stop-after) continues with --resume. The image-quality head trains with the view classifier where the
dataset carries quality targets (`dataset --degrade`). At the end it writes the ONNX model (dynamic batch; outputs
probs, logits, embedding and, with quality targets, quality), the card (models/<name>.json, version 2) and a parity file
(models/<name>.parity.json: inputs and PyTorch's outputs, which the test suite checks in onnxruntime-node).
"""
import argparse
import base64
import inspect
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import StyleBank, augment  # noqa: E402
from data import Dataset  # noqa: E402
from model import OUTPUTS, Exported, ViewNet, embedding_size  # noqa: E402

CARD_FORMAT = "echolive-model-card"
# The default quality loss weight: not tuned (tuning runs were cut short on the shared machine); the shipped model was
# trained with 1 (docs/model.md, "The quality output").
QUALITY_WEIGHT = 2.0
# Arguments a resumed run must share with the checkpoint (the rest, such as threads or device, may change).
SAME_ON_RESUME = ("data", "init", "domain", "epochs", "batch", "lr", "width", "seed", "holdout", "input", "stem_convs", "none_weight", "class_weight", "crop_jitter", "style_pool",
                  "extra", "extra_share", "quality_weight")
# Options added after the first checkpoints were written, with the value those checkpoints were made with.
LATER_ARGS = {"stem_convs": 2, "class_weight": []}


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="dataset directory (echolive dataset format)")
    p.add_argument("--name", default="echolive-view", help="model name: writes <out>/<name>.onnx and .json")
    p.add_argument("--out", default="models", help="output directory (default: models)")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--width", type=int, default=8, help="channels of the first block (8: about 0.1 MB)")
    p.add_argument("--stem-convs", type=int, default=2, choices=(1, 2),
                   help="convolutions in the first block (1: about a third faster in onnxruntime on a CPU)")
    p.add_argument("--input", default=None, help="model input WIDTHxHEIGHT (default: the dataset's sector size)")
    p.add_argument("--crop-jitter", type=float, default=0.1,
                   help="random crops: scale and shift the sector by up to this fraction, using the dataset's margin")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: all cores)")
    p.add_argument("--holdout", type=float, default=0.05, help="fraction of groups held out for validation")
    p.add_argument("--device", default="auto", help="auto (CUDA when available, else CPU), cpu or cuda; augmentation stays on the CPU")
    p.add_argument("--none-weight", type=float, default=1.0,
                   help="loss weight of the 'none' class (above 1: calling a transitional frame a view costs more)")
    p.add_argument("--class-weight", action="append", default=[], metavar="CLASS=W",
                   help="loss weight of another class, e.g. a5c=1.5 for a view the network loses to 'none' (repeatable)")
    p.add_argument("--quality-weight", type=float, default=QUALITY_WEIGHT,
                   help="loss weight of the quality head (mean squared error of the three 0-1 parts) against the view's cross-entropy")
    p.add_argument("--ood-percentile", type=float, default=95.0,
                   help="out-of-distribution threshold: this percentile of the held-out frames' energy")
    p.add_argument("--style-pool", default=None,
                   help="Fourier style mixing from the adapt half of this pool folder (e.g. ../shared/real/pool; labels unread)")
    p.add_argument("--extra", action="append", default=[],
                   help="another dataset of the same layout to train on too (repeatable), e.g. labelled scans from `dataset import`")
    p.add_argument("--extra-share", type=float, default=0.03,
                   help="fraction of each epoch drawn from the --extra sets (they are small: repeated to reach it)")
    p.add_argument("--ood-fit", default=None,
                   help="a dataset of unlabelled real echo frames (labels are not read) whose energies join the held-out "
                        "phantom frames' when the unfamiliar threshold is set, so that real echo screens count as familiar")
    p.add_argument("--adabn", default=None,
                   help="AdaBN: after training, re-estimate batch-norm statistics on a mix of phantom frames and this "
                        "dataset of unlabelled real frames (labels are not read)")
    p.add_argument("--adabn-mix", type=float, default=0.5, help="share of real frames in the AdaBN batches (0-1)")
    p.add_argument("--credit", action="append", default=[], help="a data credit to record in the model card (repeatable)")
    p.add_argument("--no-domain-randomisation", dest="domain", action="store_false",
                   help="augment with geometry, flips and gain only (no grey maps, blur, noise, compression, boxes or marks)")
    p.add_argument("--init", default=None,
                   help="start from the weights of this checkpoint (<name>.ckpt.pt) with a fresh optimiser and schedule (fine-tuning)")
    p.add_argument("--resume", action="store_true", help="continue from <out>/<name>.ckpt.pt")
    p.add_argument("--stop-after", type=int, default=0, help="end this run after this many epochs, keeping the checkpoint (0: run to the end)")
    return p.parse_args()


def parse_class_weights(specs):
    """`CLASS=W` pairs of --class-weight as (class, weight); a malformed one ends the run with one line."""
    pairs = []
    for spec in specs:
        name, _, w = spec.partition("=")
        try:
            pairs.append((name, float(w)))
        except ValueError:
            sys.exit(f"train: --class-weight {spec!r}: expected CLASS=WEIGHT, e.g. a5c=1.5")
    return pairs


def class_weights(classes, a):
    """The cross-entropy's weight per class: 1, `--none-weight` for 'none', `--class-weight` for the others."""
    weights = torch.ones(len(classes))
    for name, w in ([("none", a.none_weight)] if "none" in classes else []) + parse_class_weights(a.class_weight):
        if name not in classes:
            sys.exit(f"train: --class-weight {name}: not a class of this dataset ({', '.join(classes)})")
        weights[classes.index(name)] = w
    return weights


def progress(epoch, epochs, step, steps, loss, t0):
    """A bar on a terminal; a line every 200 steps otherwise (logs)."""
    if sys.stderr.isatty():
        bar = "#" * int(30 * step / steps)
        sys.stderr.write(f"\repoch {epoch}/{epochs} [{bar:<30}] {step}/{steps} loss {loss:.3f} {time.time() - t0:.0f}s")
        if step == steps:
            sys.stderr.write("\n")
    elif step % 200 == 1 or step == steps:
        sys.stderr.write(f"epoch {epoch}/{epochs} step {step}/{steps} loss {loss:.3f} {time.time() - t0:.0f}s\n")


def logits_of(net, x, device, batch=512):
    """Raw logits for float frames x (N x 1 x H x W), in eval mode."""
    net.eval()
    with torch.no_grad():
        return torch.cat([net(x[i:i + batch].to(device)).cpu() for i in range(0, len(x), batch)])


def fit_temperature(logits, labels):
    """One scalar T minimising the held-out negative log-likelihood (Guo et al. 2017), searched on a grid of
    log T (0.05-20, steps of 1%): a gradient fit diverged to NaN on a barely trained network."""
    with torch.no_grad():
        ts = torch.exp(torch.arange(-3.0, 3.0, 0.01))
        nll = torch.stack([F.cross_entropy(logits / t, labels) for t in ts])
        return float(ts[int(torch.argmin(nll))])


def energy(logits):
    """-logsumexp of the logits: low for images like the training data (Liu et al. 2020)."""
    return -torch.logsumexp(logits, dim=1)


def spearman(a, b):
    """Spearman's rank correlation of two 1-D arrays (average ranks for ties)."""
    def rank(x):
        order = np.argsort(x, kind="mergesort")
        r = np.empty(len(x))
        r[order] = np.arange(len(x))
        _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
        sums = np.bincount(inv, weights=r)
        return sums[inv] / counts[inv]
    ra, rb = rank(np.asarray(a)), rank(np.asarray(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def quality_of(net, x, device, batch=512):
    """Quality 0-100 (N x 3) for float frames x, in eval mode."""
    net.eval()
    with torch.no_grad():
        return torch.cat([net.both(x[i:i + batch].to(device))[1].cpu() for i in range(0, len(x), batch)]) * 100


def quality_figures(net, val_x, val_q, device):
    """Held-out quality: Spearman of each predicted part with its target, and the score's mean absolute error."""
    known = ~np.isnan(val_q[:, 0])
    pred = quality_of(net, val_x[torch.from_numpy(known)], device).numpy()
    t = val_q[known]
    return {"frames": int(known.sum()), "spearmanScore": round(spearman(pred[:, 0], t[:, 0]), 3),
            "spearmanOffAxis": round(spearman(pred[:, 1], t[:, 1]), 3), "spearmanPosition": round(spearman(pred[:, 2], t[:, 2]), 3),
            "scoreMae": round(float(np.abs(pred[:, 0] - t[:, 0]).mean()), 2)}


def torch_load(path):
    kw = {"weights_only": False} if "weights_only" in inspect.signature(torch.load).parameters else {}
    return torch.load(path, map_location="cpu", **kw)


def save_checkpoint(path, state):
    """Write atomically, so a run killed while saving keeps the previous checkpoint."""
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def adapt_batchnorm(net, phantom, phantom_idx, real, size, mix, g, device, batches=40, batch=128):
    """AdaBN (Li et al. 2016): batch-norm running statistics re-estimated, weights unchanged, on batches that are
    `mix` real frames and the rest phantom training frames, so that both domains are normalised alike."""
    bns = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over all the batches below
    net.train()
    k = round(batch * mix)
    with torch.no_grad():
        for _ in range(batches):
            ri = np.sort(torch.randint(len(real), (k,), generator=g).numpy())
            pi = np.sort(phantom_idx[torch.randint(len(phantom_idx), (batch - k,), generator=g).numpy()])
            net(torch.cat([phantom.crops(pi, size), real.crops(ri, size)]).to(device))
    net.eval()


def export(a, net, ds, size, val_x, val_y, val_idx, temperature, ood, train_seconds, start, quality):
    """Write <name>.onnx, its card (version 2) and the parity file; `quality`: held-out quality figures, or None
    when the data had no quality targets (then the model has no quality output)."""
    w, h = size
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, f"{a.name}.onnx")
    outputs = OUTPUTS if quality else OUTPUTS[:-1]
    exported = Exported(net, size, with_quality=bool(quality)).eval()
    # torch >= 2.9 defaults to the dynamo exporter (external weights, newer opsets); the TorchScript exporter
    # gives one self-contained opset-13 file on torch 1.13 and 2.x alike.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(exported, torch.zeros(2, 1, h, w), onnx_path, input_names=["frames"], output_names=list(outputs),
                      dynamic_axes={"frames": {0: "batch"}, **{o: {0: "batch"} for o in outputs}}, opset_version=13,
                      # Batch norm stays as nodes (not folded into the convolutions): the server fine-tunes the network
                      # on taught frames and re-estimates its statistics (server/teach/tune); onnxruntime folds them at load.
                      training=torch.onnx.TrainingMode.PRESERVE, **legacy)

    # Parity: PyTorch's outputs on a few held-out frames, for the onnxruntime-node test.
    px = val_x[:8]
    with torch.no_grad():
        outs = exported(px)
    frames = (px * 255).round().clamp(0, 255).to(torch.uint8).numpy()
    with open(os.path.join(a.out, f"{a.name}.parity.json"), "w") as f:
        json.dump({"shape": list(px.shape), "framesBase64": base64.b64encode(frames.tobytes()).decode(),
                   "outputs": {name: o.tolist() for name, o in zip(outputs, outs)}, "torch": torch.__version__}, f)

    k = len(ds.classes)
    val_acc = float((logits_of(net, val_x, "cpu").argmax(1) == val_y).float().mean())
    src = ds.manifest.get("source", {})
    card = {
        "format": CARD_FORMAT, "version": 2, "name": a.name,
        "file": os.path.basename(onnx_path),
        "classes": ds.classes,
        "noneClass": "none",
        "input": {"name": "frames", "shape": [-1, 1, h, w], "layout": "NCHW", "dtype": "float32",
                  "range": [0, 1], "normalisation": "grey uint8 / 255 by the caller; per-image standardisation inside the model"},
        "outputs": {
            "probs": {"shape": [-1, k], "kind": "calibrated probabilities (softmax of logits / temperature)"},
            "logits": {"shape": [-1, k], "kind": "raw logits (before the temperature), for the out-of-distribution score"},
            "embedding": {"shape": [-1, embedding_size(a.width)], "kind": "L2-normalised multi-scale descriptor: the third block averaged over a 3x4 grid, with the global averages of the second and third blocks and the last convolution"},
            **({"quality": {
                "shape": [-1, 3],
                "kind": "image quality 0-100 for the current 2D view: [score, off-axis part (beam angle), position part (foreshortened or off the window)]; "
                        "a second head trained with the view classifier (sigmoid x 100)",
                "target": "server/pose.ts: poseScore of the frame's pose against the view it was taken at or moved off (100 on the ideal plane, "
                          "80 at 5 mm or 10 degrees, 50 at twice that), the score also capped by depthScore for frames imaged too deep",
                "checkedOnReal": False,
                "trained": {"lossWeight": a.quality_weight, "heldOutSubjects": quality},
            }} if quality else {}),
        },
        "ood": ood,
        "preprocessing": {
            "grey": "full-range BT.601 luma (ffmpeg gray)",
            "crop": "image region found by capture/sector.ts (solid bright regions; text, ECG and bars excluded), or crop=x,y,w,h",
            "resize": f"area average to {w}x{h}, aspect not kept",
            "scale": "uint8 0-255 divided by 255; per-image standardisation happens inside the model",
        },
        "rejection": {"class": "none", "note": "transitional, blank, off-body and non-cardiac frames are trained as the extra class 'none'; "
                      "the temporal smoother also treats a top probability below its threshold as unknown; "
                      "images unlike the training data are flagged unfamiliar by the ood rule"},
        "architecture": {"family": "VGG-style (Madani et al. 2018)", "blocks": [a.width, 2 * a.width, 4 * a.width],
                         "convsPerBlock": [a.stem_convs, 2, 2], "head": 8 * a.width,
                         "parameters": sum(p.numel() for p in net.parameters())},
        "calibration": {"temperature": round(temperature, 4), "fittedOn": "held-out subjects"},
        "training": {"data": {"path": a.data, "frames": len(ds), "source": src, "extra": a.extra, "extraShare": a.extra_share if a.extra else None, "perClass": ds.manifest.get("perClass"),
                              "datasetVersion": ds.manifest.get("version")},
                     "seed": a.seed, "init": a.init, "qualityWeight": a.quality_weight if quality else None, "domainRandomisation": a.domain, "epochs": a.epochs, "batch": a.batch, "lr": a.lr, "noneWeight": a.none_weight, "classWeights": dict(parse_class_weights(a.class_weight)) or None,
                     "input": f"{w}x{h}", "cropJitter": a.crop_jitter, "stylePool": a.style_pool,
                     "adabn": {"data": a.adabn, "mix": a.adabn_mix} if a.adabn else None, "oodFit": a.ood_fit, "resumedAtEpoch": start if start > 1 else None,
                     "seconds": round(train_seconds, 1),
                     "torch": torch.__version__, "threads": torch.get_num_threads(), "device": a.device},
        "credits": a.credit,
        "metrics": {"heldOutFrameAccuracy": round(val_acc, 4), "heldOutFrames": len(val_idx)},
        "limits": "Trained on the echolive phantom only; not validated on patients. Not a medical device. Real scanners differ "
                  "from the phantom in texture, artefacts and anatomy; see docs/model.md before relying on it.",
    }
    card_path = os.path.join(a.out, f"{a.name}.json")
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2)
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes) and {card_path}; held-out accuracy {val_acc:.4f}, "
          f"temperature {temperature:.3f}, energy threshold {ood['threshold']:.3f}, {train_seconds:.0f} s", file=sys.stderr)


def main():
    a = parse()
    a.device = ("cuda" if torch.cuda.is_available() else "cpu") if a.device == "auto" else a.device
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    # torch's own default can be one thread on a small VM (one physical core behind two vCPUs), half the machine.
    torch.set_num_threads(a.threads or os.cpu_count() or 1)
    ds = Dataset(a.data)
    size = tuple(int(v) for v in a.input.split("x")) if a.input else (ds.sector[2], ds.sector[3])
    a.input = f"{size[0]}x{size[1]}"
    classes = ds.classes
    weights = class_weights(classes, a).to(a.device)  # before the slow crops, so a bad --class-weight ends the run at once
    train_idx, val_idx = ds.split_by_group(a.holdout, a.seed)
    if a.extra:
        # Held-out figures, calibration and the ood threshold stay on the main set; the extra frames only train,
        # repeated so that they make up about --extra-share of an epoch.
        extra = np.concatenate([ds.extend(Dataset(path), f"extra{i}") for i, path in enumerate(a.extra)])
        repeats = max(1, round(a.extra_share * len(train_idx) / max(1, len(extra))))
        train_idx = np.concatenate([train_idx, np.tile(extra, repeats)])
        print(f"extra: {len(extra)} frames from {', '.join(a.extra)}, each seen {repeats} times an epoch", file=sys.stderr)
    val_x, val_y = ds.crops(val_idx, size), torch.from_numpy(ds.labels[val_idx])
    val_q = ds.quality[val_idx]
    with_quality = not np.isnan(ds.quality[train_idx, 0]).all()
    print(f"data: {len(ds)} frames ({len(train_idx)} train, {len(val_idx)} held out) from {a.data}; input {a.input}; "
          f"torch {torch.__version__} on {a.device}", file=sys.stderr)
    net = ViewNet(len(classes), a.width, a.stem_convs).to(a.device)
    steps = len(train_idx) // a.batch
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=max(1, steps * a.epochs))
    g = torch.Generator().manual_seed(a.seed)
    ckpt_path = os.path.join(a.out, f"{a.name}.ckpt.pt")
    start, seconds_before = 1, 0.0
    if a.init and not a.resume:
        # A checkpoint from before the quality head starts that head afresh.
        net.load_state_dict(torch_load(a.init)["net"], strict=False)
        print(f"fine-tuning from the weights in {a.init}", file=sys.stderr)
    if a.resume:
        if not os.path.exists(ckpt_path):
            raise SystemExit(f"{ckpt_path}: no checkpoint to resume from")
        ck = torch_load(ckpt_path)
        differ = [k for k in SAME_ON_RESUME if ck["args"].get(k, LATER_ARGS.get(k)) != getattr(a, k)]
        if differ:
            raise SystemExit(f"{ckpt_path}: the checkpoint was made with other {', '.join('--' + k.replace('_', '-') for k in differ)}")
        net.load_state_dict(ck["net"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        g.set_state(ck["generator"])
        torch.set_rng_state(ck["torch_rng"])
        if ck.get("cuda_rng") is not None and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(ck["cuda_rng"])
        start, seconds_before = ck["epoch"] + 1, ck["seconds"]
        print(f"resuming after epoch {ck['epoch']} of {a.epochs} from {ckpt_path}", file=sys.stderr)
    style = StyleBank.from_pool(a.style_pool, size[1], size[0]) if a.style_pool else None
    if a.style_pool and style is None:
        raise SystemExit(f"{a.style_pool}: no adapt-half frames found for --style-pool")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time() - seconds_before
    for epoch in range(start, a.epochs + 1):
        net.train()
        order = train_idx[torch.randperm(len(train_idx), generator=g).numpy()]
        for s in range(steps):
            idx = np.sort(order[s * a.batch:(s + 1) * a.batch])
            x = ds.crops(idx, size, a.crop_jitter, g)
            y = torch.from_numpy(ds.labels[idx])
            x = augment(x, y, classes, g, style, a.domain)
            logits, q = net.both(x.to(a.device))
            loss = F.cross_entropy(logits, y.to(a.device), weight=weights, label_smoothing=0.05)
            qt = torch.from_numpy(ds.quality[idx] / 100).to(a.device)
            known = ~torch.isnan(qt[:, 0])
            if a.quality_weight > 0 and known.any():
                loss = loss + a.quality_weight * F.mse_loss(q[known], qt[known])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if s % 20 == 0 or s == steps - 1:
                progress(epoch, a.epochs, s + 1, steps, loss.item(), t0)
        acc = float((logits_of(net, val_x, a.device).argmax(1) == val_y).float().mean())
        save_checkpoint(ckpt_path, {"args": {k: getattr(a, k) for k in SAME_ON_RESUME}, "epoch": epoch, "net": net.state_dict(),
                                    "opt": opt.state_dict(), "sched": sched.state_dict(), "generator": g.get_state(),
                                    "torch_rng": torch.get_rng_state(),
                                    "cuda_rng": torch.cuda.get_rng_state_all() if a.device.startswith("cuda") else None,
                                    "seconds": time.time() - t0})
        qf = f"; quality {quality_figures(net, val_x, val_q, a.device)}" if with_quality else ""
        print(f"epoch {epoch}: held-out frame accuracy {acc:.4f}{qf} ({time.time() - t0:.0f} s so far); checkpoint {ckpt_path}", file=sys.stderr)
        if a.stop_after and epoch - start + 1 >= a.stop_after and epoch < a.epochs:
            print(f"stopping after {a.stop_after} epoch(s) this run; continue with --resume", file=sys.stderr)
            return
    train_seconds = time.time() - t0
    if a.adabn:
        adapt_batchnorm(net, ds, train_idx, Dataset(a.adabn), size, a.adabn_mix, g, a.device)
        print(f"AdaBN: batch-norm statistics from {a.adabn_mix:.0%} real frames ({a.adabn}) and phantom frames", file=sys.stderr)

    net = net.cpu()
    logits = logits_of(net, val_x, "cpu")
    temperature = fit_temperature(logits, val_y)
    net.temperature.fill_(temperature)
    e = energy(logits).numpy()
    fitted_on = f"held-out phantom frames ({len(val_idx)})"
    if a.ood_fit:
        real = Dataset(a.ood_fit)
        e_real = energy(logits_of(net, real.crops(np.arange(len(real)), size), "cpu")).numpy()
        # Weighted equally: the threshold keeps the percentile of phantom frames and of real echo frames familiar.
        e = np.concatenate([np.repeat(e, max(1, len(e_real) // max(1, len(e)))), np.repeat(e_real, max(1, len(e) // max(1, len(e_real))))])
        fitted_on += f" and unlabelled real echo frames ({len(real)}, {a.ood_fit})"
    ood = {"score": "energy", "threshold": round(float(np.percentile(e, a.ood_percentile)), 4), "direction": "above",
           "percentile": a.ood_percentile, "fittedOn": fitted_on}
    quality = quality_figures(net, val_x, val_q, "cpu") if with_quality else None
    export(a, net, ds, size, val_x, val_y, val_idx, temperature, ood, train_seconds, start, quality)


if __name__ == "__main__":
    main()
