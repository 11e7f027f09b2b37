use rusttorch::Tensor;
use rusttorch::shape::{Const, Dim, One, Rank1, Rank2, Rank3, Rank4};

/// A linear layer generic over the batch dim: the batch passes through unchanged.
fn forward<B: Dim>(
    x: Tensor<f32, (B, Const<64>)>,
    w: &Tensor<f32, (Const<64>, Const<10>)>,
) -> Tensor<f32, (B, Const<10>)> {
    x.matmul(w)
}

fn main() {
    let v = Tensor::<f32, Rank1<3>>::zeros();
    let m = Tensor::<f32, Rank2<2, 3>>::zeros();
    let n = Tensor::<f32, Rank2<3, 4>>::zeros();
    let b = Tensor::<f32, Rank3<5, 2, 3>>::zeros();
    let c = Tensor::<f32, Rank3<5, 3, 4>>::zeros();
    let _: Tensor<f32, ()> = v.matmul(&v);
    let _: Tensor<f32, Rank1<2>> = m.matmul(&v);
    let _: Tensor<f32, Rank1<4>> = v.matmul(&n);
    let _: Tensor<f32, Rank2<2, 4>> = m.matmul(&n);
    let _: Tensor<f32, Rank3<5, 2, 4>> = b.matmul(&c);
    let _: Tensor<f32, Rank3<5, 2, 4>> = b.matmul(&n);
    let _: Tensor<f32, Rank3<5, 2, 4>> = m.matmul(&c);
    let one = Tensor::<f32, (One, Const<3>, Const<4>)>::zeros();
    let _: Tensor<f32, Rank3<5, 2, 4>> = b.matmul(&one);
    let p = Tensor::<f32, (Const<2>, One, Const<2>, Const<3>)>::zeros();
    let q = Tensor::<f32, (One, Const<6>, Const<3>, Const<4>)>::zeros();
    let _: Tensor<f32, Rank4<2, 6, 2, 4>> = p.matmul(&q);

    let w = Tensor::<f32, Rank2<64, 10>>::zeros();
    let x = Tensor::<f32, (usize, Const<64>)>::zeros_with((7, Const)).unwrap();
    let y: Tensor<f32, (usize, Const<10>)> = forward(x, &w);
    assert_eq!(y.dims(), &[7, 10]);
    let _: Tensor<f32, Rank2<3, 10>> = forward(Tensor::<f32, Rank2<3, 64>>::zeros(), &w);
}
