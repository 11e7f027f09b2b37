//! The autograd API and engine, with the ops that record so far.

use super::*;
use crate::dtype::DType;
use crate::shape::{Const, Rank2};
use crate::{DynTensor, Error, Tensor};

fn t(v: &[f64], shape: &[usize]) -> DynTensor {
    DynTensor::from_vec(v.to_vec(), shape).unwrap()
}

fn leaf(v: &[f64], shape: &[usize]) -> DynTensor {
    t(v, shape).requires_grad_(true).unwrap()
}

fn grad(x: &DynTensor) -> Vec<f64> {
    x.grad()
        .expect("a gradient was stored")
        .to_vec::<f64>()
        .unwrap()
}

#[test]
fn backward_of_a_square_sum_is_twice_the_input() {
    let x = leaf(&[1.0, -2.0, 3.0], &[3]);
    let y = x.mul(&x).unwrap().sum().unwrap();
    assert_eq!(y.grad_fn(), Some("sum"));
    assert!(!y.is_leaf() && x.is_leaf());
    y.backward().unwrap();
    assert_eq!(grad(&x), vec![2.0, -4.0, 6.0]);
}

#[test]
fn gradients_accumulate_and_zero_grad_clears_them() {
    let x = leaf(&[1.0, 2.0], &[2]);
    for _ in 0..2 {
        x.mul_scalar(3.0)
            .unwrap()
            .sum()
            .unwrap()
            .backward()
            .unwrap();
    }
    assert_eq!(grad(&x), vec![6.0, 6.0]);
    x.zero_grad();
    assert!(x.grad().is_none());
}

#[test]
fn a_freed_graph_is_an_error_unless_retained() {
    let x = leaf(&[1.0, 2.0], &[2]);
    let y = x.mul(&x).unwrap().sum().unwrap();
    y.backward_with(None, true).unwrap();
    y.backward().unwrap();
    assert_eq!(grad(&x), vec![4.0, 8.0]);
    let e = y.backward().unwrap_err();
    assert!(matches!(e, Error::Autograd { .. }));
    assert!(
        e.to_string().contains("freed by an earlier backward"),
        "{e}"
    );
    assert_eq!(
        grad(&x),
        vec![4.0, 8.0],
        "a failed backward changes no gradient"
    );
}

#[test]
fn backward_frees_the_saved_tensors() {
    let x = leaf(&[1.0, 2.0], &[2]);
    let refs = |x: &DynTensor| x.as_impl::<f64>().unwrap().storage_refs();
    assert_eq!(refs(&x), 1);
    let y = x.mul(&x).unwrap().sum().unwrap();
    assert_eq!(refs(&x), 3, "mul saved both operands");
    y.backward().unwrap();
    assert_eq!(refs(&x), 1, "backward dropped them");
}

#[test]
fn misuse_is_an_error_naming_the_problem() {
    let x = leaf(&[1.0, 2.0], &[2]);
    let e = x.mul_scalar(2.0).unwrap().backward().unwrap_err();
    assert!(
        e.to_string()
            .contains("only for a scalar output, got shape [2]"),
        "{e}"
    );
    let e = t(&[1.0], &[]).backward().unwrap_err();
    assert!(e.to_string().contains("does not require grad"), "{e}");
    let e = DynTensor::from_vec(vec![1i64], &[1])
        .unwrap()
        .requires_grad_(true)
        .unwrap_err();
    assert!(e.to_string().contains("only floating-point tensors"), "{e}");
    let y = x.mul_scalar(2.0).unwrap();
    assert!(y.clone().requires_grad_(false).is_err());
    let e = y
        .backward_with(Some(&t(&[1.0; 3], &[3])), false)
        .unwrap_err();
    assert!(matches!(e, Error::ShapeMismatch { .. }), "{e}");
    // A non-scalar output takes its gradient explicitly.
    y.backward_with(Some(&t(&[1.0, 10.0], &[2])), false)
        .unwrap();
    assert_eq!(grad(&x), vec![2.0, 20.0]);
}

