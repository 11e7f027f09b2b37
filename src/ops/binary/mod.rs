//! Elementwise binary ops with NumPy broadcasting and PyTorch type promotion.
//!
//! Each op is a zero-sized type implementing [`BinaryOp`] (its scalar function, generic
//! over the element type) in its own file. [`binary`], [`binary_scalar`] and
//! [`binary_`] are the dynamic entry points: they promote the dtypes, dispatch once, and
//! hand the scalar function to the kernel drivers, which broadcast, vectorize and
//! parallelize. The typed face calls the same `BinaryOp::apply` through the same drivers.

mod add;
mod compare;
mod div;
mod fma;
mod maximum;
mod minimum;
mod mul;
mod pow;
mod sub;
mod r#where;

pub use add::Add;
pub use compare::{Eq, Ge, Gt, Le, Lt, Ne};
pub use div::Div;
pub use maximum::Maximum;
pub use minimum::Minimum;
pub use mul::Mul;
pub use pow::Pow;
pub use sub::Sub;

use crate::dtype::{DType, Numeric, Scalar};
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// An elementwise binary op on numeric elements, `out = f(a, b)`.
pub trait BinaryOp: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// The result for two elements.
    fn apply<T: Numeric>(a: T, b: T) -> T;
    /// The result for two bools, or `None` if the op rejects bools (as PyTorch's `sub`
    /// does). Bool ops that are defined (`add` is `or`, `mul` is `and`) keep the bool dtype.
    fn apply_bool(a: bool, b: bool) -> Option<bool>;
    /// Checks the operands before the kernel runs (e.g. negative integer exponents).
    fn check<T: Numeric>(_a: &TensorImpl<T>, _b: &TensorImpl<T>) -> Result<()> {
        Ok(())
    }
    /// The dtype the op computes in for promoted operand dtype `d` (`div` gives floats).
    fn result_dtype(d: DType) -> DType {
        d
    }
}

/// `Op` on two tensors of the typed face. The output shape type comes from the op's shape
/// trait (checked by the compiler); `output` computes its value, checking `usize` dims.
///
/// # Panics
/// If runtime (`usize`) dims do not broadcast, naming the op and both shapes; or if the
/// output cannot be allocated.
pub fn typed<Op: BinaryOp, T: Numeric, S: Shape, R: Shape, O: Shape>(
    a: &Tensor<T, S>,
    b: &Tensor<T, R>,
    output: impl FnOnce(S, R) -> Option<O>,
) -> Tensor<T, O> {
    let shape = output(a.shape(), b.shape()).unwrap_or_else(|| {
        panic!(
            "{}: shapes {:?} and {:?} cannot be broadcast together",
            Op::NAME,
            a.dims(),
            b.dims()
        )
    });
    let inner = apply::<Op, T>(a.inner(), b.inner()).unwrap_or_else(|e| panic!("{e}"));
    Tensor::from_parts(inner, shape)
}

/// Runs `Op` on two typed tensors of the same element type: the kernel both faces share.
pub fn apply<Op: BinaryOp, T: Numeric>(
    a: &TensorImpl<T>,
    b: &TensorImpl<T>,
) -> Result<TensorImpl<T>> {
    Op::check(a, b)?;
    kernel::zip(Op::NAME, a, b, Cost::Cheap, Op::apply::<T>)
}

fn apply_bools<Op: BinaryOp>(
    a: &TensorImpl<bool>,
    b: &TensorImpl<bool>,
) -> Result<TensorImpl<bool>> {
    if Op::apply_bool(false, false).is_none() {
        return Err(Error::dtype(
            Op::NAME,
            "a numeric (int or float)",
            DType::Bool,
        ));
    }
    kernel::zip(Op::NAME, a, b, Cost::Cheap, |x, y| {
        Op::apply_bool(x, y).unwrap_or_default()
    })
}

/// `Op(a, b)` with broadcasting, after promoting both operands to their common dtype.
pub fn binary<Op: BinaryOp>(a: &DynTensor, b: &DynTensor) -> Result<DynTensor> {
    let dtype = Op::result_dtype(a.dtype().promote(b.dtype()));
    let (a, b) = (a.to_dtype(dtype)?, b.to_dtype(dtype)?);
    Ok(match (a.data(), b.data()) {
        (Data::Bool(x), Data::Bool(y)) => apply_bools::<Op>(x, y)?.into(),
        _ => dispatch_same::<Op>(&a, &b)?,
    })
}

