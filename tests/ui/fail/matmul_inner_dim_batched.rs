use rusttorch::Tensor;
use rusttorch::shape::Rank3;

fn main() {
    let a = Tensor::<f32, Rank3<8, 2, 3>>::zeros();
    let b = Tensor::<f32, Rank3<8, 4, 5>>::zeros();
    let _ = a.matmul(&b);
}
