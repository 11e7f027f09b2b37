//! One training epoch of the digits MLP (64-256-10, batch 64, Adam) on the typed face, timed
//! on request: the Rust side of `benches/compare_pytorch.py`'s "digits MLP epoch" row, which
//! holds this program open and alternates its epochs with PyTorch's.
//!
//! `cargo run --release --example digits_epoch` then, on stdin, one line per measurement:
//! a number of epochs `n`; the program answers with one line, the seconds those `n` epochs
//! took. With `--once` it runs one epoch, prints its time and the loss, and exits.
//!
//! The epoch is the one the Python row times in both libraries: all 1797 images (pixels
//! scaled to [0, 1]) in a fresh shuffled order, 29 batches of forward, cross entropy,
//! backward and an Adam step. The model is built once, as in a training loop.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use rusttorch::data::{CsvOptions, load_csv_with};
use rusttorch::loss::Mean;
use rusttorch::nn::typed::{Forward, Linear, ReLU};
use rusttorch::optim::{Adam, AdamConfig, Optimizer};
use rusttorch::{DataLoader, Generator, TypedLoader};

type Mlp = (Linear<64, 256>, ReLU, Linear<256, 10>);

const BATCH: usize = 64;

struct Trainer {
    model: Mlp,
    optimizer: Adam,
    loader: TypedLoader<f32, 64>,
    epoch: u64,
}

impl Trainer {
    fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/digits.csv");
        let csv = load_csv_with(&path, &CsvOptions::new().label("label"))?;
        let images = csv.features.div_scalar(16.0)?;
        let labels = csv.labels.ok_or("data/digits.csv has no label column")?;
        let loader = DataLoader::new(images, labels, BATCH)?.shuffle(0).typed()?;
        let mut generator = Generator::new(0);
        let model = (
            Linear::new(true, &mut generator),
            ReLU,
            Linear::new(true, &mut generator),
        );
        let optimizer = AdamConfig::new(1e-3).build()?;
        Ok(Trainer {
            model,
            optimizer,
            loader,
            epoch: 0,
        })
    }

    /// One epoch; returns the mean of the batch losses.
    fn epoch(&mut self) -> Result<f32, rusttorch::Error> {
        let mut total = 0.0;
        let batches = self.loader.len();
        for batch in self.loader.epoch(self.epoch) {
            let (x, y) = batch?;
            let loss = self.model.forward(&x).cross_entropy(&y, Mean);
            loss.backward()?;
            self.optimizer.step(&mut self.model)?;
            self.optimizer.zero_grad(&self.model);
            total += loss.item();
        }
        self.epoch += 1;
        Ok(total / batches as f32)
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut trainer = Trainer::new()?;
    if std::env::args().any(|a| a == "--once") {
        let start = Instant::now();
        let loss = trainer.epoch()?;
        println!(
            "one epoch: {:.2} ms, mean batch loss {loss:.4}",
            start.elapsed().as_secs_f64() * 1e3
        );
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let n: u32 = line?.trim().parse()?;
        let start = Instant::now();
        for _ in 0..n {
            trainer.epoch()?;
        }
        writeln!(out, "{}", start.elapsed().as_secs_f64())?;
        out.flush()?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("digits_epoch: {e}");
            ExitCode::FAILURE
        }
    }
}
