use rusttorch::shape::Rank2;
use rusttorch::{Tensor, tensor};

fn main() {
    let _: Tensor<f64, Rank2<2, 1>> = tensor!([[1., 2.]]);
}
