use rusttorch::Tensor;
use rusttorch::shape::Rank2;

fn main() {
    // `Const<1>` does not stretch: the column should be `(Const<2>, One)`.
    let col = Tensor::<f32, Rank2<2, 1>>::zeros();
    let _ = col.broadcast_to(Rank2::<2, 3>::default());
}
