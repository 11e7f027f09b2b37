use rusttorch::Tensor;
use rusttorch::shape::{Const, Rank2};

fn main() {
    let w = Tensor::<f32, Rank2<3, 4>>::zeros();
    let g = Tensor::<f32, (usize, Const<4>)>::zeros_with((3, Const)).unwrap();
    let m = Tensor::<f32, Rank2<3, 4>>::zeros();
    // The second moment has the transposed shape.
    let v = Tensor::<f32, Rank2<4, 3>>::zeros();
    let _ = w.adam_update(&g, &m, &v, 1, 1e-3, 0.9, 0.999, 1e-8);
}
