use rusttorch::shape::{Rank0, Rank1, Rank2, Rank3};
use rusttorch::{Tensor, tensor};

fn main() {
    let _: Tensor<f32, Rank2<2, 3>> = tensor!([[1., 2., 3.], [4., 5., 6.]]);
    let _: Tensor<i64, Rank1<3>> = tensor!([1, 2, 3]);
    let _: Tensor<f64, Rank0> = tensor!(5.0);
    let (a, b) = (1.0f32, 2.0f32);
    let _: Tensor<f32, Rank3<1, 2, 2>> = tensor!([[[a, b], [b, 1.0]]]);
    let _: Tensor<f32, Rank1<0>> = tensor!([]);
}
