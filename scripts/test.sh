#!/usr/bin/env bash
# Every check of the project, in the order CI runs them (`.ci/run` calls this script):
# format, clippy with warnings denied, docs with warnings denied, all tests and doctests,
# the unit tests again on the portable (non-SIMD) kernels, and both training examples,
# which exit non-zero below their accuracy bars. Each step prints its wall time.
#
# Everything builds in the dev profile (our crate at opt-level 0, dependencies at 2; see
# Cargo.toml): a release build would add minutes and test nothing more. The benches are
# type-checked by clippy (`--all-targets`); `cargo bench` builds and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

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
echo "==> all checks passed in $((SECONDS - total)) s"
