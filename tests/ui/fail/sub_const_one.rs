use rusttorch::Tensor;
use rusttorch::shape::Rank2;

fn main() {
    let a = Tensor::<f32, Rank2<4, 3>>::zeros();
    // A `Const<1>` does not stretch; the note says to write `One`.
    let b = Tensor::<f32, Rank2<1, 3>>::zeros();
    let _ = &a - &b;
}