fn dispatch_same<Op: BinaryOp>(a: &DynTensor, b: &DynTensor) -> Result<DynTensor> {
    Ok(match (a.data(), b.data()) {
        (Data::Int32(x), Data::Int32(y)) => apply::<Op, _>(x, y)?.into(),
        (Data::Int64(x), Data::Int64(y)) => apply::<Op, _>(x, y)?.into(),
        (Data::Float32(x), Data::Float32(y)) => apply::<Op, _>(x, y)?.into(),
        (Data::Float64(x), Data::Float64(y)) => apply::<Op, _>(x, y)?.into(),
        _ => unreachable!("both operands were converted to one dtype"),
    })
}

/// `Op(a, s)` for a scalar `s`, with PyTorch's scalar promotion (the scalar changes the
/// result's kind, not its width).
pub fn binary_scalar<Op: BinaryOp>(a: &DynTensor, s: Scalar) -> Result<DynTensor> {
    let dtype = Op::result_dtype(a.dtype().promote_scalar(s));
    let a = a.to_dtype(dtype)?;
    let b = DynTensor::full(&[], s, dtype)?;
    if let (Data::Bool(x), Data::Bool(y)) = (a.data(), b.data()) {
        return Ok(apply_bools::<Op>(x, y)?.into());
    }
    dispatch_same::<Op>(&a, &b)
}

/// `a = Op(a, b)` in place, `b` broadcast to `a`'s shape. The result must be representable
/// in `a`'s dtype (an `int32` tensor cannot take a float result), as in PyTorch.
pub fn binary_<Op: BinaryOp>(a: &mut DynTensor, b: &DynTensor) -> Result<()> {
    let result = Op::result_dtype(a.dtype().promote(b.dtype()));
    if !result.can_cast_to(a.dtype()) {
        return Err(Error::invalid(
            Op::NAME,
            "dtype",
            format!(
                "the result type {result} cannot be stored in place in a {} tensor",
                a.dtype()
            ),
        ));
    }
    let b = b.to_dtype(a.dtype())?;
    in_place::<Op>(a, &b)
}

fn in_place<Op: BinaryOp>(a: &mut DynTensor, b: &DynTensor) -> Result<()> {
    fn run<Op: BinaryOp, T: Numeric>(a: &mut TensorImpl<T>, b: &TensorImpl<T>) -> Result<()> {
        Op::check(a, b)?;
        kernel::update(Op::NAME, a, b, Cost::Cheap, Op::apply::<T>)
    }
    match (a.data_mut(), b.data()) {
        (Data::Int32(x), Data::Int32(y)) => run::<Op, _>(x, y),
        (Data::Int64(x), Data::Int64(y)) => run::<Op, _>(x, y),
        (Data::Float32(x), Data::Float32(y)) => run::<Op, _>(x, y),
        (Data::Float64(x), Data::Float64(y)) => run::<Op, _>(x, y),
        (Data::Bool(x), Data::Bool(y)) => {
            if Op::apply_bool(false, false).is_none() {
                return Err(Error::dtype(
                    Op::NAME,
                    "a numeric (int or float)",
                    DType::Bool,
                ));
            }
            kernel::update(Op::NAME, x, y, Cost::Cheap, |p, q| {
                Op::apply_bool(p, q).unwrap_or_default()
            })
        }
        _ => unreachable!("the operand was converted to the tensor's dtype"),
    }
}

/// `a = Op(a, s)` in place for a scalar `s`.
pub fn binary_scalar_<Op: BinaryOp>(a: &mut DynTensor, s: Scalar) -> Result<()> {
    let b = DynTensor::full(&[], s, a.dtype().promote_scalar(s))?;
    binary_::<Op>(a, &b)
}

/// Two tensors of one dtype: `a`'s, `b` converted. For ops whose operands must agree.
pub(crate) fn same_dtype(a: &DynTensor, b: &DynTensor) -> Result<(DynTensor, DynTensor)> {
    let d = a.dtype().promote(b.dtype());
    Ok((a.to_dtype(d)?, b.to_dtype(d)?))
}

/// Applies `f` to any-dtype operands converted to their promoted dtype, for ops like the
/// comparisons that are defined on every dtype.
pub(crate) fn with_promoted<R>(
    a: &DynTensor,
    b: &DynTensor,
    f: impl FnOnce(&DynTensor, &DynTensor) -> Result<R>,
) -> Result<R> {
    let (a, b) = same_dtype(a, b)?;
    f(&a, &b)
}
