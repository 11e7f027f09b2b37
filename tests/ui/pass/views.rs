use rusttorch::Tensor;
use rusttorch::shape::{Axis, Const, One, Rank1, Rank2, Rank3, Rank4};

fn main() {
    let x = Tensor::<f32, Rank3<2, 3, 4>>::zeros();
    let _: Tensor<f32, Rank3<4, 2, 3>> = x.permute((Axis::<2>, Axis::<0>, Axis::<1>));
    let _: Tensor<f32, ()> = Tensor::<f32, ()>::zeros().permute(());
    let col = Tensor::<f32, (Const<3>, One)>::zeros();
    let _: Tensor<f32, Rank3<5, 3, 4>> = col.broadcast_to(Rank3::<5, 3, 4>::default());
    let _: Tensor<f32, (usize, Const<3>, usize)> = col.broadcast_to((7, Const, 2));
    let _: Tensor<f32, (Const<2>, One, Const<3>, Const<4>)> = x.unsqueeze(Axis::<1>);
    let _: Tensor<f32, Rank4<2, 3, 4, 1>> =
        x.unsqueeze(Axis::<3>).squeeze(Axis::<3>).reshape();
    let _: Tensor<f32, Rank1<3>> = col.squeeze(Axis::<1>);
    let _: Tensor<f32, Rank1<2>> = Tensor::<f32, Rank2<1, 2>>::zeros().squeeze(Axis::<0>);
    let _: Tensor<f32, (Const<2>, usize, Const<4>)> = x.narrow(Axis::<1>, 0, 2);
    let _: Tensor<f32, Rank3<2, 2, 4>> = x.narrow_const::<_, 2>(Axis::<1>, 1);
    let _: Tensor<f32, Rank2<2, 4>> = x.select(Axis::<1>, 2);
    let _: Tensor<f32, (usize, Const<3>, Const<4>)> = Tensor::cat(&[&x, &x], Axis::<0>);
    let b = Tensor::<f32, (usize, Const<4>)>::zeros_with((9, Const)).unwrap();
    let m = Tensor::<f32, Rank2<9, 1>>::zeros();
    let _: Tensor<f32, (Const<9>, usize)> = b.cat_with(&m, Axis::<1>);
    let _: Tensor<f32, (usize, Const<2>, Const<3>, Const<4>)> = Tensor::stack(&[&x, &x], Axis::<0>);
    let _: Tensor<f32, (Const<9>, Const<4>, usize)> =
        b.stack_with(&Tensor::<f32, Rank2<9, 4>>::zeros(), Axis::<2>);
}
