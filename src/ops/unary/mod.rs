//! Elementwise unary math.
//!
//! Each op is a zero-sized type with its scalar function, in its own file. Float ops
//! ([`FloatUnary`]) promote integer and bool input to `float32`, as PyTorch's `exp` or
//! `sqrt` do (except the rounding ops, which return integer input unchanged); numeric ops
//! ([`NumericUnary`]: `neg`, `abs`, `sign`, `square`) keep integer dtypes and reject bool.
//! `clamp` takes bounds and has its own driver in its file. The typed face calls the same
//! `apply` through the same kernel driver.

mod abs;
mod ceil;
mod clamp;
mod cos;
mod exp;
mod expm1;
mod floor;
mod log;
mod log1p;
mod neg;
mod reciprocal;
mod round;
mod rsqrt;
mod sign;
mod sin;
mod sqrt;
mod square;

pub use abs::Abs;
pub use ceil::Ceil;
pub use clamp::clamp;
pub use cos::Cos;
pub use exp::Exp;
pub use expm1::Expm1;
pub use floor::Floor;
pub use log::Log;
pub use log1p::Log1p;
pub use neg::Neg;
pub use reciprocal::Reciprocal;
pub use round::Round;
pub use rsqrt::Rsqrt;
pub use sign::Sign;
pub use sin::Sin;
pub use sqrt::Sqrt;
pub use square::Square;

use crate::autograd;
use crate::dtype::{DType, Element, Float, Numeric};
use crate::dyn_tensor::{Data, DynTensor, with_numeric};
use crate::error::{Error, Result};
use crate::kernel::vmath::VecOp;
use crate::kernel::{self, Cost};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// An elementwise function of floats.
pub trait FloatUnary: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// [`Cost::Heavy`] for transcendentals, so they go parallel on smaller inputs.
    const COST: Cost;
    /// `true` for ops that are the identity on integers (`floor`, `ceil`, `round`): integer
    /// input is returned unchanged with its dtype, as in PyTorch, and bool input is an error.
    const INT_IDENTITY: bool = false;
    /// The result for one element.
    fn apply<T: Float>(x: T) -> T;
    /// What [`FloatUnary::grad`] reads (only that is saved for backward).
    const SAVES: Saves;
    /// `g · f'(x)` for one element (see [`PointwiseGrad::grad`]).
    fn grad<T: Float>(g: T, x: T, y: T) -> T;
    /// The explicit kernel computing [`FloatUnary::apply`] over a slice, if there is one.
    const VEC: Option<VecOp> = None;
}

/// What the backward of a pointwise op `y = f(x)` reads besides the output's gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saves {
    /// Neither `x` nor `y` (`neg`, or a zero gradient as for `floor`).
    Neither,
    /// The input `x`.
    Input,
    /// The output `y` (cheaper when `f'` is a function of it: `exp`, `sigmoid`, `tanh`).
    Output,
    /// Both.
    Both,
}

/// The backward rule of a pointwise op `y = f(x)`: `dL/dx = g · f'(x)` elementwise.
pub trait PointwiseGrad: Copy + Send + Sync + 'static {
    /// What [`PointwiseGrad::grad`] reads.
    const SAVES: Saves;
    /// [`Cost::Heavy`] when the derivative has a transcendental.
    const COST: Cost = Cost::Cheap;
    /// `g · f'(x)` for one element, given the output's gradient `g`, the input `x` and the
    /// output `y`; a value not in [`PointwiseGrad::SAVES`] is passed as zero.
    fn grad<T: Float>(self, g: T, x: T, y: T) -> T;
}

/// The [`PointwiseGrad`] of a [`FloatUnary`] op.
#[derive(Clone, Copy, Debug)]
pub struct UnaryGrad<Op>(std::marker::PhantomData<Op>);

