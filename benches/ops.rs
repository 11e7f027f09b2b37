//! Criterion benches of the core ops on `float32`: `add`, `mul` and a broadcast add of a row
//! vector to every row at 1e3, 1e5 and 1e6 elements (and `add` at 1e7), `sum`/`mean`/`max`
//! over all elements and along the last dim at 1e5 and 1e6, `exp`, and square matmuls.
//!
//! `cargo bench --bench ops -- matmul` runs one group. Matmul reports its throughput in
//! elements per second where one "element" is one floating-point operation (`2 n^3` per
//! product), so criterion's `elem/s` reads as FLOP/s.
//!
//! The activations and reductions (`relu`, `sigmoid`, `gelu`, `softmax`, `sum`) are in
//! `benches/activations.rs`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rusttorch::{DType, DynTensor};

fn randn(shape: &[usize]) -> DynTensor {
    DynTensor::randn(shape, DType::Float32).expect("bench inputs fit in memory")
}

fn binary(c: &mut Criterion) {
    let mut g = c.benchmark_group("binary");
    for n in [1_000usize, 100_000, 1_000_000, 10_000_000] {
        let (a, b) = (randn(&[n]), randn(&[n]));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("add", n), &n, |bench, _| {
            bench.iter(|| black_box(&a).add(black_box(&b)).unwrap())
        });
        if n == 10_000_000 {
            continue;
        }
        g.bench_with_input(BenchmarkId::new("mul", n), &n, |bench, _| {
            bench.iter(|| black_box(&a).mul(black_box(&b)).unwrap())
        });
        // n/1000 rows of 1000 (one row at 1e3) plus one row vector broadcast down the rows.
        let (rows, row) = (randn(&[n / 1000, 1000]), randn(&[1000]));
        g.bench_with_input(BenchmarkId::new("add_broadcast_row", n), &n, |bench, _| {
            bench.iter(|| black_box(&rows).add(black_box(&row)).unwrap())
        });
    }
    g.finish();
}

/// A named reduction of a tensor.
type Reduction = (&'static str, fn(&DynTensor) -> DynTensor);

/// `sum`, `mean`, `max` over all elements and along the last dim of `(n / 1000, 1000)`.
fn reduce(c: &mut Criterion) {
    let mut g = c.benchmark_group("reduce");
    for n in [100_000usize, 1_000_000] {
        let x = randn(&[n / 1000, 1000]);
        g.throughput(Throughput::Elements(n as u64));
        let ops: [Reduction; 6] = [
            ("sum", |x| x.sum().unwrap()),
            ("mean", |x| x.mean().unwrap()),
            ("max", |x| x.max().unwrap()),
            ("sum_dim", |x| x.sum_dim(-1, false).unwrap()),
            ("mean_dim", |x| x.mean_dim(-1, false).unwrap()),
            ("amax_dim", |x| x.amax(-1, false).unwrap()),
        ];
        for (name, f) in ops {
            g.bench_with_input(BenchmarkId::new(name, n), &n, |bench, _| {
                bench.iter(|| f(black_box(&x)))
            });
        }
    }
    g.finish();
}

fn unary(c: &mut Criterion) {
    let mut g = c.benchmark_group("unary");
    let n = 1_000_000usize;
    let x = randn(&[n]);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_with_input(BenchmarkId::new("exp", n), &n, |bench, _| {
        bench.iter(|| black_box(&x).exp().unwrap())
    });
    g.finish();
}

fn matmul(c: &mut Criterion) {
    let mut g = c.benchmark_group("matmul");
    for n in [256usize, 1024, 2048] {
        let (a, b) = (randn(&[n, n]), randn(&[n, n]));
        g.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
        if n >= 1024 {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::new("f32", n), &n, |bench, _| {
            bench.iter(|| black_box(&a).matmul(black_box(&b)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, binary, reduce, unary, matmul);
criterion_main!(benches);
