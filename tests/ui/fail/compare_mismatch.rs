use rusttorch::Tensor;
use rusttorch::shape::Rank1;

fn main() {
    let a = Tensor::<i64, Rank1<3>>::zeros();
    let b = Tensor::<i64, Rank1<4>>::zeros();
    let _ = a.lt(&b);
}