impl<Op: FloatUnary> PointwiseGrad for UnaryGrad<Op> {
    const SAVES: Saves = <Op as FloatUnary>::SAVES;
    const COST: Cost = Op::COST;
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, y: T) -> T {
        <Op as FloatUnary>::grad(g, x, y)
    }
}

/// The [`PointwiseGrad`] of a [`NumericUnary`] op.
#[derive(Clone, Copy, Debug)]
pub struct NumericGrad<Op>(std::marker::PhantomData<Op>);

impl<Op: NumericUnary> PointwiseGrad for NumericGrad<Op> {
    const SAVES: Saves = <Op as NumericUnary>::SAVES;
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, y: T) -> T {
        <Op as NumericUnary>::grad(g, x, y)
    }
}

/// Records `out = f(x)` for a pointwise op whose backward is `d`: the one recording site
/// of the unary ops and the activations. Saves (detached) only what `d` reads.
pub fn record_pointwise<T: Element, D: PointwiseGrad>(
    name: &'static str,
    x: &TensorImpl<T>,
    out: TensorImpl<T>,
    d: D,
) -> TensorImpl<T> {
    autograd::maybe_record(out, name, [x.autograd()], |out| {
        let xs =
            matches!(D::SAVES, Saves::Input | Saves::Both).then(|| DynTensor::from(x.detach()));
        let ys =
            matches!(D::SAVES, Saves::Output | Saves::Both).then(|| DynTensor::from(out.detach()));
        move |g: &DynTensor| {
            Ok(vec![Some(pointwise_backward(
                name,
                d,
                g,
                xs.as_ref(),
                ys.as_ref(),
            )?)])
        }
    })
}

/// `g · f'(x)` elementwise, from the saved `x` and `y` (same dtype as `g`).
fn pointwise_backward<D: PointwiseGrad>(
    name: &'static str,
    d: D,
    g: &DynTensor,
    x: Option<&DynTensor>,
    y: Option<&DynTensor>,
) -> Result<DynTensor> {
    fn run<T: Float, D: PointwiseGrad>(
        name: &'static str,
        d: D,
        g: &TensorImpl<T>,
        x: Option<&DynTensor>,
        y: Option<&DynTensor>,
    ) -> Result<TensorImpl<T>> {
        fn saved<T: Float>(t: Option<&DynTensor>) -> Option<&TensorImpl<T>> {
            t.map(|t| t.as_impl::<T>().expect("saved in the gradient's dtype"))
        }
        let z = T::ZERO;
        // NOTE: `inline(always)`, as in `activation::apply`: a long gradient (gelu's) would
        // otherwise stay an out-of-line call in the dispatched loops, which then run scalar.
        match (saved::<T>(x), saved::<T>(y)) {
            (None, None) => kernel::map(
                name,
                g,
                D::COST,
                #[inline(always)]
                move |g| d.grad(g, z, z),
            ),
            (Some(x), None) => kernel::zip(
                name,
                g,
                x,
                D::COST,
                #[inline(always)]
                move |g, x| d.grad(g, x, z),
            ),
            (None, Some(y)) => kernel::zip(
                name,
                g,
                y,
                D::COST,
                #[inline(always)]
                move |g, y| d.grad(g, z, y),
            ),
            (Some(x), Some(y)) => kernel::zip3(
                name,
                g,
                x,
                y,
                D::COST,
                #[inline(always)]
                move |g, x, y| d.grad(g, x, y),
            ),
        }
    }
    Ok(match g.data() {
        Data::Float32(g) => run(name, d, g, x, y)?.into(),
        Data::Float64(g) => run(name, d, g, x, y)?.into(),
        _ => return Err(Error::dtype(name, "a floating-point gradient", g.dtype())),
    })
}

/// Runs a float op on a typed tensor: the kernel both faces share (recording its backward).
pub fn apply<Op: FloatUnary, T: Float>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    let out = kernel::map_float(Op::NAME, x, Op::COST, Op::VEC, Op::apply::<T>)?;
    Ok(record_pointwise(
        Op::NAME,
        x,
        out,
        UnaryGrad::<Op>(std::marker::PhantomData),
    ))
}

