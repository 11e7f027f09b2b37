//! Training throughput of the digits MLP of `examples/train_digits.rs`, in samples per
//! second: one step is forward, cross entropy, backward and an Adam update on a batch of 64
//! real digits (`data/digits.csv`), with the same model on both faces.
//!
//! `cargo bench --bench train`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rusttorch::data::{CsvOptions, load_csv_with};
use rusttorch::loss::{Mean, Reduction, cross_entropy};
use rusttorch::nn::typed::{Forward, Linear, ReLU};
use rusttorch::nn::{self, Sequential};
use rusttorch::optim::{AdamConfig, Optimizer};
use rusttorch::shape::Const;
use rusttorch::{DynTensor, Generator, Tensor};

const BATCH: usize = 64;

/// The first 64 digits (pixels scaled to [0, 1]) and their labels.
fn batch() -> (DynTensor, DynTensor) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/digits.csv");
    let csv = load_csv_with(&path, &CsvOptions::new().label("label"))
        .expect("data/digits.csv ships with the crate");
    let x = csv.features.narrow(0, 0, BATCH).expect("1797 rows");
    let y = csv
        .labels
        .expect("a label column")
        .narrow(0, 0, BATCH)
        .expect("1797 rows");
    (x.div_scalar(16.0).expect("float pixels"), y)
}

fn train_step(c: &mut Criterion) {
    let (x, y) = batch();
    let mut g = c.benchmark_group("digits_mlp_step");
    g.throughput(Throughput::Elements(BATCH as u64));

    let typed_x: Tensor<f32, (usize, Const<64>)> = x.clone().try_into().expect("64 pixels");
    let typed_y: Tensor<i64, (usize,)> = y.clone().try_into().expect("int64 labels");
    let mut generator = Generator::new(0);
    let mut model: (Linear<64, 128>, ReLU, Linear<128, 10>) = (
        Linear::new(true, &mut generator),
        ReLU,
        Linear::new(true, &mut generator),
    );
    let mut adam = AdamConfig::new(1e-3).build().expect("valid config");
    g.bench_function("typed", |bench| {
        bench.iter(|| {
            let loss = model
                .forward(black_box(&typed_x))
                .cross_entropy(&typed_y, Mean);
            loss.backward().expect("a scalar loss");
            adam.step(&mut model).expect("same model every step");
            adam.zero_grad(&model);
        })
    });

    let mut generator = Generator::new(0);
    let mut model = Sequential::new()
        .with(nn::Linear::new(64, 128, true, &mut generator).expect("a small layer"))
        .with(nn::ReLU)
        .with(nn::Linear::new(128, 10, true, &mut generator).expect("a small layer"));
    let mut adam = AdamConfig::new(1e-3).build().expect("valid config");
    g.bench_function("dyn", |bench| {
        bench.iter(|| {
            let logits = model.forward(black_box(&x)).expect("64 features");
            let loss = cross_entropy(&logits, &y, Reduction::Mean).expect("class labels");
            loss.backward().expect("a scalar loss");
            adam.step(&mut model).expect("same model every step");
            adam.zero_grad(&model);
        })
    });
    g.finish();
}

criterion_group!(benches, train_step);
criterion_main!(benches);
