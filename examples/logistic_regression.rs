//! Logistic regression on the Wisconsin breast cancer data, on the dynamic face: shapes come
//! from the file at run time, so everything is a `DynTensor` and every step returns a
//! `Result`.
//!
//! ```text
//! cargo run --release --example logistic_regression
//! ```
//!
//! `data/breast_cancer.csv` has 569 tumours with 30 features and a `malignant` column (0 or
//! 1; see `data/README.md` for its origin). The features are z-scored with the mean and
//! standard deviation of the training part (a seeded 80/20 split), and a `Linear(30, 1)`
//! layer is trained full-batch with SGD (momentum 0.9) on the binary cross entropy of its
//! logits. Exits with status 1 below 94% test accuracy.

use std::path::Path;
use std::process::ExitCode;

use rusttorch::data::{CsvOptions, load_csv_with};
use rusttorch::loss::{Reduction, binary_cross_entropy_with_logits};
use rusttorch::nn::Linear;
use rusttorch::optim::{Optimizer, SGDConfig};
use rusttorch::{DType, DynTensor, Generator, Result, no_grad};

const SEED: u64 = 0;
const EPOCHS: usize = 200;
const REQUIRED_ACCURACY: f64 = 0.94;

fn main() -> ExitCode {
    match run() {
        Ok(accuracy) if accuracy >= REQUIRED_ACCURACY => ExitCode::SUCCESS,
        Ok(accuracy) => {
            eprintln!(
                "logistic_regression: test accuracy {:.2}% is below {:.0}%",
                accuracy * 100.0,
                REQUIRED_ACCURACY * 100.0
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("logistic_regression: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<f64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/breast_cancer.csv");
    let csv = load_csv_with(&path, &CsvOptions::new().label("malignant"))?;
    let (x, y) = (
        csv.features,
        csv.labels.expect("a label column was asked for"),
    );
    let n = x.shape()[0];
    println!("breast cancer: {n} samples, {} features", x.shape()[1]);

    // A seeded 80/20 split.
    let order = Generator::new(SEED).permutation(n);
    let n_train = n * 8 / 10;
    let rows = |r: &[usize]| DynTensor::from_vec(r.iter().map(|&i| i as i64).collect(), &[r.len()]);
    let (train_rows, test_rows) = (rows(&order[..n_train])?, rows(&order[n_train..])?);
    let (x_train, x_test) = (
        x.index_select(0, &train_rows)?,
        x.index_select(0, &test_rows)?,
    );
    // Targets as float columns (n, 1), like the logits.
    let target = |r: &DynTensor| y.index_select(0, r)?.to_dtype(DType::Float32)?.unsqueeze(1);
    let (y_train, y_test) = (target(&train_rows)?, target(&test_rows)?);

    // Z-score with the training statistics only; a constant column would be left at zero.
    let mean = x_train.mean_dim(0, true)?;
    let std = x_train.std_dim(0, 0.0, true)?.clamp_min(1e-12)?;
    let zscore = |x: &DynTensor| x.sub(&mean)?.div(&std);
    let (x_train, x_test) = (zscore(&x_train)?, zscore(&x_test)?);

    let mut model = Linear::new(30, 1, true, &mut Generator::new(SEED))?;
    let mut optimizer = SGDConfig::new(0.1).momentum(0.9).build()?;
    for epoch in 1..=EPOCHS {
        let loss =
            binary_cross_entropy_with_logits(&model.forward(&x_train)?, &y_train, Reduction::Mean)?;
        loss.backward()?;
        optimizer.step(&mut model)?;
        optimizer.zero_grad(&model);
        if epoch % 40 == 0 {
            let accuracy = accuracy(&model, &x_test, &y_test)?;
            println!(
                "epoch {epoch:>3}: train loss {:.4}, test accuracy {:.2}%",
                loss.item::<f32>()?,
                accuracy * 100.0
            );
        }
    }
    let accuracy = accuracy(&model, &x_test, &y_test)?;
    println!("final test accuracy {:.2}%", accuracy * 100.0);
    Ok(accuracy)
}

/// The fraction of samples whose predicted class (logit > 0) is the target.
fn accuracy(model: &Linear, x: &DynTensor, y: &DynTensor) -> Result<f64> {
    let logits = no_grad(|| model.forward(x))?;
    let predicted = logits.gt_scalar(0.0)?.to_dtype(DType::Float32)?;
    let right = predicted
        .eq(y)?
        .to_dtype(DType::Float64)?
        .sum()?
        .item::<f64>()?;
    Ok(right / y.shape()[0] as f64)
}
