"""Trains the digits MLP (64 -> 128 -> 10 with ReLU) from Python with autograd and Adam.

    python python/examples/train_digits.py [--epochs 30] [--min-accuracy 0.95]

Reads data/digits.csv (8x8 images, 64 pixel columns in 0..16, then the label) with
``rt.load_csv``, scales the pixels to [0, 1], splits 80/20 with a fixed seed
(``rt.train_val_test_split_xy``), trains on shuffled mini-batches of 64 from an
``rt.DataLoader`` and prints one line per epoch. Exits with status 1 if the test accuracy ends below
``--min-accuracy``.
"""

import argparse
import os
import sys

import rusttorch as rt
import rusttorch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "digits.csv")


def load(path, seed):
    """Pixels scaled to [0, 1] and int64 labels, split 80/20 by a seeded permutation."""
    x, y, _classes = rt.load_csv(path, label="label")
    (x_train, y_train), _val, (x_test, y_test) = rt.train_val_test_split_xy(
        x / 16.0, y, 0.8, 0.0, shuffle=True, seed=seed
    )
    return (x_train, y_train), (x_test, y_test)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.net(x)


def accuracy(model, x, y):
    model.eval()
    with rt.no_grad():
        predicted = model(x).argmax(dim=1)
    model.train()
    return (predicted == y).float().mean().item()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args(argv)

    rt.manual_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = load(args.data, args.seed)
    loader = rt.DataLoader(x_train, y_train, args.batch_size, shuffle=True, seed=args.seed + 1)
    model = MLP()
    optimizer = rt.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()

    test_acc = 0.0
    for epoch in range(1, args.epochs + 1):
        total, batches = 0.0, 0
        for xb, yb in loader:  # a new seeded shuffle every epoch
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
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
