use rusttorch::Tensor;
use rusttorch::shape::Rank1;

fn main() {
    // Element types never mix implicitly: convert one side first.
    let a = Tensor::<f32, Rank1<3>>::zeros();
    let b = Tensor::<f64, Rank1<3>>::zeros();
    let _ = a.mul(&b);
}
