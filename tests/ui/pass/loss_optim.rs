use rusttorch::Tensor;
use rusttorch::loss::{Mean, Sum, Unreduced};
use rusttorch::shape::{Const, Dim, Rank1, Rank2};

/// One training step of a linear classifier, generic over a runtime batch dim.
fn step<B: Dim>(
    logits: &Tensor<f32, (B, Const<10>)>,
    labels: &Tensor<i64, (B,)>,
    w: Tensor<f32, Rank2<64, 10>>,
    grad: &Tensor<f32, Rank2<64, 10>>,
    m: Tensor<f32, Rank2<64, 10>>,
    v: Tensor<f32, Rank2<64, 10>>,
    t: u64,
) -> (Tensor<f32, ()>, Tensor<f32, Rank2<64, 10>>, Tensor<f32, Rank2<64, 10>>, Tensor<f32, Rank2<64, 10>>) {
    let loss: Tensor<f32, ()> = logits.cross_entropy(labels, Mean);
    let per_sample: Tensor<f32, (B,)> = logits.cross_entropy(labels, Unreduced);
    let _ = per_sample;
    let (w, m, v) = w.adamw_update(grad, &m, &v, t, 1e-3, 0.9, 0.999, 1e-8, 0.01);
    (loss, w, m, v)
}

fn main() {
    // Elementwise losses: equal shapes, a runtime dim against a static one.
    let p = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
    let t = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _: Tensor<f32, ()> = p.mse_loss(&t, Mean);
    let _: Tensor<f32, ()> = p.l1_loss(&t, Sum);
    let _: Tensor<f32, Rank2<2, 3>> = p.smooth_l1_loss(&t, Unreduced, 1.0);
    let _: Tensor<f32, ()> = t.binary_cross_entropy(&t, Mean);
    let _: Tensor<f32, (usize, Const<3>)> = p.binary_cross_entropy_with_logits(&p, Unreduced);
    let s = Tensor::<f32, ()>::scalar(0.5);
    let _: Tensor<f32, ()> = s.mse_loss(&s, Unreduced);

    // Class indices: (B, C) logits with (B,) targets, (C,) logits with a 0-d target.
    let logits = Tensor::<f32, Rank2<2, 3>>::zeros();
    let labels = Tensor::<i64, (usize,)>::zeros_with((2,)).unwrap();
    let _: Tensor<f32, Rank1<2>> = logits.cross_entropy(&labels, Unreduced);
    let _: Tensor<f32, ()> = logits.log_softmax(rusttorch::shape::Axis::<1>).nll_loss(&labels, Mean);
    let row = Tensor::<f32, Rank1<3>>::zeros();
    let _: Tensor<f32, ()> = row.cross_entropy(&Tensor::<i64, ()>::scalar(2), Unreduced);
    let _: Tensor<f32, Rank1<2>> = logits.cross_entropy_soft(&t, Unreduced);
    let _: Tensor<f32, ()> = row.cross_entropy_soft(&row, Sum);

    // Optimizer updates keep each input's shape type, so they chain in a loop.
    let (mut w, mut vel) = (Tensor::<f32, Rank2<2, 3>>::zeros(), Tensor::<f32, Rank2<2, 3>>::zeros());
    for _ in 0..2 {
        w = w.sgd_update(&p, 0.1);
        (w, vel) = w.sgd_momentum_update(&p, &vel, 0.1, 0.9);
    }
    let (_, _, _) = w.adam_update(&t, &vel, &vel, 1, 1e-3, 0.9, 0.999, 1e-8);

    let b = Tensor::<f32, (usize, Const<10>)>::zeros_with((5, Const)).unwrap();
    let y = Tensor::<i64, (usize,)>::zeros_with((5,)).unwrap();
    let w = Tensor::<f32, Rank2<64, 10>>::zeros();
    let (loss, _, _, _) = step(&b, &y, w.clone(), &w, w.clone(), w.clone(), 1);
    assert!((loss.to_vec()[0] - 10f32.ln()).abs() < 1e-5);
}
