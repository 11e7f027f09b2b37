//! A tour of the dynamic API: creation, views, broadcasting, matmul, reductions,
//! activations, a loss and an optimizer step.
//!
//! Run with `cargo run --release --example quickstart`.

use rusttorch::loss::{Reduction, cross_entropy};
use rusttorch::optim::sgd_update;
use rusttorch::{DType, DynTensor, Generator, Result};

fn main() -> Result<()> {
    // Creation and zero-copy views.
    let a = DynTensor::arange(0.0, 6.0, 1.0, DType::Float32)?.reshape(&[2, 3])?;
    let at = a.t()?;
    println!(
        "a = {a}\na.T = {at} (shares a's buffer: {})",
        at.shares_storage(&a)
    );

    // Broadcasting: a (2, 3) matrix plus a row vector.
    let row = DynTensor::from_vec(vec![10.0f32, 20.0, 30.0], &[3])?;
    println!("a + row = {}", a.add(&row)?);

    // Matmul of a matrix by its transposed view (passed to the GEMM by stride, not copied).
    println!("a @ a.T = {}", a.matmul(&at)?);

    // Reductions and activations.
    println!(
        "sum = {}, mean over dim 1 = {}",
        a.sum()?,
        a.mean_dim(1, false)?
    );
    println!("softmax(a, dim=1) = {}", a.softmax(1)?);

    // A tiny linear classifier step: logits, cross entropy, and a manual gradient step.
    let mut rng = Generator::new(0);
    let x = DynTensor::randn_with(&[4, 3], DType::Float32, &mut rng)?;
    let w = DynTensor::randn_with(&[3, 2], DType::Float32, &mut rng)?;
    let target = DynTensor::from_vec(vec![0i64, 1, 1, 0], &[4])?;
    let logits = x.matmul(&w)?;
    let loss = cross_entropy(&logits, &target, Reduction::Mean)?;
    // d loss / d logits = (softmax - one_hot) / N; d loss / d w = x^T @ that.
    let one_hot = DynTensor::eye(2, None, DType::Float32)?.index_select(0, &target)?;
    let dlogits = logits.softmax(1)?.sub(&one_hot)?.div_scalar(4.0)?;
    let w2 = sgd_update(&w, &x.t()?.matmul(&dlogits)?, 0.5)?;
    let loss2 = cross_entropy(&x.matmul(&w2)?, &target, Reduction::Mean)?;
    println!(
        "cross entropy before {:.4}, after one SGD step {:.4}",
        loss.item::<f32>()?,
        loss2.item::<f32>()?
    );
    assert!(
        loss2.item::<f32>()? < loss.item::<f32>()?,
        "a gradient step must lower the loss"
    );

    // Errors name the op and the shapes.
    let err = a.matmul(&a).unwrap_err();
    println!("a @ a -> error: {err}");
    Ok(())
}
