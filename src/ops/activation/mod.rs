//! Activation functions, with PyTorch's definitions and defaults.
//!
//! Pointwise activations are zero-sized (or parameter-carrying) types implementing
//! [`Activation`], one per file, each with its scalar function written to stay finite at
//! the extremes (`±1000`, `±inf`) wherever the true result is finite. They promote integer
//! and bool input to `float32`, except `relu` and `leaky_relu`, which keep integer dtypes
//! (their files hold their own numeric kernels).
//!
//! `softmax` and `log_softmax` implement [`RowOp`]: a fused, sequential kernel over one
//! contiguous row (max, sum of exponentials, normalize). [`along_dim`] runs it over the
//! rows of the requested dim with [`kernel::map_rows`]; a dim other than the last is first
//! moved last (a transposed view copied contiguous) and the result moved back, so the
//! output is always contiguous in the input's dim order.

mod elu;
mod gelu;
mod leaky_relu;
mod log_softmax;
mod mish;
mod relu;
mod selu;
mod sigmoid;
mod silu;
mod softmax;
mod softplus;
mod softsign;
mod tanh;

pub use elu::Elu;
pub use gelu::{Gelu, GeluErf, GeluTanh};
pub use leaky_relu::leaky_relu;
pub use log_softmax::LogSoftmax;
pub use mish::Mish;
pub use relu::relu;
pub use selu::Selu;
pub use sigmoid::Sigmoid;
#[cfg(test)]
pub(crate) use sigmoid::sigmoid;
pub use silu::Silu;
pub use softmax::Softmax;
pub use softplus::Softplus;
pub use softsign::Softsign;
pub use tanh::Tanh;

use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor, with_float};
use crate::error::{Error, Result};
use crate::kernel::vmath::VecOp;
use crate::kernel::{self, Cost};
use crate::layout::normalize_dim;
use crate::ops::unary::{PointwiseGrad, Saves, record_pointwise};
use crate::tensor_impl::TensorImpl;

/// A pointwise activation of floats; `self` carries the parameters (`alpha`, `beta`, ...).
pub trait Activation: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// [`Cost::Heavy`] for activations with a transcendental.
    const COST: Cost;
    /// The result for one element.
    fn apply<T: Float>(self, x: T) -> T;
    /// What [`Activation::grad`] reads (only that is saved for backward).
    const SAVES: Saves;
    /// `g · f'(x)` for one element (see [`PointwiseGrad::grad`]).
    fn grad<T: Float>(self, g: T, x: T, y: T) -> T;
    /// The explicit kernel computing [`Activation::apply`] over a slice, if there is one.
    fn vec_op(self) -> Option<VecOp> {
        None
    }
}

/// The [`PointwiseGrad`] of an [`Activation`].
#[derive(Clone, Copy, Debug)]
pub struct ActivationGrad<A>(pub A);

impl<A: Activation> PointwiseGrad for ActivationGrad<A> {
    const SAVES: Saves = <A as Activation>::SAVES;
    const COST: Cost = A::COST;
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, y: T) -> T {
        self.0.grad(g, x, y)
    }
}

/// Runs an activation on a typed tensor: the kernel both faces share (recording its
/// backward).
pub fn apply<A: Activation, T: Float>(x: &TensorImpl<T>, a: A) -> Result<TensorImpl<T>> {
    // NOTE: `inline(always)` on the closures: a long body (gelu's normal tail) otherwise
    // stays an out-of-line call in the dispatched loops, which then run scalar (~6x slower).
    let out = kernel::map_float(
        A::NAME,
        x,
        A::COST,
        a.vec_op(),
        #[inline(always)]
        move |v| a.apply(v),
    )?;
    Ok(record_pointwise(A::NAME, x, out, ActivationGrad(a)))
}

/// An activation on a dynamic tensor; integer and bool input is promoted to `float32`.
pub fn activation<A: Activation>(x: &DynTensor, a: A) -> Result<DynTensor> {
    let x = x.to_dtype(x.dtype().to_float())?;
    Ok(match x.data() {
        Data::Float32(t) => apply(t, a)?.into(),
        Data::Float64(t) => apply(t, a)?.into(),
        _ => unreachable!("converted to a float dtype above"),
    })
}

