"""Trains the digits MLP (64 -> 128 -> 10 with ReLU) from Python with autograd and Adam.

    python python/examples/train_digits.py [--epochs 20] [--min-accuracy 0.95]

Reads data/digits.csv (8x8 images, 64 pixel columns in 0..16, then the label), scales the
pixels to [0, 1], splits 80/20 with a fixed seed, trains with mini-batches of 64 and
prints one line per epoch. Exits with status 1 if the test accuracy ends below
``--min-accuracy``.
"""

import argparse
import os
import sys

import numpy as np

import rusttorch as rt
import rusttorch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "digits.csv")


def to_tensor(array, dtype):
    """A rusttorch tensor from a numpy array (``rt.from_numpy`` when available)."""
    if hasattr(rt, "from_numpy"):
        return rt.from_numpy(np.ascontiguousarray(array)).to(dtype)
    return rt.tensor(array.tolist(), dtype=dtype)


def load(path, seed):
    """Features scaled to [0, 1], int64 labels, split 80/20 by a seeded permutation."""
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x = (data[:, :-1] / 16.0).astype(np.float32)
    y = data[:, -1].astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    cut = int(0.8 * len(x))
    train, test = order[:cut], order[cut:]
    return (x[train], y[train]), (x[test], y[test])


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.net(x)


def accuracy(model, x, y):
    model.eval()
    with rt.no_grad():
        logits = np.array(model(to_tensor(x, rt.float32)).tolist())
    model.train()
    return float((logits.argmax(axis=1) == y).mean())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args(argv)

    if hasattr(rt, "manual_seed"):
        rt.manual_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = load(args.data, args.seed)
    model = MLP()
    optimizer = rt.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    rng = np.random.default_rng(args.seed + 1)

    test_acc = 0.0
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(x_train))
        total, batches = 0.0, 0
        for start in range(0, len(order), args.batch_size):
            idx = order[start:start + args.batch_size]
            xb = to_tensor(x_train[idx], rt.float32)
            yb = to_tensor(y_train[idx], rt.int64)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += float(loss.tolist())
            batches += 1
        test_acc = accuracy(model, x_test, y_test)
        print(f"epoch {epoch:3d}  loss {total / batches:.4f}  test accuracy {test_acc:.4f}",
              flush=True)

    if test_acc < args.min_accuracy:
        print(f"test accuracy {test_acc:.4f} is below {args.min_accuracy}", file=sys.stderr)
        return 1, test_acc
    return 0, test_acc


if __name__ == "__main__":
    sys.exit(main()[0])