/// A float op on a dynamic tensor; integer and bool input is promoted to `float32` (or,
/// for [`FloatUnary::INT_IDENTITY`] ops, integer input is copied unchanged).
pub fn float_unary<Op: FloatUnary>(x: &DynTensor) -> Result<DynTensor> {
    if Op::INT_IDENTITY {
        match x.dtype() {
            DType::Bool => {
                return Err(Error::dtype(
                    Op::NAME,
                    "a numeric (int or float)",
                    DType::Bool,
                ));
            }
            d if d.is_int() => return x.clone_data(),
            _ => {}
        }
    }
    let x = x.to_dtype(x.dtype().to_float())?;
    Ok(match x.data() {
        Data::Float32(t) => apply::<Op, f32>(t)?.into(),
        Data::Float64(t) => apply::<Op, f64>(t)?.into(),
        _ => unreachable!("converted to a float dtype above"),
    })
}

/// A float op in place. An integer tensor cannot hold the float result: an error, as in
/// PyTorch (for [`FloatUnary::INT_IDENTITY`] ops it is left as it is).
pub fn float_unary_<Op: FloatUnary>(x: &mut DynTensor) -> Result<()> {
    if let Some(done) = autograd::in_place(x, false, Op::NAME, float_unary::<Op>) {
        return done;
    }
    match x.data_mut() {
        Data::Float32(t) => {
            kernel::update_map_float(Op::NAME, t, Op::COST, Op::VEC, Op::apply::<f32>)
        }
        Data::Float64(t) => {
            kernel::update_map_float(Op::NAME, t, Op::COST, Op::VEC, Op::apply::<f64>)
        }
        Data::Int32(_) | Data::Int64(_) if Op::INT_IDENTITY => Ok(()),
        _ => Err(Error::dtype(
            Op::NAME,
            "a floating-point (in-place)",
            x.dtype(),
        )),
    }
}

/// A shape-keeping op on the typed face: runs the shared `kernel` on the engine tensor and
/// keeps the shape type. Used by the unary ops and the activations.
///
/// # Panics
/// With the kernel's error (for these ops, only a failed allocation).
pub fn typed<T: Element, S: Shape>(
    x: &Tensor<T, S>,
    kernel: impl FnOnce(&TensorImpl<T>) -> Result<TensorImpl<T>>,
) -> Tensor<T, S> {
    let inner = kernel(x.inner()).unwrap_or_else(|e| panic!("{e}"));
    Tensor::from_parts(inner, x.shape())
}

/// An elementwise function of numbers that keeps the dtype (integers stay integers).
pub trait NumericUnary: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// The result for one element (wrapping on integer overflow, as PyTorch does).
    fn apply<T: Numeric>(x: T) -> T;
    /// What [`NumericUnary::grad`] reads (only that is saved for backward).
    const SAVES: Saves;
    /// `g · f'(x)` for one float element (see [`PointwiseGrad::grad`]).
    fn grad<T: Float>(g: T, x: T, y: T) -> T;
}

/// Runs a numeric op on a typed tensor: the kernel both faces share (recording its
/// backward; only float tensors can require grad).
pub fn apply_numeric<Op: NumericUnary, T: Numeric>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    let out = kernel::map(Op::NAME, x, Cost::Cheap, Op::apply::<T>)?;
    Ok(record_pointwise(
        Op::NAME,
        x,
        out,
        NumericGrad::<Op>(std::marker::PhantomData),
    ))
}

/// A numeric op on a dynamic tensor, in its own dtype; a bool tensor is an
/// [`Error::DType`].
pub fn numeric_unary<Op: NumericUnary>(x: &DynTensor) -> Result<DynTensor> {
    with_numeric!(x, Op::NAME, t => Ok(apply_numeric::<Op, _>(t)?.into()))
}

