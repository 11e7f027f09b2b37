//! Trains a typed MLP (64 -> 128 -> 10, ReLU) on the handwritten digits with Adam: the main
//! demo. The layer sizes live in the model's type, so a wrong size is a compile error; the
//! batch dim is a runtime `usize`.
//!
//! ```text
//! cargo run --release --example train_digits [-- --epochs N] [--plot PATH]
//! ```
//!
//! The data set is `data/digits.csv` (1,797 8x8 images, pixels 0-16, from scikit-learn's
//! copy of the UCI "Optical Recognition of Handwritten Digits" set; see `data/README.md`).
//! It is split 80/20 with a fixed seed, trained with batches of 64, and each epoch prints
//! the mean training loss and the test accuracy. The loss and accuracy curves are drawn to a
//! PNG (default `train_digits.png`). The process exits with status 1 if the final test
//! accuracy is below 93%, so it doubles as an end-to-end check.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use plotters::prelude::*;
use rusttorch::data::{CsvOptions, load_csv_with};
use rusttorch::loss::Mean;
use rusttorch::nn::Module;
use rusttorch::nn::typed::{Forward, Linear, ReLU};
use rusttorch::optim::{AdamConfig, Optimizer};
use rusttorch::shape::{Axis, Const};
use rusttorch::{DynTensor, Generator, Tensor, no_grad};

/// The model: its type says it maps 64 features to 10 class scores.
type Mlp = (Linear<64, 128>, ReLU, Linear<128, 10>);

/// A batch of images (runtime batch size, 64 pixels) and their labels.
type Images = Tensor<f32, (usize, Const<64>)>;
type Labels = Tensor<i64, (usize,)>;
/// Images with their labels: the training or the test set.
type Split = (Images, Labels);

const SEED: u64 = 0;
const BATCH: usize = 64;
const LR: f64 = 1e-3;
/// Below this final test accuracy the demo fails.
const REQUIRED_ACCURACY: f64 = 0.93;

