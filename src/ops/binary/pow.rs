//! `pow`: `a ^ b`

use super::{
    BinaryOp, Grads2, binary, binary_, binary_scalar, binary_scalar_, grad_if, typed, typed_scalar,
};
use crate::dtype::{Float, Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{PowShape, Shape};
use crate::tensor::Tensor;

/// The `pow` op: `a ^ b`
#[derive(Clone, Copy, Debug)]
pub struct Pow;

impl BinaryOp for Pow {
    const NAME: &'static str = "pow";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a.pow(b)
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        None
    }
    const CHECKS: bool = true;
    fn check<T: Numeric>(_a: &crate::TensorImpl<T>, b: &crate::TensorImpl<T>) -> Result<()> {
        if !T::DTYPE.is_float() && b.to_vec().iter().any(|&e| e < T::ZERO) {
            return Err(crate::Error::invalid(
                "pow",
                "exponent",
                "integers to negative integer powers are not allowed",
            ));
        }
        Ok(())
    }
    fn backward(
        a: &DynTensor,
        b: &DynTensor,
        out: &DynTensor,
        g: &DynTensor,
        need: [bool; 2],
    ) -> Result<Grads2> {
        let _ = (a, b, out);
        // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b ln a, taken as 0 where a = 0 (as PyTorch).
        Ok([
            grad_if(need[0], || g.mul(&b.mul(&a.pow(&b.sub_scalar(1.0)?)?)?))?,
            grad_if(need[1], || {
                let d = g.mul(&out.mul(&a.log()?)?)?;
                DynTensor::r#where(&a.eq_scalar(0.0)?, &d.zeros_like()?, &d)
            })?,
        ])
    }
}

impl DynTensor {
    /// Returns `a ^ b`, elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn pow(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Pow>(self, other)
    }

    /// [`DynTensor::pow`] with a scalar right operand.
    pub fn pow_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Pow>(self, other.into())
    }

    /// In-place [`DynTensor::pow`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn pow_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Pow>(self, other)
    }

    /// In-place [`DynTensor::pow_scalar`].
    pub fn pow_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Pow>(self, other.into())
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns `self ^ rhs` elementwise with NumPy broadcasting; the output shape type is the
    /// broadcast of both shape types, and shapes that cannot broadcast do not compile.
    ///
    /// # Panics
    /// If `usize` dims do not broadcast at run time (the message names both shapes).
    pub fn pow<R: Shape>(&self, rhs: &Tensor<T, R>) -> Tensor<T, <S as PowShape<R>>::Output>
    where
        S: PowShape<R>,
    {
        typed::<Pow, T, S, R, _>(self, rhs, S::broadcast)
    }

    /// Returns `self ^ s` elementwise for a scalar `s`; the shape is kept.
    pub fn pow_scalar(&self, s: T) -> Tensor<T, S> {
        typed_scalar::<Pow, T, S>(self, s)
    }
}
