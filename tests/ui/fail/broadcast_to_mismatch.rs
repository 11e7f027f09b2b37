use rusttorch::Tensor;
use rusttorch::shape::Rank2;

fn main() {
    let x = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _ = x.broadcast_to(Rank2::<2, 4>::default());
}
