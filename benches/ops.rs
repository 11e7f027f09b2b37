//! Criterion benches of the core ops on `float32`: elementwise at 1e6 elements (and `add` at
//! 1e7), a broadcast add of a row vector to every row, and square matmuls.
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
    for n in [1_000_000usize, 10_000_000] {
        let (a, b) = (randn(&[n]), randn(&[n]));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("add", n), &n, |bench, _| {
            bench.iter(|| black_box(&a).add(black_box(&b)).unwrap())
        });
        if n == 1_000_000 {
            g.bench_with_input(BenchmarkId::new("mul", n), &n, |bench, _| {
                bench.iter(|| black_box(&a).mul(black_box(&b)).unwrap())
            });
        }
    }
    // 1000 rows of 1000 plus one row vector broadcast down the rows.
    let (rows, row) = (randn(&[1000, 1000]), randn(&[1000]));
    g.throughput(Throughput::Elements(1_000_000));
    g.bench_function(BenchmarkId::new("add_broadcast_row", 1_000_000), |bench| {
        bench.iter(|| black_box(&rows).add(black_box(&row)).unwrap())
    });
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
    for n in [256usize, 1024] {
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

criterion_group!(benches, binary, unary, matmul);
criterion_main!(benches);
