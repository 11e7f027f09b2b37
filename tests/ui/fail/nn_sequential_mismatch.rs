// Stacked layers whose sizes do not chain: the first gives 128 features, the second takes 64.
use rusttorch::nn::typed::{Forward, Linear, ReLU};
use rusttorch::shape::{Const, Rank2};
use rusttorch::{Generator, Tensor};

fn main() {
    let mut g = Generator::new(0);
    let model = (
        Linear::<64, 128>::new(true, &mut g),
        ReLU,
        Linear::<64, 10>::new(true, &mut g),
    );
    let x: Tensor<f32, Rank2<32, 64>> = Tensor::zeros();
    let _y: Tensor<f32, (Const<32>, Const<10>)> = model.forward(&x);
}
