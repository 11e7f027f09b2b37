use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _ = Tensor::cat(&[&a, &a], Axis::<2>);
}
