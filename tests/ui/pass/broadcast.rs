use rusttorch::Tensor;
use rusttorch::shape::{Const, One, Rank1, Rank2};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::zeros();
    let _: Tensor<f32, Rank2<2, 3>> = a.add(&Tensor::<f32, Rank1<3>>::zeros());
    let _: Tensor<f32, Rank2<2, 3>> = &a + &Tensor::<f32, (Const<2>, One)>::zeros();
    let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((5, Const)).unwrap();
    let _: Tensor<f32, (usize, Const<3>)> = b.add(&Tensor::<f32, Rank1<3>>::zeros());
}
