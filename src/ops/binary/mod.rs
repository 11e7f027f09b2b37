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

use crate::autograd;
use crate::dtype::{DType, Element, Numeric, Scalar};
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
    /// Whether [`check`](Self::check) is overridden: a scalar operand then takes the 0-d
    /// tensor path so that the check sees it.
    const CHECKS: bool = false;
    /// The dtype the op computes in for promoted operand dtype `d` (`div` gives floats).
    fn result_dtype(d: DType) -> DType {
        d
    }
    /// The gradients of `out = f(a, b)` with respect to `a` and `b` (each only if `need`
    /// says so), given `g`, the gradient of `out`. They have the broadcast shape; the
    /// caller sums them back to each operand's shape. Called for float operands only.
    fn backward(
        a: &DynTensor,
        b: &DynTensor,
        out: &DynTensor,
        g: &DynTensor,
        need: [bool; 2],
    ) -> Result<Grads2>;
}

/// The gradients of a two-input op, `None` where not needed.
pub type Grads2 = [Option<DynTensor>; 2];

/// `f()` if `need`, else `None`: computes only the gradients backward asks for.
pub(crate) fn grad_if(
    need: bool,
    f: impl FnOnce() -> Result<DynTensor>,
) -> Result<Option<DynTensor>> {
    need.then(f).transpose()
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
    typed_with(Op::NAME, a, b, output, apply::<Op, T>)
}

/// A typed-face op of two tensors through the shared `kernel`: computes the output shape
/// value with `output` (panicking with the op's `name` and both shapes if runtime dims do
/// not broadcast), then runs the kernel (panicking with its error, e.g. on allocation).
pub(crate) fn typed_with<T: Element, U: Element, S: Shape, R: Shape, O: Shape>(
    name: &str,
    a: &Tensor<T, S>,
    b: &Tensor<T, R>,
    output: impl FnOnce(S, R) -> Option<O>,
    kernel: impl FnOnce(&TensorImpl<T>, &TensorImpl<T>) -> Result<TensorImpl<U>>,
) -> Tensor<U, O> {
    let shape = output(a.shape(), b.shape()).unwrap_or_else(|| {
        panic!(
            "{name}: shapes {:?} and {:?} cannot be broadcast together",
            a.dims(),
            b.dims()
        )
    });
    let inner = kernel(a.inner(), b.inner()).unwrap_or_else(|e| panic!("{e}"));
    Tensor::from_parts(inner, shape)
}

/// `Op(a, s)` on the typed face for a scalar `s` of the tensor's own element type: the
/// shape is kept, and the scalar goes through the same kernel as a 0-d operand.
///
/// # Panics
/// If the output cannot be allocated.
pub fn typed_scalar<Op: BinaryOp, T: Numeric, S: Shape>(a: &Tensor<T, S>, s: T) -> Tensor<T, S> {
    let out = apply_scalar::<Op, T>(a.inner(), s).unwrap_or_else(|e| panic!("{e}"));
    Tensor::from_parts(out, a.shape())
}

/// Runs `Op` on two typed tensors of the same element type: the kernel both faces share.
pub fn apply<Op: BinaryOp, T: Numeric>(
    a: &TensorImpl<T>,
    b: &TensorImpl<T>,
) -> Result<TensorImpl<T>> {
    Op::check(a, b)?;
    let out = kernel::zip(Op::NAME, a, b, Cost::Cheap, Op::apply::<T>)?;
    let need = [a.autograd().is_some(), b.autograd().is_some()];
    Ok(autograd::maybe_record(
        out,
        Op::NAME,
        [a.autograd(), b.autograd()],
        |out| {
            let (a, b, out) = (
                DynTensor::from(a.detach()),
                DynTensor::from(b.detach()),
                DynTensor::from(out.detach()),
            );
            move |g: &DynTensor| {
                let [ga, gb] = Op::backward(&a, &b, &out, g, need)?;
                Ok(vec![
                    ga.map(|ga| autograd::reduce_to(&ga, a.shape()))
                        .transpose()?,
                    gb.map(|gb| autograd::reduce_to(&gb, b.shape()))
                        .transpose()?,
                ])
            }
        },
    ))
}

