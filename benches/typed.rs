//! The typed face against `DynTensor`: per-op overhead on tiny tensors (a 4x4 matmul + add +
//! relu chain) and on 1e4-element tensors, where the typed face must cost nothing extra.
//!
//! `cargo bench --bench typed`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rusttorch::shape::{Rank1, Rank2};
use rusttorch::{DType, DynTensor, Tensor};

fn chain(c: &mut Criterion) {
    let mut g = c.benchmark_group("chain_4x4");
    let a = Tensor::<f32, Rank2<4, 4>>::from_vec((0..16).map(|i| i as f32 * 0.1 - 0.7).collect())
        .expect("16 values fill 4x4");
    let bias = Tensor::<f32, Rank1<4>>::from_vec(vec![0.1, -0.2, 0.3, -0.4]).expect("4 values");
    let (da, db) = (a.to_dyn(), bias.to_dyn());
    g.bench_function("typed", |bench| {
        bench.iter(|| {
            black_box(&a)
                .matmul(black_box(&a))
                .add(black_box(&bias))
                .relu()
        })
    });
    g.bench_function("dyn", |bench| {
        bench.iter(|| {
            black_box(&da)
                .matmul(black_box(&da))
                .and_then(|m| m.add(black_box(&db)))
                .and_then(|m| m.relu())
                .expect("shapes agree")
        })
    });
    g.finish();
}

fn add_1e4(c: &mut Criterion) {
    let mut g = c.benchmark_group("add");
    let a = Tensor::<f32, Rank2<100, 100>>::ones();
    let d = DynTensor::ones(&[100, 100], DType::Float32).expect("small");
    g.bench_function(BenchmarkId::new("typed", 10_000), |bench| {
        bench.iter(|| black_box(&a).add(black_box(&a)))
    });
    g.bench_function(BenchmarkId::new("dyn", 10_000), |bench| {
        bench.iter(|| black_box(&d).add(black_box(&d)).expect("same shape"))
    });
    g.finish();
}

criterion_group!(benches, chain, add_1e4);
criterion_main!(benches);
