use rusttorch::Tensor;
use rusttorch::loss::Mean;
use rusttorch::shape::{Rank1, Rank2};

fn main() {
    // Same element count, different rank: losses do not broadcast.
    let pred = Tensor::<f32, Rank2<2, 3>>::zeros();
    let target = Tensor::<f32, Rank1<6>>::zeros();
    let _ = pred.binary_cross_entropy_with_logits(&target, Mean);
}
