use rusttorch::Tensor;
use rusttorch::shape::{Rank2, Rank3};

fn main() {
    let a = Tensor::<f32, Rank3<2, 3, 4>>::zeros();
    let b = Tensor::<f32, Rank2<5, 4>>::zeros();
    let _ = a.sub(&b);
}
