//! Criterion benches of the activations and reductions on `float32`: `relu`, `sigmoid`,
//! `gelu` and `sum` at 1e6 elements, `softmax` over the last dim of a 4096 x 1024 tensor,
//! and the pointwise ops of issue 7 (`exp`, `sigmoid`, `tanh`, `gelu`, `relu`, `mul` by a
//! scalar) at 1e3 to 1e7 elements (group `unary`; `RAYON_NUM_THREADS=1` for one thread).

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

/// One op of the `unary` group: its name and the call.
type UnaryOp = (&'static str, fn(&DynTensor) -> DynTensor);

fn unary_sizes(c: &mut Criterion) {
    let ops: [UnaryOp; 6] = [
        ("exp", |x| x.exp().unwrap()),
        ("sigmoid", |x| x.sigmoid().unwrap()),
        ("tanh", |x| x.tanh().unwrap()),
        ("gelu", |x| {
            x.gelu(rusttorch::ops::activation::Gelu::None).unwrap()
        }),
        ("relu", |x| x.relu().unwrap()),
        ("mul_scalar", |x| x.mul_scalar(1.5f32).unwrap()),
    ];
    let mut g = c.benchmark_group("unary");
    for n in [1_000usize, 100_000, 1_000_000, 10_000_000] {
        let x = randn(&[n]);
        g.throughput(Throughput::Elements(n as u64));
        if n >= 1_000_000 {
            g.sample_size(20);
        }
        for (name, f) in ops {
            g.bench_with_input(BenchmarkId::new(name, n), &n, |bench, _| {
                bench.iter(|| f(black_box(&x)))
            });
        }
        // In place, on a buffer of its own (sigmoid maps (0, 1) into itself).
        let mut y = x.sigmoid().unwrap();
        g.bench_with_input(BenchmarkId::new("sigmoid_", n), &n, |bench, _| {
            bench.iter(|| black_box(&mut y).sigmoid_().unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, activations, reductions, unary_sizes);
criterion_main!(benches);
