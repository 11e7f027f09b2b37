use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank3};

fn main() {
    let x = Tensor::<f32, Rank3<2, 3, 4>>::zeros();
    let _ = x.permute((Axis::<1>, Axis::<0>));
}
