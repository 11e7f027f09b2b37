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

use crate::dtype::{DType, Float, Numeric};
use crate::dyn_tensor::{Data, DynTensor, with_numeric};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
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
}

/// Runs a float op on a typed tensor: the kernel both faces share.
pub fn apply<Op: FloatUnary, T: Float>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    kernel::map(Op::NAME, x, Op::COST, Op::apply::<T>)
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
    match x.data_mut() {
        Data::Float32(t) => kernel::update_map(Op::NAME, t, Op::COST, Op::apply::<f32>),
        Data::Float64(t) => kernel::update_map(Op::NAME, t, Op::COST, Op::apply::<f64>),
        Data::Int32(_) | Data::Int64(_) if Op::INT_IDENTITY => Ok(()),
        _ => Err(Error::dtype(
            Op::NAME,
            "a floating-point (in-place)",
            x.dtype(),
        )),
    }
}

/// An elementwise function of numbers that keeps the dtype (integers stay integers).
pub trait NumericUnary: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// The result for one element (wrapping on integer overflow, as PyTorch does).
    fn apply<T: Numeric>(x: T) -> T;
}

/// Runs a numeric op on a typed tensor: the kernel both faces share.
pub fn apply_numeric<Op: NumericUnary, T: Numeric>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    kernel::map(Op::NAME, x, Cost::Cheap, Op::apply::<T>)
}

/// A numeric op on a dynamic tensor, in its own dtype; a bool tensor is an
/// [`Error::DType`].
pub fn numeric_unary<Op: NumericUnary>(x: &DynTensor) -> Result<DynTensor> {
    with_numeric!(x, Op::NAME, t => Ok(apply_numeric::<Op, _>(t)?.into()))
}

/// A numeric op in place; a bool tensor is an [`Error::DType`].
pub fn numeric_unary_<Op: NumericUnary>(x: &mut DynTensor) -> Result<()> {
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

    /// A `[cols, rows]` view (transposed, not contiguous) of a row-major `[rows, cols]` buffer.
    pub fn transposed<T: crate::Element>(data: Vec<T>, rows: usize, cols: usize) -> DynTensor {
        let t = TensorImpl::from_vec(data, &[rows, cols], "test").unwrap();
        let v: DynTensor = t.view(t.layout().transpose(0, 1)).into();
        assert!(!v.is_contiguous());
        v
    }
}
