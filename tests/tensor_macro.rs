//! The `tensor!` literal through the public API: shapes, values and inferred element types.

use rusttorch::shape::{Const, Rank0, Rank1, Rank2, Rank3, Rank4, Rank5, Rank6};
use rusttorch::{DynTensor, Tensor, tensor};

#[test]
fn nested_literals_give_static_shapes_and_row_major_values() {
    let m = tensor!([[1., 2., 3.], [4., 5., 6.]]);
    let _: &Tensor<f64, (Const<2>, Const<3>)> = &m;
    assert_eq!(m.dims(), &[2, 3]);
    assert_eq!(m.to_vec(), vec![1., 2., 3., 4., 5., 6.]);
    let d = DynTensor::from(m.clone());
    assert_eq!(
        d.select(1, 2).unwrap().to_vec::<f64>().unwrap(),
        vec![3., 6.]
    );

    let v = tensor!([1, 2, 3]);
    let _: &Tensor<i32, Rank1<3>> = &v;
    assert_eq!(v.to_vec(), vec![1, 2, 3]);

    let f: Tensor<f32, Rank3<2, 2, 1>> = tensor!([[[1.], [2.]], [[3.], [-4.5]]]);
    assert_eq!(f.to_vec(), vec![1., 2., 3., -4.5]);

    let r4: Tensor<i32, Rank4<1, 1, 2, 2>> = tensor!([[[[1, 2], [3, 4]]]]);
    assert_eq!(r4.to_vec(), vec![1, 2, 3, 4]);
    let r5: Tensor<i64, Rank5<2, 1, 1, 1, 1>> = tensor!([[[[[7]]]], [[[[-7]]]]]);
    assert_eq!(r5.to_vec(), vec![7, -7]);
    let r6: Tensor<bool, Rank6<1, 1, 1, 1, 1, 3>> = tensor!([[[[[[true, false, true]]]]]]);
    assert_eq!(r6.to_vec(), vec![true, false, true]);
}

#[test]
fn elements_are_expressions_and_rows_may_repeat() {
    let (a, b, c) = (1.5f32, -2.0f32, 4.0f32);
    let t = tensor!([[a, b], [c.sqrt(), 1.0]]);
    let _: &Tensor<f32, Rank2<2, 2>> = &t;
    assert_eq!(t.to_vec(), vec![1.5, -2.0, 2.0, 1.0]);

    let z = tensor!([[0i64; 3]; 2]);
    let _: &Tensor<i64, Rank2<2, 3>> = &z;
    assert_eq!(z.to_vec(), vec![0; 6]);
    let mixed = tensor!([[1., 2.], [f64::NAN; 2]]);
    assert_eq!(mixed.to_vec()[..2], [1., 2.]);
    assert!(mixed.to_vec()[2..].iter().all(|x| x.is_nan()));

    // Through a macro_rules! `$e:expr` (an invisible group around the literal).
    macro_rules! wrap {
        ($e:expr) => {
            tensor!($e)
        };
    }
    let w = wrap!([[1i64], [2]]);
    let _: &Tensor<i64, Rank2<2, 1>> = &w;
    assert_eq!(w.to_vec(), vec![1, 2]);
}

#[test]
fn scalars_and_empty_literals() {
    let s = tensor!(5.0);
    let _: &Tensor<f64, Rank0> = &s;
    assert_eq!((s.dims(), s.to_vec()), (&[] as &[usize], vec![5.0]));
    let x = 3i64;
    let s = tensor!(x * 2);
    assert_eq!(s.to_dyn().item::<i64>().unwrap(), 6);

    // Like torch.tensor([]): shape [0], float32.
    let e = tensor!([]);
    let _: &Tensor<f32, Rank1<0>> = &e;
    assert_eq!((e.dims(), e.to_vec()), (&[0][..], Vec::<f32>::new()));
    let e = tensor!([[], [], []]);
    let _: &Tensor<f32, Rank2<3, 0>> = &e;
    assert_eq!(e.dims(), &[3, 0]);
}

#[test]
fn macro_results_feed_typed_ops() {
    let a = tensor!([[1f32, 2., 3.], [4., 5., 6.]]);
    let b = tensor!([10f32, 20., 30.]);
    let c: Tensor<f32, Rank2<2, 3>> = a.add(&b);
    assert_eq!(c.to_vec(), vec![11., 22., 33., 14., 25., 36.]);
}
