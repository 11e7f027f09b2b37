// A layer fed a tensor with another feature count: `Linear<4, 2>` takes `(B, Const<4>)`.
use rusttorch::nn::typed::{Forward, Linear};
use rusttorch::shape::Rank2;
use rusttorch::{Generator, Tensor};

fn main() {
    let fc = Linear::<4, 2>::new(true, &mut Generator::new(0));
    let x: Tensor<f32, Rank2<8, 5>> = Tensor::zeros();
    let _y = fc.forward(&x);
}
