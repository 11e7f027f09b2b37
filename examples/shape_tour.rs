//! A tour of the typed face: shapes in types, broadcasting, a layer generic over a runtime
//! batch dim, reductions along axes, and the border with `DynTensor`.
//!
//! Run with `cargo run --release --example shape_tour`. The shape errors this program
//! avoids are shown, with their compiler messages, in `rusttorch::guide::shapes` and
//! `tests/ui/fail/`.

use rusttorch::shape::{Axis, Const, Dim, One, Rank2};
use rusttorch::{DynTensor, Result, Tensor, tensor};

/// A linear layer generic over the batch dim; the feature dims are checked by rustc.
fn forward<B: Dim>(
    x: Tensor<f32, (B, Const<3>)>,
    w: &Tensor<f32, (Const<3>, Const<2>)>,
) -> Tensor<f32, (B, Const<2>)> {
    x.matmul(w).relu()
}

fn main() -> Result<()> {
    // Shapes are inferred from literals.
    let w = tensor!([[1.0f32, 0.0], [0.0, 1.0], [1.0, -1.0]]);
    let x: Tensor<f32, Rank2<1, 3>> = tensor!([[1.0f32, 2.0, 3.0]]);
    println!("w {:?}", w);

    // Broadcasting: a column of `One` stretches across the rows.
    let col = Tensor::<f32, (Const<3>, One)>::from_vec(vec![10.0, 20.0, 30.0])?;
    println!("w + col = {}", w.add(&col));

    // A static batch, then a runtime batch read "from a file".
    println!("forward(x) = {}", forward(x, &w).softmax(Axis::<1>));
    let loaded = DynTensor::from_vec(vec![0.5f32; 12], &[4, 3])?;
    let batch: Tensor<f32, (usize, Const<3>)> = Tensor::try_from(&loaded)?;
    let y = forward(batch, &w);
    println!(
        "batch of {} -> {:?}",
        y.dims()[0],
        y.sum_dim(Axis::<1>).to_vec()
    );

    // Keepdim reductions leave `One`, which broadcasts back.
    let centered = w.sub(&w.mean_dim_keepdim(Axis::<0>));
    println!("w - mean(w, axis 0) = {centered}");
    Ok(())
}