#[test]
fn no_grad_and_detach_record_nothing() {
    let x = leaf(&[1.0, 2.0], &[2]);
    let y = no_grad(|| x.mul(&x).unwrap());
    assert!(!y.requires_grad());
    let z = x.detach().mul(&x).unwrap().sum().unwrap();
    z.backward().unwrap();
    assert_eq!(
        grad(&x),
        vec![1.0, 2.0],
        "only the non-detached operand passes gradient"
    );
    assert!(x.detach().shares_storage(&x));
}

#[test]
fn in_place_ops_on_a_leaf_fail_and_on_a_result_are_recorded() {
    let mut x = leaf(&[1.0, 2.0], &[2]);
    let e = x.add_(&t(&[1.0, 1.0], &[2])).unwrap_err();
    assert!(e.to_string().contains("cannot be changed in place"), "{e}");
    assert_eq!(x.to_vec::<f64>().unwrap(), vec![1.0, 2.0]);
    // Inside no_grad a parameter update is allowed and keeps the leaf.
    no_grad(|| x.sub_(&t(&[0.5, 0.5], &[2]))).unwrap();
    assert!(x.requires_grad() && x.is_leaf());
    assert_eq!(x.to_vec::<f64>().unwrap(), vec![0.5, 1.5]);
    // y = 2x; y += x; Σ y has gradient 3 at every x.
    let mut y = x.mul_scalar(2.0).unwrap();
    let saved = y.clone();
    y.add_(&x).unwrap();
    assert_eq!(
        saved.to_vec::<f64>().unwrap(),
        vec![1.0, 3.0],
        "the old value is intact"
    );
    y.sum().unwrap().backward().unwrap();
    assert_eq!(grad(&x), vec![3.0, 3.0]);
}

#[test]
fn in_place_unary_ops_and_activations_record_like_their_out_of_place_forms() {
    let mut x = leaf(&[0.5, -1.0, 2.0], &[3]);
    for op in [DynTensor::exp_, DynTensor::relu_, DynTensor::sigmoid_] {
        let e = op(&mut x).unwrap_err();
        assert!(e.to_string().contains("cannot be changed in place"), "{e}");
    }
    let e = x.leaky_relu_(0.1).unwrap_err();
    assert!(e.to_string().contains("leaky_relu"), "{e}");
    assert_eq!(
        x.to_vec::<f64>().unwrap(),
        vec![0.5, -1.0, 2.0],
        "x is untouched"
    );
    // y = relu(2x)^2 in place on a non-leaf: dy/dx = 8x where x > 0, else 0.
    let mut y = x.mul_scalar(2.0).unwrap();
    y.relu_().unwrap();
    y.square_().unwrap();
    assert_eq!(y.to_vec::<f64>().unwrap(), vec![1.0, 0.0, 16.0]);
    y.sum().unwrap().backward().unwrap();
    assert_eq!(grad(&x), vec![4.0, 0.0, 16.0]);
    // A leaf is updated in place inside no_grad, and stays a leaf.
    no_grad(|| x.exp_()).unwrap();
    assert!(x.is_leaf() && x.grad_fn().is_none());
    assert_eq!(
        x.to_vec::<f64>().unwrap(),
        vec![0.5f64.exp(), (-1.0f64).exp(), 2.0f64.exp()]
    );
}

#[test]
fn a_cast_passes_the_gradient_back_in_the_input_dtype() {
    let x = DynTensor::from_vec(vec![1.0f32, 2.0], &[2])
        .unwrap()
        .requires_grad_(true)
        .unwrap();
    let y = x
        .to_dtype(DType::Float64)
        .unwrap()
        .mul(&t(&[3.0, 4.0], &[2]))
        .unwrap();
    y.sum().unwrap().backward().unwrap();
    let g = x.grad().unwrap();
    assert_eq!(g.dtype(), DType::Float32);
    assert_eq!(g.to_vec::<f32>().unwrap(), vec![3.0, 4.0]);
    // Mixed dtypes promote through the same recorded cast.
    let z = x.mul(&t(&[1.0, 1.0], &[2])).unwrap();
    assert_eq!(z.dtype(), DType::Float64);
}

