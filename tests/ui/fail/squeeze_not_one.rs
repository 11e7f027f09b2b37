use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank2};

fn main() {
    let x = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _ = x.squeeze(Axis::<0>);
}
