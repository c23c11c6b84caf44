"""Train the learned second opinion (provguard/screen/learned.py) and write rules/model/screen_lr.json.gz.

Run:  python3 scripts/train_screen_model.py [--out PATH] [--exclude FILE ...] [--check]

Training data: every labelled development set (bench/dev/*.jsonl, tests/data/screen_eval.jsonl)
and every blind set that has already been measured (bench/blind/blind_v*.jsonl; a new blind set
stays outside the repository until its one measurement), and the contrastive set of generic
scenes. Logistic regression, L2-regularised, full-batch Adam over sparse rows in numpy: no
random state, so the same files give the same weights. ``--check`` retrains and
fails if the shipped file differs (the committed model must be the one these sets give).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from provguard.screen.learned import MODEL_FORMAT, model_path, prompt_features

REPO = Path(__file__).resolve().parent.parent
L2 = 1e-4
ITERS = 400
STEP = 0.005
KEEP = 1e-3  # weights smaller than this are dropped from the file (they change no decision)
BENIGN_WEIGHT = 1.0  # benign rows count this much more than unsafe ones in the loss
# the contrastive set (generic people in the scenes deepfakes use, beside named ones): its few rows
# carry the one distinction the other sets rarely show, so they count more
FILE_WEIGHT = {"dev_generic.jsonl": 3.0}
MIN_ROWS = 3  # a feature seen in one row only learns that row (and costs a lookup for nothing)


def training_files(exclude: list[str]) -> list[Path]:
    files = sorted((REPO / "bench" / "dev").glob("*.jsonl")) + [REPO / "tests" / "data" / "screen_eval.jsonl"]
    files += sorted((REPO / "bench" / "blind").glob("blind_v*.jsonl"))
    return [f for f in files if f.name not in exclude]


def load_rows(files: list[Path]) -> tuple[list[set[str]], np.ndarray, np.ndarray]:
    feats: list[set[str]] = []
    labels: list[bool] = []
    weights: list[float] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                feats.append(prompt_features(o["prompt"], o.get("context") or []))
                labels.append(o["label"] == "unsafe")
                weights.append(FILE_WEIGHT.get(f.name, 1.0))
    return feats, np.array(labels, dtype=float), np.array(weights)


def train(feats: list[set[str]], y: np.ndarray, rw: np.ndarray) -> tuple[list[str], np.ndarray, float]:
    seen: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            seen[f] = seen.get(f, 0) + 1
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for k, fs in enumerate(feats):
        for f in sorted(fs):
            if seen[f] >= MIN_ROWS:
                rows.append(k)
                cols.append(vocab.setdefault(f, len(vocab)))
    ri, fi = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    n, d = len(feats), len(vocab)
    sw = np.where(y > 0, 1.0, BENIGN_WEIGHT) * rw
    sw /= sw.sum()
    w = np.zeros(d)
    m = np.zeros(d)
    v = np.zeros(d)
    b = mb = vb = 0.0
    for t in range(1, ITERS + 1):
        z = np.bincount(ri, weights=w[fi], minlength=n) + b
        err = (1.0 / (1.0 + np.exp(-z)) - y) * sw
        g = np.bincount(fi, weights=err[ri], minlength=d) + L2 * w
        gb = float(err.sum())
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= STEP * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        b -= STEP * (mb / (1 - 0.9**t)) / (np.sqrt(vb / (1 - 0.999**t)) + 1e-8)
    return list(vocab), w, b


def build(files: list[Path]) -> bytes:
    feats, y, rw = load_rows(files)
    names, w, b = train(feats, y, rw)
    tables: dict[str, dict[str, dict[str, float]]] = {"now": {}, "earlier": {}}
    for f, x in sorted(zip(names, w, strict=True)):
        if abs(x) >= KEEP:
            turn, name = ("earlier", f[1:]) if f[0] == "x" else ("now", f)
            tables[turn].setdefault(name[0], {})[name[1:]] = round(float(x), 4)
    doc = {
        "format": MODEL_FORMAT,
        "trained_on": [
            {"file": str(f.relative_to(REPO)), "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
            for f in files
        ],
        "rows": len(feats),
        "unsafe": int(y.sum()),
        "l2": L2,
        "iterations": ITERS,
        "bias": round(b, 4),
        "tables": tables,
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(text, mtime=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=model_path())
    ap.add_argument("--exclude", nargs="*", default=[], help="file names to leave out (for a held-out test)")
    ap.add_argument("--check", action="store_true", help="fail if the shipped model differs from a retrain")
    a = ap.parse_args(argv)
    blob = build(training_files(a.exclude))
    if a.check:
        same = a.out.is_file() and gzip.decompress(a.out.read_bytes()) == gzip.decompress(blob)
        print("model up to date" if same else f"{a.out} differs from a retrain on the current sets")
        return 0 if same else 1
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_bytes(blob)
    print(f"wrote {a.out} ({len(blob)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
