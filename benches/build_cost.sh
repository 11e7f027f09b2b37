#!/usr/bin/env bash
# Measures what static shapes cost at build time: a program using 50 different static
# shapes against the same program with runtime (usize) dims. Generates two examples into
# target/build_cost/, builds each once in release after a warm-up build of the library, and
# prints the wall time of each build.
#
# Usage: bash benches/build_cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=examples/_build_cost_static.rs
rt=examples/_build_cost_runtime.rs
trap 'rm -f "$out" "$rt"' EXIT

{
  echo "use rusttorch::Tensor;"
  echo "use rusttorch::shape::{Const, Rank1, Rank2};"
  echo "fn main() {"
  echo "    let mut total = 0.0f32;"
  for i in $(seq 1 50); do
    j=$((i + 1))
    echo "    { let a = Tensor::<f32, Rank2<$i, $j>>::ones(); let r = Tensor::<f32, Rank1<$j>>::ones();"
    echo "      let b: Tensor<f32, Rank2<$i, $j>> = &a.add(&r) + &Tensor::<f32, (Const<$i>, Const<$j>)>::ones();"
    echo "      total += b.to_vec()[0]; }"
  done
  echo "    println!(\"{total}\");"
  echo "}"
} > "$out"

{
  echo "use rusttorch::Tensor;"
  echo "fn main() {"
  echo "    let mut total = 0.0f32;"
  for i in $(seq 1 50); do
    j=$((i + 1))
    echo "    { let a = Tensor::<f32, (usize, usize)>::ones_with(($i, $j)).unwrap(); let r = Tensor::<f32, (usize,)>::ones_with(($j,)).unwrap();"
    echo "      let b: Tensor<f32, (usize, usize)> = &a.add(&r) + &Tensor::<f32, (usize, usize)>::ones_with(($i, $j)).unwrap();"
    echo "      total += b.to_vec()[0]; }"
  done
  echo "    println!(\"{total}\");"
  echo "}"
} > "$rt"

cargo build --release --lib -q
for ex in _build_cost_static _build_cost_runtime; do
  touch "examples/$ex.rs"
  start=$(date +%s.%N)
  cargo build --release -q --example "$ex"
  end=$(date +%s.%N)
  python3 -c "print(f\"{'$ex':22} {$end - $start:6.2f} s\")"
done
