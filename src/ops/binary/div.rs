//! `div`: `a / b` (true division: integers give floats)

use super::{
    BinaryOp, Grads2, binary, binary_, binary_scalar, binary_scalar_, grad_if, typed, typed_scalar,
};
use crate::dtype::{Float, Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{DivShape, Shape};
use crate::tensor::Tensor;

/// The `div` op: `a / b` (true division: integers give floats)
#[derive(Clone, Copy, Debug)]
pub struct Div;

impl BinaryOp for Div {
    const NAME: &'static str = "div";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        Numeric::div(a, b)
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        None
    }
    fn result_dtype(d: crate::DType) -> crate::DType {
        d.to_float()
    }
    fn backward(
        a: &DynTensor,
        b: &DynTensor,
        out: &DynTensor,
        g: &DynTensor,
        need: [bool; 2],
    ) -> Result<Grads2> {
        let _ = (a, b, out);
        // d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -out/b
        Ok([
            grad_if(need[0], || g.div(b))?,
            grad_if(need[1], || g.mul(out)?.div(b)?.neg())?,
        ])
    }
}

impl DynTensor {
    /// Returns `a / b` (true division: integers give floats), elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn div(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Div>(self, other)
    }

    /// [`DynTensor::div`] with a scalar right operand.
    pub fn div_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Div>(self, other.into())
    }

    /// In-place [`DynTensor::div`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn div_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Div>(self, other)
    }

    /// In-place [`DynTensor::div_scalar`].
    pub fn div_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Div>(self, other.into())
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns `self / rhs` elementwise with NumPy broadcasting; the output shape type is the
    /// broadcast of both shape types, and shapes that cannot broadcast do not compile.
    ///
    /// # Panics
    /// If `usize` dims do not broadcast at run time (the message names both shapes).
    pub fn div<R: Shape>(&self, rhs: &Tensor<T, R>) -> Tensor<T, <S as DivShape<R>>::Output>
    where
        S: DivShape<R>,
    {
        typed::<Div, T, S, R, _>(self, rhs, S::broadcast)
    }

    /// Returns `self / s` elementwise for a scalar `s`; the shape is kept.
    pub fn div_scalar(&self, s: T) -> Tensor<T, S> {
        typed_scalar::<Div, T, S>(self, s)
    }
}

impl<T: Float, S: DivShape<R>, R: Shape> std::ops::Div<&Tensor<T, R>> for &Tensor<T, S> {
    type Output = Tensor<T, <S as DivShape<R>>::Output>;
    fn div(self, rhs: &Tensor<T, R>) -> Self::Output {
        typed::<Div, T, S, R, _>(self, rhs, S::broadcast)
    }
}

impl<T: Float, S: Shape> std::ops::Div<T> for &Tensor<T, S> {
    type Output = Tensor<T, S>;
    fn div(self, s: T) -> Tensor<T, S> {
        typed_scalar::<Div, T, S>(self, s)
    }
}
