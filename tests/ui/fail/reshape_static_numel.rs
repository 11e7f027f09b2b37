use rusttorch::Tensor;
use rusttorch::shape::{Rank1, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    // 6 elements cannot become 5: a const assert fails when the program is built.
    let _: Tensor<f32, Rank1<5>> = a.reshape();
}
