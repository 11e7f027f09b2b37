use rusttorch::Tensor;
use rusttorch::shape::Rank1;

fn main() {
    let a = Tensor::<f32, ()>::zeros();
    let b = Tensor::<f32, Rank1<3>>::zeros();
    let _ = a.matmul(&b);
}
