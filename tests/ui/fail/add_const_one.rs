use rusttorch::Tensor;
use rusttorch::shape::{Rank1, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    // A `Const<1>` does not stretch; the note says to write `One`.
    let b = Tensor::<f32, Rank2<2, 1>>::zeros();
    let _ = &a + &b;
    let _ = Tensor::<f32, Rank1<3>>::zeros();
}