/// An activation in place; an integer or bool tensor cannot hold the result (an error, as
/// in PyTorch).
pub fn activation_<A: Activation>(x: &mut DynTensor, a: A) -> Result<()> {
    if let Some(done) = autograd::in_place(x, false, A::NAME, |x| activation(x, a)) {
        return done;
    }
    match x.data_mut() {
        Data::Float32(t) => kernel::update_map_float(
            A::NAME,
            t,
            A::COST,
            a.vec_op(),
            #[inline(always)]
            move |v| a.apply(v),
        ),
        Data::Float64(t) => kernel::update_map_float(
            A::NAME,
            t,
            A::COST,
            a.vec_op(),
            #[inline(always)]
            move |v| a.apply(v),
        ),
        _ => Err(Error::dtype(
            A::NAME,
            "a floating-point (in-place)",
            x.dtype(),
        )),
    }
}

/// An op computed a whole row at a time (`softmax`, `log_softmax`).
pub trait RowOp: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// Writes the results for the consecutive rows of `len` in `x` into `out` (same
    /// length), sequentially.
    fn rows<T: Float>(x: &[T], len: usize, out: &mut [T]);
    /// The gradient of the input from `g`, the gradient of the output `y`, along `dim`
    /// (`y` and `g` have at least one dim).
    fn backward(g: &DynTensor, y: &DynTensor, dim: isize) -> Result<DynTensor>;
}

/// Runs a row op along `dim` of a typed tensor: the kernel both faces share. A 0-d tensor
/// is one row of one element (dim 0); the output is contiguous, in `x`'s dim order.
///
/// # Errors
/// [`Error::DimOutOfRange`] if `dim` is not below `max(ndim, 1)`.
pub fn along_dim<R: RowOp, T: Float>(x: &TensorImpl<T>, dim: usize) -> Result<TensorImpl<T>> {
    let out = along_dim_forward::<R, T>(x, dim)?;
    Ok(autograd::maybe_record(
        out,
        R::NAME,
        [x.autograd()],
        |out| {
            let y = DynTensor::from(out.detach());
            move |g: &DynTensor| {
                // A 0-d tensor is one row of one element: view both as `[1]`.
                let grad = if y.ndim() == 0 {
                    R::backward(&g.reshape(&[1])?, &y.reshape(&[1])?, 0)?.reshape(&[])?
                } else {
                    R::backward(g, &y, dim as isize)?
                };
                Ok(vec![Some(grad)])
            }
        },
    ))
}

fn along_dim_forward<R: RowOp, T: Float>(x: &TensorImpl<T>, dim: usize) -> Result<TensorImpl<T>> {
    let nd = x.dims().len();
    let dim = normalize_dim(dim as isize, nd.max(1), x.dims(), R::NAME)?;
    if nd == 0 {
        return kernel::map_rows(R::NAME, x, 1, Cost::Heavy, |x, o| R::rows(x, 1, o));
    }
    let (last, len) = (nd - 1, x.dims()[dim]);
    if dim == last {
        return kernel::map_rows(R::NAME, x, len, Cost::Heavy, |x, o| R::rows(x, len, o));
    }
    let moved = x.view(x.layout().transpose(dim, last));
    let out = kernel::map_rows(R::NAME, &moved, len, Cost::Heavy, |x, o| R::rows(x, len, o))?;
    out.view(out.layout().transpose(dim, last))
        .contiguous(R::NAME)
}

/// A row op along `dim` (negative counts from the end) of a float dynamic tensor.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a bad dim; [`Error::DType`] for integer or bool input
/// (PyTorch's softmax does not take them either).
pub fn rowwise<R: RowOp>(x: &DynTensor, dim: isize) -> Result<DynTensor> {
    let d = normalize_dim(dim, x.ndim().max(1), x.shape(), R::NAME)?;
    with_float!(x, R::NAME, t => Ok(along_dim::<R, _>(t, d)?.into()))
}

/// Test helpers for the activation files.
#[cfg(test)]
pub(crate) mod testing {
    use crate::{DType, DynTensor, Result};

