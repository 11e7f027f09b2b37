//! Criterion benches of the fused composites of issue 7 on `float32`: `softmax` and
//! `log_softmax` over the last dim of 4096 x 1024, `cross_entropy` of 4096 x 1000 logits
//! against int64 labels (mean), `mse_loss` of 4096 x 1000 (mean), and the contiguous copy
//! of a transposed 4096 x 4096 tensor. `benches/compare_pytorch.py` runs the same cases
//! against PyTorch.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rusttorch::loss::{Reduction, cross_entropy, mse_loss};
use rusttorch::{DType, DynTensor};

fn randn(shape: &[usize]) -> DynTensor {
    DynTensor::randn(shape, DType::Float32).expect("bench inputs fit in memory")
}

fn fused(c: &mut Criterion) {
    let mut g = c.benchmark_group("fused");
    let x = randn(&[4096, 1024]);
    g.bench_function("softmax_4096x1024", |b| {
        b.iter(|| black_box(&x).softmax(-1).unwrap())
    });
    g.bench_function("log_softmax_4096x1024", |b| {
        b.iter(|| black_box(&x).log_softmax(-1).unwrap())
    });
    let logits = randn(&[4096, 1000]);
    let labels: Vec<i64> = (0..4096).map(|i| (i * 7919 % 1000) as i64).collect();
    let labels = DynTensor::from_vec(labels, &[4096]).unwrap();
    g.bench_function("cross_entropy_4096x1000", |b| {
        b.iter(|| cross_entropy(black_box(&logits), &labels, Reduction::Mean).unwrap())
    });
    let target = randn(&[4096, 1000]);
    g.bench_function("mse_loss_4096x1000", |b| {
        b.iter(|| mse_loss(black_box(&logits), &target, Reduction::Mean).unwrap())
    });
    let big = randn(&[4096, 4096]);
    g.bench_function("transpose_contiguous_4096", |b| {
        b.iter(|| black_box(&big).t().unwrap().contiguous().unwrap())
    });
    g.finish();
}

criterion_group!(benches, fused);
criterion_main!(benches);
