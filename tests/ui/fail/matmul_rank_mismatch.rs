use rusttorch::Tensor;
use rusttorch::shape::{Rank3, Rank4};

// Batched matmul takes operands of the same rank (or 1-D/2-D against batched); a 3-D
// stack against a 4-D one has no rule.
fn main() {
    let a = Tensor::<f32, Rank3<2, 3, 4>>::zeros();
    let b = Tensor::<f32, Rank4<5, 2, 4, 6>>::zeros();
    let _ = a.matmul(&b);
}
