use rusttorch::Tensor;
use rusttorch::loss::Mean;
use rusttorch::shape::{Rank1, Rank2};

fn main() {
    let logits = Tensor::<f32, Rank2<4, 10>>::zeros();
    // One-hot targets (B, C) where class indices (B,) are expected.
    let one_hot = Tensor::<i64, Rank2<4, 10>>::zeros();
    let _ = logits.cross_entropy(&one_hot, Mean);
    // A batch of 3 labels for 4 samples.
    let labels = Tensor::<i64, Rank1<3>>::zeros();
    let _ = logits.cross_entropy(&labels, Mean);
}