/// Command-line settings.
struct Args {
    epochs: usize,
    plot: PathBuf,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("train_digits: {message}");
            eprintln!("usage: train_digits [--epochs N] [--plot PATH]");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(accuracy) if accuracy >= REQUIRED_ACCURACY => ExitCode::SUCCESS,
        Ok(accuracy) => {
            eprintln!(
                "train_digits: test accuracy {:.2}% is below the required {:.0}%",
                accuracy * 100.0,
                REQUIRED_ACCURACY * 100.0
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("train_digits: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        epochs: 30,
        plot: PathBuf::from("train_digits.png"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--epochs" => {
                let v = value()?;
                args.epochs = v
                    .parse()
                    .map_err(|_| format!("--epochs takes a positive integer, not {v:?}"))?;
            }
            "--plot" => args.plot = PathBuf::from(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.epochs == 0 {
        return Err("--epochs must be at least 1".into());
    }
    Ok(args)
}

/// Trains and evaluates; returns the final test accuracy.
fn run(args: &Args) -> Result<f64, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let (train, test) = load_digits(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/digits.csv"))?;
    println!(
        "digits: {} training and {} test images of 8x8 pixels",
        train.1.dims()[0],
        test.1.dims()[0]
    );

    let mut generator = Generator::new(SEED);
    let mut model: Mlp = (
        Linear::new(true, &mut generator),
        ReLU,
        Linear::new(true, &mut generator),
    );
    println!(
        "model: 64 -> 128 -> 10 MLP, {} parameters",
        model.num_parameters()
    );
    let mut optimizer = AdamConfig::new(LR).build()?;

    let mut history = Vec::with_capacity(args.epochs);
    for epoch in 1..=args.epochs {
        let (images, labels) = shuffled(&train, &mut generator)?;
        let n = labels.dims()[0];
        let batches = n.div_ceil(BATCH);
        let bar = ProgressBar::new(batches as u64).with_style(
            ProgressStyle::with_template("epoch {msg} [{bar:30}] {pos}/{len} batches")?
                .progress_chars("=> "),
        );
        bar.set_message(format!("{epoch:>2}/{}", args.epochs));
        let mut loss_sum = 0.0;
        for b in 0..batches {
            let (from, len) = (b * BATCH, BATCH.min(n - b * BATCH));
            let x = images.narrow(Axis::<0>, from, len);
            let y = labels.narrow(Axis::<0>, from, len);
            let loss = model.forward(&x).cross_entropy(&y, Mean);
            loss.backward()?;
            optimizer.step(&mut model)?;
            optimizer.zero_grad(&model);
            loss_sum += f64::from(loss.item()) * len as f64;
            bar.inc(1);
        }
        bar.finish_and_clear();
        let loss = loss_sum / n as f64;
        let accuracy = accuracy(&model, &test);
        println!(
            "epoch {epoch:>2}/{}: train loss {loss:.4}, test accuracy {:.2}%",
            args.epochs,
            accuracy * 100.0
        );
        history.push((loss, accuracy));
    }
    let accuracy = history.last().map_or(0.0, |h| h.1);
    println!(
        "final test accuracy {:.2}% after {} epochs in {:.2} s",
        accuracy * 100.0,
        args.epochs,
        start.elapsed().as_secs_f64()
    );
    plot(&history, &args.plot)?;
    println!("loss and accuracy curves: {}", args.plot.display());
    Ok(accuracy)
}

/// Loads the images (pixels scaled to [0, 1]) and labels, split 80/20 with a fixed seed.
fn load_digits(path: PathBuf) -> Result<(Split, Split), rusttorch::Error> {
    let csv = load_csv_with(&path, &CsvOptions::new().label("label"))?;
    let images = csv.features.div_scalar(16.0)?;
    let labels = csv.labels.expect("a label column was asked for");
    let n = labels.shape()[0];
    let order = Generator::new(SEED).permutation(n);
    let n_train = n * 8 / 10;
    let part = |rows: &[usize]| -> Result<Split, rusttorch::Error> {
        let index = DynTensor::from_vec(rows.iter().map(|&i| i as i64).collect(), &[rows.len()])?;
        Ok((
            images.index_select(0, &index)?.try_into()?,
            labels.index_select(0, &index)?.try_into()?,
        ))
    };
    Ok((part(&order[..n_train])?, part(&order[n_train..])?))
}

/// The training set in a new random order (one gather per epoch; batches are views).
fn shuffled(
    (images, labels): &Split,
    generator: &mut Generator,
) -> Result<Split, rusttorch::Error> {
    let n = labels.dims()[0];
    let order: Vec<i64> = generator
        .permutation(n)
        .into_iter()
        .map(|i| i as i64)
        .collect();
    let index = DynTensor::from_vec(order, &[n])?;
    let images = DynTensor::from(images.clone()).index_select(0, &index)?;
    let labels = DynTensor::from(labels.clone()).index_select(0, &index)?;
    Ok((images.try_into()?, labels.try_into()?))
}

/// The fraction of `images` whose highest-scoring class is the label.
fn accuracy(model: &Mlp, (images, labels): &Split) -> f64 {
    let predicted = no_grad(|| model.forward(images).argmax_dim(Axis::<1>));
    let right = predicted
        .to_vec()
        .iter()
        .zip(labels.to_vec())
        .filter(|(p, y)| **p == *y)
        .count();
    right as f64 / labels.dims()[0] as f64
}

/// Draws the per-epoch training loss and test accuracy side by side into a PNG.
fn plot(history: &[(f64, f64)], path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font(
        "sans-serif",
        FontStyle::Normal,
        include_bytes!("assets/DejaVuSans.ttf"),
    )
    .map_err(|_| "the bundled font could not be read")?;
    let root = BitMapBackend::new(path, (1000, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(500);
    let epochs = history.len() as f64;
    let max_loss = history.iter().map(|h| h.0).fold(0.0, f64::max);
    let panels = [
        (left, "Training loss", 0.0..max_loss * 1.05, &BLUE, 0),
        (right, "Test accuracy (%)", 80.0..100.0, &RED, 1),
    ];
    for (area, title, range, color, which) in panels {
        let mut chart = ChartBuilder::on(&area)
            .caption(title, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(1.0..epochs.max(2.0), range)?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .label_style(("sans-serif", 14))
            .draw()?;
        let points = history.iter().enumerate().map(|(i, h)| {
            let y = if which == 0 {
                h.0
            } else {
                (h.1 * 100.0).max(80.0)
            };
            ((i + 1) as f64, y)
        });
        chart.draw_series(LineSeries::new(points, color.stroke_width(2)))?;
    }
    root.present()?;
    Ok(())
}