/// A numeric op in place; a bool tensor is an [`Error::DType`].
pub fn numeric_unary_<Op: NumericUnary>(x: &mut DynTensor) -> Result<()> {
    if let Some(done) = autograd::in_place(x, false, Op::NAME, numeric_unary::<Op>) {
        return done;
    }
    match x.data_mut() {
        Data::Int32(t) => kernel::update_map(Op::NAME, t, Cost::Cheap, Op::apply::<i32>),
        Data::Int64(t) => kernel::update_map(Op::NAME, t, Cost::Cheap, Op::apply::<i64>),
        Data::Float32(t) => kernel::update_map(Op::NAME, t, Cost::Cheap, Op::apply::<f32>),
        Data::Float64(t) => kernel::update_map(Op::NAME, t, Cost::Cheap, Op::apply::<f64>),
        Data::Bool(_) => Err(Error::dtype(
            Op::NAME,
            "a numeric (int or float)",
            DType::Bool,
        )),
    }
}

/// Test helpers shared by the unary and activation tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::{DType, DynTensor, Result, TensorImpl};

    /// `true` if `got` is within `tol` of `want` (relative above 1, absolute below), or both
    /// are NaN, or both are the same infinity.
    pub fn close(got: f64, want: f64, tol: f64) -> bool {
        if want.is_nan() || want.is_infinite() {
            return got.is_nan() && want.is_nan() || got == want;
        }
        (got - want).abs() <= tol * want.abs().max(1.0)
    }

    /// Runs `op` on `xs` as `float32` and as `float64` and checks every element against
    /// `reference` (computed in `f64`), with tolerances `tol32` and `1e-12`.
    pub fn check_float(
        op: impl Fn(&DynTensor) -> Result<DynTensor>,
        reference: impl Fn(f64) -> f64,
        xs: &[f64],
        tol32: f64,
    ) {
        for dtype in [DType::Float32, DType::Float64] {
            let x = DynTensor::from_vec(xs.to_vec(), &[xs.len()])
                .unwrap()
                .to_dtype(dtype)
                .unwrap();
            let y = op(&x).unwrap();
            assert_eq!(y.dtype(), dtype);
            assert_eq!(y.shape(), &[xs.len()]);
            let tol = if dtype == DType::Float32 {
                tol32
            } else {
                1e-12
            };
            for (&x, got) in xs.iter().zip(y.to_vec_f64()) {
                // The float32 reference is taken at the float32-rounded input.
                let xr = if dtype == DType::Float32 {
                    x as f32 as f64
                } else {
                    x
                };
                let want = reference(xr);
                let want = if dtype == DType::Float32 {
                    want as f32 as f64
                } else {
                    want
                };
                assert!(
                    close(got, want, tol),
                    "{dtype} at {x}: got {got}, want {want}"
                );
            }
        }
    }

    /// Checks the gradient of `op` in `f64`: gradcheck at `xs` as `[2, 3]` and at the 0-d
    /// `xs[1]`; and through a transposed (non-contiguous) leaf, where it must equal the
    /// gradient through a contiguous copy (element for element, in logical order).
    pub fn check_grad(op: impl Fn(&DynTensor) -> Result<DynTensor>, xs: [f64; 6]) {
        use crate::autograd::gradcheck;
        let x = DynTensor::from_vec(xs.to_vec(), &[2, 3]).unwrap();
        gradcheck(|v| op(&v[0]), &[x], 1e-6, 1e-7, 1e-5).unwrap();
        let s = DynTensor::from_vec(vec![xs[1]], &[]).unwrap();
        gradcheck(|v| op(&v[0]), &[s], 1e-6, 1e-7, 1e-5).unwrap();
        let t = transposed(xs.to_vec(), 2, 3).requires_grad_(true).unwrap();
        let c = t
            .contiguous()
            .unwrap()
            .detach()
            .requires_grad_(true)
            .unwrap();
        assert!(!t.is_contiguous() && c.is_contiguous());
        let w = DynTensor::from_vec(vec![0.5, 1.5, -1.0, 2.0, 0.25, 1.0], &[3, 2]).unwrap();
        for leaf in [&t, &c] {
            op(leaf)
                .unwrap()
                .mul(&w)
                .unwrap()
                .sum()
                .unwrap()
                .backward()
                .unwrap();
        }
        let (gt, gc) = (t.grad().unwrap(), c.grad().unwrap());
        assert_eq!(gt.shape(), &[3, 2]);
        for (a, b) in gt.to_vec_f64().into_iter().zip(gc.to_vec_f64()) {
            assert!(close(a, b, 1e-12), "{a} vs {b}");
        }
    }

    /// A `[cols, rows]` view (transposed, not contiguous) of a row-major `[rows, cols]` buffer.
    pub fn transposed<T: crate::Element>(data: Vec<T>, rows: usize, cols: usize) -> DynTensor {
        let t = TensorImpl::from_vec(data, &[rows, cols], "test").unwrap();
        let v: DynTensor = t.view(t.layout().transpose(0, 1)).into();
        assert!(!v.is_contiguous());
        v
    }
}

