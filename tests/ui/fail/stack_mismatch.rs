use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let b = Tensor::<f32, Rank2<3, 2>>::zeros();
    let _ = a.stack_with(&b, Axis::<0>);
}
