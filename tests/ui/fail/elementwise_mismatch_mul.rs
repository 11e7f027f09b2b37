use rusttorch::Tensor;
use rusttorch::shape::Rank2;

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let b = Tensor::<f32, Rank2<3, 2>>::zeros();
    let _ = &a * &b;
}
