use rusttorch::Tensor;
use rusttorch::shape::{Axis, Const, One, Rank2, Rank3};

fn main() {
    let x = Tensor::<f32, Rank3<2, 3, 4>>::zeros();
    let _: Tensor<f32, ()> = x.sum();
    let _: Tensor<f32, ()> = x.mean();
    let _: Tensor<f32, ()> = x.max();
    let _: Tensor<f32, ()> = x.min();
    let _: Tensor<f32, Rank2<3, 4>> = x.sum_dim(Axis::<0>);
    let _: Tensor<f32, Rank2<2, 4>> = x.mean_dim(Axis::<1>);
    let _: Tensor<f32, (Const<2>, Const<3>, One)> = x.sum_dim_keepdim(Axis::<2>);
    let (_, _): (Tensor<f32, Rank2<2, 3>>, Tensor<i64, Rank2<2, 3>>) = x.max_dim(Axis::<2>);
    let _: Tensor<i64, Rank2<2, 4>> = x.argmax_dim(Axis::<1>);
    let _: Tensor<f32, Rank2<2, 3>> = x.var_dim(Axis::<2>, 1.0);
    let _: Tensor<f32, Rank2<2, 3>> = x.std_dim(Axis::<2>, 0.0);
    let _: Tensor<f32, Rank2<2, 3>> = x.logsumexp_dim(Axis::<2>);
    let _: Tensor<f32, Rank3<2, 3, 4>> = x.softmax(Axis::<2>);
    let _: Tensor<f32, Rank3<2, 3, 4>> = x.log_softmax(Axis::<0>);
    let _: Tensor<f32, Rank3<4, 3, 2>> = x.transpose::<0, 2>();
    // keepdim results broadcast back against the input.
    let centered: Tensor<f32, Rank3<2, 3, 4>> = x.add(&x.mean_dim_keepdim(Axis::<1>));
    let _: Tensor<i64, ()> = Tensor::<i32, Rank2<2, 2>>::ones().sum();
    let b = Tensor::<f32, (usize, Const<4>)>::zeros_with((9, Const)).unwrap();
    let _: Tensor<f32, (usize,)> = b.sum_dim(Axis::<1>);
    let _: Tensor<f32, (Const<4>, usize)> = b.t();
    let _ = centered;
}
