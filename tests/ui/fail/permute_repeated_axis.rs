use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank3};

fn main() {
    let x = Tensor::<f32, Rank3<2, 3, 4>>::zeros();
    let _ = x.permute((Axis::<0>, Axis::<2>, Axis::<0>));
}
