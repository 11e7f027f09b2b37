use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank2};

fn main() {
    let x = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _ = x.permute((Axis::<1>, Axis::<2>));
}
