use rusttorch::Tensor;
use rusttorch::shape::{Rank1, Rank2};

fn main() {
    let w = Tensor::<f32, Rank2<3, 4>>::zeros();
    let g = Tensor::<f32, Rank1<12>>::zeros();
    let _ = w.sgd_update(&g, 0.1);
}