    /// Runs `op` on `xs` as `float32` and `float64` and checks each result equals `want`
    /// exactly (including the sign of zero, and NaN for NaN).
    pub fn check_exact(op: impl Fn(&DynTensor) -> Result<DynTensor>, xs: &[f64], want: &[f64]) {
        for dtype in [DType::Float32, DType::Float64] {
            let x = DynTensor::from_vec(xs.to_vec(), &[xs.len()])
                .unwrap()
                .to_dtype(dtype)
                .unwrap();
            let y = op(&x).unwrap();
            assert_eq!(y.dtype(), dtype);
            for ((&x, got), &w) in xs.iter().zip(y.to_vec_f64()).zip(want) {
                let same = if w.is_nan() {
                    got.is_nan()
                } else {
                    got == w && got.is_sign_negative() == w.is_sign_negative()
                };
                assert!(same, "{dtype} at {x}: got {got}, want {w}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Gelu;
    use crate::ops::binary::tests::same;
    use crate::shape::{Const, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_activations_equal_the_dyn_ops() {
        let xs = vec![-1000.0f32, -2.0, -0.5, 0.0, 0.5, 3.0, 1000.0, f32::NAN];
        let x = Tensor::<f32, Rank2<2, 4>>::from_vec(xs).unwrap();
        let d = x.to_dyn();
        same(&x.relu(), d.relu());
        same(&x.leaky_relu(0.1), d.leaky_relu(0.1));
        same(&x.elu(0.5), d.elu(0.5));
        same(&x.selu(), d.selu());
        same(&x.sigmoid(), d.sigmoid());
        same(&x.silu(), d.silu());
        same(&x.mish(), d.mish());
        same(&x.softplus(2.0, 10.0), d.softplus(2.0, 10.0));
        same(&x.softsign(), d.softsign());
        same(&x.tanh(), d.tanh());
        same(&x.gelu(Gelu::None), d.gelu(Gelu::None));
        same(&x.gelu(Gelu::Tanh), d.gelu(Gelu::Tanh));
        assert_eq!(
            x.relu().to_vec()[..7],
            [0.0, 0.0, 0.0, 0.0, 0.5, 3.0, 1000.0]
        );
        // A chain on a transposed f64 view with a runtime dim; integers keep their dtype.
        let v = DynTensor::from_vec(vec![-1.0f64, 2.0, -3.0, 4.0], &[2, 2]).unwrap();
        let t = Tensor::<f64, (usize, Const<2>)>::try_from(v.t().unwrap()).unwrap();
        assert_eq!(t.relu().to_vec(), vec![0.0, 0.0, 2.0, 4.0]);
        same(&t.tanh().sigmoid(), t.to_dyn().tanh().unwrap().sigmoid());
        let i = Tensor::<i64, (usize,)>::from_vec_with(vec![-7, 5], (2,)).unwrap();
        assert_eq!(i.relu().to_vec(), vec![0, 5]);
        assert_eq!(i.leaky_relu(0.5).to_vec(), vec![-3, 5]);
    }

    #[test]
    fn typed_relu_and_softmax_backward() {
        use crate::shape::Axis;
        // relu: the gradient of Σ relu(x) is 1 where x > 0, else 0 (also at 0).
        let x = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![-1.0, 2.0, 0.0, 3.5, -0.5, 0.25])
            .unwrap()
            .requires_grad_(true);
        x.relu().sum().backward().unwrap();
        let g: Tensor<f32, Rank2<2, 3>> = x.grad().unwrap();
        assert_eq!(g.to_vec(), vec![0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
        // softmax along the rows, weighted by w: dx = y (w - Σ w y) per row.
        let x = Tensor::<f32, Rank2<2, 2>>::from_vec(vec![0.0, 0.0, 1.0, 2.0])
            .unwrap()
            .requires_grad_(true);
        let w = Tensor::<f32, Rank2<2, 2>>::from_vec(vec![1.0, 3.0, 2.0, 0.0]).unwrap();
        x.softmax(Axis::<1>).mul(&w).sum().backward().unwrap();
        // Row 0: y = [.5, .5], Σ w y = 2, dx = [.5 (1 - 2), .5 (3 - 2)] = [-.5, .5].
        // Row 1: y = [a, b] = [1/(1+e), e/(1+e)], Σ w y = 2a, dx = [a (2 - 2a), b (0 - 2a)].
        let e = std::f32::consts::E;
        let (a, b) = (1.0 / (1.0 + e), e / (1.0 + e));
        let want = [-0.5, 0.5, a * (2.0 - 2.0 * a), -b * 2.0 * a];
        for (g, w) in x.grad().unwrap().to_vec().iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{g} vs {w}");
        }
    }
}
