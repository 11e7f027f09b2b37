use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let b = Tensor::<f32, Rank2<4, 5>>::zeros();
    // Joining rows needs equal column counts (3 against 5).
    let _ = a.cat_with(&b, Axis::<0>);
}
