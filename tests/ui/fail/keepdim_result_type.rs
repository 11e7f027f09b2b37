use rusttorch::Tensor;
use rusttorch::shape::{Axis, Rank1, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _: Tensor<f32, Rank1<2>> = a.sum_dim_keepdim(Axis::<1>);
}
