#!/usr/bin/env bash
# Every check of the project, in the order CI runs them (`.ci/run` calls this script):
# format, clippy with warnings denied, docs with warnings denied, all tests and doctests,
# the unit tests again on the portable (non-SIMD) kernels, and both training examples,
# which exit non-zero below their accuracy bars; then the Python package, built into the
# virtual environment `target/venv` (created here, with numpy, pytest, hypothesis, mypy and
# maturin from PyPI), and its pytest suite. Each step prints its wall time.
#
# Everything builds in the dev profile (our crate at opt-level 0, dependencies at 2; see
# Cargo.toml): a release build would add minutes and test nothing more. The benches are
# type-checked by clippy (`--all-targets`); `cargo bench` builds and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh build gains nothing from incremental compilation, which would store another
# ~5 GB under target/ (the CI machine's disk is not ours alone).
export CARGO_INCREMENTAL=0

step() {
    local name=$1
    shift
    echo "==> $name: $*"
    local start=$SECONDS
    "$@"
    echo "==> $name: ok in $((SECONDS - start)) s"
}

total=$SECONDS
step fmt cargo fmt --all --check
step clippy cargo clippy --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" step doc cargo doc --workspace --no-deps
step test cargo test --workspace
RUSTTORCH_NO_SIMD=1 step test-no-simd cargo test --workspace --lib
step train_digits cargo run --example train_digits -- --plot target/train_digits.png
step logistic_regression cargo run --example logistic_regression
venv=target/venv
if [ ! -x "$venv/bin/python" ]; then
    step venv python3 -m venv "$venv"
fi
step pip "$venv/bin/python" -m pip install --quiet "numpy>=1.23" "pytest>=8" "hypothesis>=6" "mypy>=1.10" "maturin>=1.16,<2"
# RUSTFLAGS replaces every `build.rustflags`, the wheel's `-prefer-256-bit` from
# python/pyproject.toml among them, with exactly the flags of .cargo/config.toml: the
# package then links against the dependencies `cargo test` compiled above instead of
# building them all again (547 of 2340 s of a clean run on the 2-core Xeon). The
# vector-width tuning only matters for the optimized wheel `pip install` builds.
RUSTFLAGS="-C target-cpu=native" VIRTUAL_ENV="$PWD/$venv" \
    step maturin "$venv/bin/maturin" develop --manifest-path python/Cargo.toml
step pytest "$venv/bin/python" -m pytest python/tests -q
step train_digits.py "$venv/bin/python" python/examples/train_digits.py
echo "==> all checks passed in $((SECONDS - total)) s"