#[cfg(test)]
mod tests {
    use crate::ops::binary::tests::same;
    use crate::shape::{Const, Rank1};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_unary_ops_equal_the_dyn_ops() {
        let xs = vec![0.25f64, -1.5, 2.5, 0.0, -0.0, 4.0, f64::INFINITY, f64::NAN];
        let x = Tensor::<f64, Rank1<8>>::from_vec(xs.clone()).unwrap();
        let d = x.to_dyn();
        same(&x.exp(), d.exp());
        same(&x.expm1(), d.expm1());
        same(&x.log(), d.log());
        same(&x.log1p(), d.log1p());
        same(&x.sqrt(), d.sqrt());
        same(&x.rsqrt(), d.rsqrt());
        same(&x.sin(), d.sin());
        same(&x.cos(), d.cos());
        same(&x.reciprocal(), d.reciprocal());
        same(&x.floor(), d.floor());
        same(&x.ceil(), d.ceil());
        same(&x.round(), d.round());
        same(&x.abs(), d.abs());
        same(&x.neg(), d.neg());
        same(&(-&x), d.neg());
        same(&x.sign(), d.sign());
        same(&x.square(), d.square());
        same(&x.clamp(-1.0, 1.0), d.clamp(Some(-1.0), Some(1.0)));
        same(&x.clamp_min(0.5), d.clamp_min(0.5));
        same(&x.clamp_max(0.5), d.clamp_max(0.5));
        assert_eq!(x.round().to_vec()[..3], [0.0, -2.0, 2.0], "ties to even");
        // A transposed (non-contiguous) f32 view, and integers keeping their dtype.
        let v = DynTensor::from_vec(vec![1.0f32, 4.0, 9.0, 16.0, 25.0, 36.0], &[2, 3]).unwrap();
        let t = Tensor::<f32, (Const<3>, usize)>::try_from(v.t().unwrap()).unwrap();
        assert_eq!(t.sqrt().to_vec(), vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
        same(&t.exp(), t.to_dyn().exp());
        let i = Tensor::<i32, (usize,)>::from_vec_with(vec![-3, 0, 7], (3,)).unwrap();
        assert_eq!((-&i).to_vec(), vec![3, 0, -7]);
        assert_eq!(i.abs().square().to_vec(), vec![9, 0, 49]);
        assert_eq!(i.clamp(-1, 5).to_vec(), vec![-1, 0, 5]);
        let e = Tensor::<f32, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        assert_eq!(e.exp().dims(), &[0, 2]);
        let s = Tensor::<f64, ()>::full(1.0);
        assert_eq!(s.exp().to_vec(), vec![std::f64::consts::E]);
    }
}