/// `Op(a, s)` for a scalar of `a`'s element type. Without autograd the scalar stays in a
/// register (one kernel pass, no 0-d operand to allocate and broadcast: a third of the cost
/// of a small op); with autograd, or an op that checks its operands, it goes through
/// [`apply`] as a 0-d tensor so that the graph and the check see it.
pub fn apply_scalar<Op: BinaryOp, T: Numeric>(a: &TensorImpl<T>, s: T) -> Result<TensorImpl<T>> {
    if a.autograd().is_some() || Op::CHECKS {
        return apply::<Op, T>(a, &TensorImpl::full(&[], s, Op::NAME)?);
    }
    kernel::map(Op::NAME, a, Cost::Cheap, move |x| Op::apply(x, s))
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
    if a.dtype() == dtype && b.dtype() == dtype && dtype != DType::Bool {
        return dispatch_same::<Op>(a, b); // no conversion: skip the two handle clones
    }
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
    Ok(match a.data() {
        Data::Bool(x) => apply_bools::<Op>(x, &TensorImpl::full(&[], s.to(), Op::NAME)?)?.into(),
        Data::Int32(x) => apply_scalar::<Op, _>(x, s.to())?.into(),
        Data::Int64(x) => apply_scalar::<Op, _>(x, s.to())?.into(),
        Data::Float32(x) => apply_scalar::<Op, _>(x, s.to())?.into(),
        Data::Float64(x) => apply_scalar::<Op, _>(x, s.to())?.into(),
    })
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
    let recorded = autograd::in_place(a, b.requires_grad(), Op::NAME, |a| {
        let out = binary::<Op>(a, b)?;
        if out.shape() != a.shape() {
            return Err(Error::mismatch(
                Op::NAME,
                a.shape(),
                b.shape(),
                "the operand must broadcast to the tensor's shape in place",
            ));
        }
        out.to_dtype(a.dtype())
    });
    if let Some(done) = recorded {
        return done;
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

#[cfg(test)]
pub(crate) mod tests {
    use crate::shape::{Const, One, Rank1, Rank2};
    use crate::{DynTensor, Tensor};

    /// The typed result equals the DynTensor result: shape, and values (NaN equal to NaN).
    pub(crate) fn same<T: crate::Element + std::fmt::Debug, S: crate::shape::Shape>(
        typed: &Tensor<T, S>,
        dynamic: crate::Result<DynTensor>,
    ) {
        let d = dynamic.unwrap();
        assert_eq!(typed.dims(), d.shape());
        let show = |v: Vec<T>| format!("{v:?}");
        assert_eq!(show(typed.to_vec()), show(d.to_vec::<T>().unwrap()));
    }

    #[test]
    fn typed_binary_ops_equal_the_dyn_ops() {
        let a =
            Tensor::<f64, Rank2<2, 3>>::from_vec(vec![1.0, -2.0, 3.5, 0.0, 8.0, f64::NAN]).unwrap();
        let row = Tensor::<f64, Rank1<3>>::from_vec(vec![2.0, 0.5, -1.0]).unwrap();
        let col = Tensor::<f64, (Const<2>, One)>::from_vec(vec![4.0, -3.0]).unwrap();
        let (da, dr, dc) = (a.to_dyn(), row.to_dyn(), col.to_dyn());
        same(&a.sub(&row), da.sub(&dr));
        same(&(&a - &col), da.sub(&dc));
        same(&a.mul(&col), da.mul(&dc));
        same(&(&a * &row), da.mul(&dr));
        same(&a.div(&row), da.div(&dr));
        same(&(&col / &a), dc.div(&da));
        same(&a.pow(&row), da.pow(&dr));
        same(&a.maximum(&col), da.maximum(&dc));
        same(&a.minimum(&row), da.minimum(&dr));
        same(&a.add_scalar(1.5), da.add_scalar(1.5));
        same(&a.sub_scalar(1.5), da.sub_scalar(1.5));
        same(&(&a * 2.0), da.mul_scalar(2.0));
        same(&(&a / 4.0), da.div_scalar(4.0));
        same(&a.pow_scalar(2.0), da.pow_scalar(2.0));
        same(&(&a + 1.0), da.add_scalar(1.0));
        same(&(&a - 1.0), da.sub_scalar(1.0));
        // Hand-checked values for one op of each kind.
        assert_eq!((&a * &row).to_vec()[..5], [2.0, -1.0, -3.5, 0.0, 4.0]);
        assert_eq!(a.div_scalar(2.0).to_vec()[..2], [0.5, -1.0]);
        // Integers: mul and sub keep the dtype; a runtime batch dim meets a static one.
        let i =
            Tensor::<i32, (usize, Const<2>)>::from_vec_with(vec![1, -2, 3, 4], (2, Const)).unwrap();
        let j = Tensor::<i32, Rank1<2>>::from_vec(vec![3, -1]).unwrap();
        same(&(&i * &j), i.to_dyn().mul(&j.to_dyn()));
        same(&i.mul_scalar(-2), i.to_dyn().mul_scalar(-2));
        assert_eq!((&i - &j).to_vec(), vec![-2, -1, 0, 5]);
        // Comparisons give bool tensors of the broadcast shape; NaN is unequal to all.
        let da_dr = |f: fn(&DynTensor, &DynTensor) -> crate::Result<DynTensor>| f(&da, &dr);
        same(&a.eq(&row), da_dr(DynTensor::eq));
        same(&a.ne(&row), da_dr(DynTensor::ne));
        same(&a.lt(&row), da_dr(DynTensor::lt));
        same(&a.le(&col), da.le(&dc));
        same(&a.gt(&col), da.gt(&dc));
        same(&a.ge(&row), da_dr(DynTensor::ge));
        let ge: Tensor<bool, Rank2<2, 3>> = a.ge(&row);
        assert_eq!(ge.to_vec(), vec![false, false, true, false, true, false]);
    }

    #[test]
    fn typed_binary_ops_on_views_and_empty_tensors() {
        // A transposed (non-contiguous) operand and a zero-size runtime dim.
        let d = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
        let t = Tensor::<f32, (usize, usize)>::try_from(d.t().unwrap()).unwrap();
        let row = Tensor::<f32, (usize,)>::from_vec_with(vec![10.0, 20.0], (2,)).unwrap();
        assert_eq!(
            (&t * &row).to_vec(),
            vec![10.0, 80.0, 20.0, 100.0, 30.0, 120.0]
        );
        let e = Tensor::<f32, (usize, Const<3>)>::zeros_with((0, Const)).unwrap();
        let r = e.sub(&Tensor::<f32, Rank1<3>>::ones());
        assert_eq!((r.dims(), r.to_vec()), (&[0, 3][..], vec![]));
    }

    #[test]
    #[should_panic(expected = "mul: shapes [4, 3] and [2, 3] cannot be broadcast together")]
    fn typed_mul_panics_on_runtime_mismatch() {
        let a = Tensor::<f32, (usize, Const<3>)>::zeros_with((4, Const)).unwrap();
        let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
        let _ = &a * &b;
    }

    #[test]
    #[should_panic(expected = "lt: shapes [3] and [2] cannot be broadcast together")]
    fn typed_comparison_panics_on_runtime_mismatch() {
        let a = Tensor::<i64, (usize,)>::zeros_with((3,)).unwrap();
        let b = Tensor::<i64, (usize,)>::zeros_with((2,)).unwrap();
        let _ = a.lt(&b);
    }
}
