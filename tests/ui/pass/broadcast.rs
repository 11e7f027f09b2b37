use rusttorch::Tensor;
use rusttorch::shape::{Const, One, Rank1, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _: Tensor<f32, Rank2<2, 3>> = a.add(&Tensor::<f32, Rank1<3>>::zeros());
    let _: Tensor<f32, Rank2<2, 3>> = &a + &Tensor::<f32, (Const<2>, One)>::zeros();
    let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((5, Const)).unwrap();
    let _: Tensor<f32, (usize, Const<3>)> = b.add(&Tensor::<f32, Rank1<3>>::zeros());
}

/// Code generic over a batch dim adds two tensors of the same generic shape (a residual).
#[allow(dead_code)]
fn residual<B: rusttorch::shape::Dim>(
    x: &rusttorch::Tensor<f32, (B, rusttorch::shape::Const<4>)>,
    y: &rusttorch::Tensor<f32, (B, rusttorch::shape::Const<4>)>,
) -> rusttorch::Tensor<f32, (B, rusttorch::shape::Const<4>)> {
    &(x + y) * x
}
