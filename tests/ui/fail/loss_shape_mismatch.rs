use rusttorch::Tensor;
use rusttorch::loss::Mean;
use rusttorch::shape::{Const, Rank2};

fn main() {
    // A runtime batch dim is fine, but the feature dims 3 and 4 differ at compile time.
    let pred = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
    let target = Tensor::<f32, Rank2<2, 4>>::zeros();
    let _ = pred.mse_loss(&target, Mean);
}