#[test]
fn a_shared_input_sums_the_gradients_of_every_path() {
    // y = x * (x + x): dy/dx = 4x, over a diamond-shaped graph.
    let x = leaf(&[1.5, -1.0], &[2]);
    let y = x.mul(&x.add(&x).unwrap()).unwrap().sum().unwrap();
    y.backward().unwrap();
    assert_eq!(grad(&x), vec![6.0, -4.0]);
}

#[test]
fn binary_ops_and_reductions_pass_gradcheck_with_broadcasting() {
    let a = t(&[0.5, -1.2, 2.0, 0.7, 1.1, -0.3], &[2, 3]);
    let b = t(&[1.5, 0.8, -2.5], &[3]);
    let col = t(&[0.9, 1.7], &[2, 1]);
    let check = |f: &dyn Fn(&[DynTensor]) -> crate::Result<DynTensor>, xs: &[DynTensor]| {
        gradcheck(f, xs, 1e-6, 1e-7, 1e-5).unwrap()
    };
    check(&|v| v[0].add(&v[1]), &[a.clone(), b.clone()]);
    check(&|v| v[0].sub(&v[1]), &[a.clone(), col.clone()]);
    check(&|v| v[0].mul(&v[1]), &[b.clone(), col.clone()]);
    check(&|v| v[0].div(&v[1]), &[a.clone(), b.clone()]);
    check(&|v| v[0].maximum(&v[1]), &[a.clone(), b.clone()]);
    check(&|v| v[0].minimum(&v[1]), &[a.clone(), col.clone()]);
    check(
        &|v| v[0].mul(&v[0])?.add_scalar(0.5)?.pow(&v[1]),
        &[a.clone(), b.clone()],
    );
    check(&|v| v[0].sum_dim(1, false), std::slice::from_ref(&a));
    check(&|v| v[0].sum_dim(0, true), std::slice::from_ref(&a));
    check(
        &|v| v[0].mean_dim(-1, false)?.mul(&v[0].mean()?),
        std::slice::from_ref(&a),
    );
    check(
        &|v| {
            v[0].add_scalar(2.0)?
                .mul_scalar(-3.0)?
                .div_scalar(0.5)?
                .sub_scalar(1.0)
        },
        std::slice::from_ref(&a),
    );
}

#[test]
fn gradcheck_catches_a_wrong_gradient() {
    // An op that claims d(2x)/dx = 3.
    let wrong = |v: &[DynTensor]| -> crate::Result<DynTensor> {
        let x = v[0].as_impl::<f64>().unwrap();
        let out = crate::kernel::map("double", x, crate::kernel::Cost::Cheap, |e| 2.0 * e)?;
        Ok(maybe_record(out, "double", [x.autograd()], |_| {
            |g: &DynTensor| Ok(vec![Some(g.mul_scalar(3.0)?)])
        })
        .into())
    };
    let e = gradcheck(wrong, &[t(&[1.0, 2.0], &[2])], 1e-6, 1e-7, 1e-5).unwrap_err();
    // The check weights the outputs, so the two figures are 3w and 2w.
    assert!(
        e.to_string()
            .contains("input 0 (shape [2]), element 0: autograd gives 3.35"),
        "{e}"
    );
}

#[test]
fn the_typed_face_keeps_the_shape_through_backward() {
    let x = Tensor::<f32, Rank2<2, 2>>::from_vec(vec![1.0, 2.0, 3.0, 4.0])
        .unwrap()
        .requires_grad_(true);
    let b = Tensor::<f32, (Const<2>,)>::from_vec(vec![10.0, 20.0]).unwrap();
    let loss: Tensor<f32, ()> = x.mul(&x).add(&b).mean();
    loss.backward().unwrap();
    let g: Tensor<f32, Rank2<2, 2>> = x.grad().unwrap();
    assert_eq!(g.to_vec(), vec![0.5, 1.0, 1.5, 2.0]);
    assert!(loss.backward().is_err(), "the graph was freed");
    x.zero_grad();
    assert!(x.grad().is_none());
    assert!(!x.detach().requires_grad());
}
