//! Criterion benches of the activations and reductions on `float32`: `relu`, `sigmoid`,
//! `gelu` and `sum` at 1e6 elements, `softmax` over the last dim of a 4096 x 1024 tensor.
//!
//! Not registered in Cargo.toml yet: these ops land on other branches. To register, add
//! `[[bench]] name = "activations" harness = false`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rusttorch::{DType, DynTensor};

fn randn(shape: &[usize]) -> DynTensor {
    DynTensor::randn(shape, DType::Float32).expect("bench inputs fit in memory")
}

fn activations(c: &mut Criterion) {
    let mut g = c.benchmark_group("activation");
    let n = 1_000_000usize;
    let x = randn(&[n]);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_with_input(BenchmarkId::new("relu", n), &n, |bench, _| {
        bench.iter(|| black_box(&x).relu().unwrap())
    });
    g.bench_with_input(BenchmarkId::new("sigmoid", n), &n, |bench, _| {
        bench.iter(|| black_box(&x).sigmoid().unwrap())
    });
    g.bench_with_input(BenchmarkId::new("gelu", n), &n, |bench, _| {
        bench.iter(|| {
            black_box(&x)
                .gelu(rusttorch::ops::activation::Gelu::None)
                .unwrap()
        })
    });
    g.finish();
}

fn reductions(c: &mut Criterion) {
    let mut g = c.benchmark_group("reduce");
    let n = 1_000_000usize;
    let x = randn(&[n]);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_with_input(BenchmarkId::new("sum", n), &n, |bench, _| {
        bench.iter(|| black_box(&x).sum().unwrap())
    });
    let (rows, cols) = (4096usize, 1024usize);
    let m = randn(&[rows, cols]);
    g.throughput(Throughput::Elements((rows * cols) as u64));
    g.bench_function(BenchmarkId::new("softmax_last_dim", "4096x1024"), |bench| {
        bench.iter(|| black_box(&m).softmax(-1).unwrap())
    });
    g.finish();
}

criterion_group!(benches, activations, reductions);
criterion_main!(benches);
