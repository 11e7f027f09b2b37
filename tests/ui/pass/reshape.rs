use rusttorch::Tensor;
use rusttorch::shape::{Const, Rank1, Rank2, Rank3};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let b: Tensor<f32, Rank1<6>> = a.reshape();
    let _: Tensor<f32, Rank3<3, 1, 2>> = b.reshape();
    // Runtime dims are checked at run time.
    let c: Tensor<f32, (usize, Const<2>)> = b.reshape_to((3, Const));
    assert_eq!(c.dims(), &[3, 2]);
}
