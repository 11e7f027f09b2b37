use rusttorch::Tensor;
use rusttorch::ops::activation::Gelu;
use rusttorch::shape::{Const, One, Rank1, Rank2, Rank3};

fn main() {
    let a = Tensor::<f32, Rank2<2, 3>>::ones();
    // Broadcasting with `One` and with a shorter shape.
    let col = Tensor::<f32, (Const<2>, One)>::ones();
    let row = Tensor::<f32, Rank1<3>>::ones();
    let _: Tensor<f32, Rank2<2, 3>> = &a - &col;
    let _: Tensor<f32, Rank2<2, 3>> = &a * &row;
    let _: Tensor<f32, Rank2<2, 3>> = &col / &a;
    let _: Tensor<f32, Rank3<4, 2, 3>> = Tensor::<f32, Rank3<4, 2, 3>>::zeros().pow(&row);
    let _: Tensor<f32, Rank2<2, 3>> = a.maximum(&col).minimum(&row);
    // A runtime batch dim meets static ones: checked at run time.
    let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((5, Const)).unwrap();
    let _: Tensor<f32, (usize, Const<3>)> = b.sub(&row);
    let _: Tensor<bool, (usize, Const<3>)> = b.lt(&row);
    let _: Tensor<bool, Rank2<2, 3>> = a.eq(&col);
    // Scalar right operands and negation.
    let _: Tensor<f32, Rank2<2, 3>> = &(&(-&a) * 2.0) + 1.0;
    let _: Tensor<f32, Rank2<2, 3>> = a.mul_scalar(2.0).div_scalar(4.0).sub_scalar(1.0);
    let _: Tensor<i64, Rank1<3>> = &Tensor::<i64, Rank1<3>>::ones() * 3;
    // Unary math and activations keep the shape.
    let _: Tensor<f32, (usize, Const<3>)> = b.exp().sqrt().relu().gelu(Gelu::None).tanh();
    let _: Tensor<f32, Rank2<2, 3>> = a.clamp(0.0, 1.0).leaky_relu(0.01).softplus(1.0, 20.0);
}
