//! `mul`: `a * b`

use super::{
    BinaryOp, Grads2, binary, binary_, binary_scalar, binary_scalar_, grad_if, typed, typed_scalar,
};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{MulShape, Shape};
use crate::tensor::Tensor;

/// The `mul` op: `a * b`
#[derive(Clone, Copy, Debug)]
pub struct Mul;

impl BinaryOp for Mul {
    const NAME: &'static str = "mul";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a.wrapping_mul_(b)
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        Some(a & b)
    }
    fn backward(
        a: &DynTensor,
        b: &DynTensor,
        out: &DynTensor,
        g: &DynTensor,
        need: [bool; 2],
    ) -> Result<Grads2> {
        let _ = (a, b, out);
        Ok([
            grad_if(need[0], || g.mul(b))?,
            grad_if(need[1], || g.mul(a))?,
        ])
    }
}

impl DynTensor {
    /// Returns `a * b`, elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn mul(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Mul>(self, other)
    }

    /// [`DynTensor::mul`] with a scalar right operand.
    pub fn mul_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Mul>(self, other.into())
    }

    /// In-place [`DynTensor::mul`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn mul_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Mul>(self, other)
    }

    /// In-place [`DynTensor::mul_scalar`].
    pub fn mul_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Mul>(self, other.into())
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns `self * rhs` elementwise with NumPy broadcasting; the output shape type is the
    /// broadcast of both shape types, and shapes that cannot broadcast do not compile.
    ///
    /// # Panics
    /// If `usize` dims do not broadcast at run time (the message names both shapes).
    pub fn mul<R: Shape>(&self, rhs: &Tensor<T, R>) -> Tensor<T, <S as MulShape<R>>::Output>
    where
        S: MulShape<R>,
    {
        typed::<Mul, T, S, R, _>(self, rhs, S::broadcast)
    }

    /// Returns `self * s` elementwise for a scalar `s`; the shape is kept.
    pub fn mul_scalar(&self, s: T) -> Tensor<T, S> {
        typed_scalar::<Mul, T, S>(self, s)
    }
}

impl<T: Numeric, S: MulShape<R>, R: Shape> std::ops::Mul<&Tensor<T, R>> for &Tensor<T, S> {
    type Output = Tensor<T, <S as MulShape<R>>::Output>;
    fn mul(self, rhs: &Tensor<T, R>) -> Self::Output {
        typed::<Mul, T, S, R, _>(self, rhs, S::broadcast)
    }
}

impl<T: Numeric, S: Shape> std::ops::Mul<T> for &Tensor<T, S> {
    type Output = Tensor<T, S>;
    fn mul(self, s: T) -> Tensor<T, S> {
        typed_scalar::<Mul, T, S>(self, s)
    }
}
