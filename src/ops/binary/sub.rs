//! `sub`: `a - b`

use super::{
    BinaryOp, Grads2, binary, binary_, binary_scalar, binary_scalar_, grad_if, typed, typed_scalar,
};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{Shape, SubShape};
use crate::tensor::Tensor;

/// The `sub` op: `a - b`
#[derive(Clone, Copy, Debug)]
pub struct Sub;

impl BinaryOp for Sub {
    const NAME: &'static str = "sub";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a.wrapping_sub_(b)
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        None
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
            grad_if(need[0], || Ok(g.clone()))?,
            grad_if(need[1], || g.neg())?,
        ])
    }
}

impl DynTensor {
    /// Returns `a - b`, elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn sub(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Sub>(self, other)
    }

    /// [`DynTensor::sub`] with a scalar right operand.
    pub fn sub_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Sub>(self, other.into())
    }

    /// In-place [`DynTensor::sub`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn sub_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Sub>(self, other)
    }

    /// In-place [`DynTensor::sub_scalar`].
    pub fn sub_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Sub>(self, other.into())
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns `self - rhs` elementwise with NumPy broadcasting; the output shape type is the
    /// broadcast of both shape types, and shapes that cannot broadcast do not compile.
    ///
    /// # Panics
    /// If `usize` dims do not broadcast at run time (the message names both shapes).
    pub fn sub<R: Shape>(&self, rhs: &Tensor<T, R>) -> Tensor<T, <S as SubShape<R>>::Output>
    where
        S: SubShape<R>,
    {
        typed::<Sub, T, S, R, _>(self, rhs, S::broadcast)
    }

    /// Returns `self - s` elementwise for a scalar `s`; the shape is kept.
    pub fn sub_scalar(&self, s: T) -> Tensor<T, S> {
        typed_scalar::<Sub, T, S>(self, s)
    }
}

impl<T: Numeric, S: SubShape<R>, R: Shape> std::ops::Sub<&Tensor<T, R>> for &Tensor<T, S> {
    type Output = Tensor<T, <S as SubShape<R>>::Output>;
    fn sub(self, rhs: &Tensor<T, R>) -> Self::Output {
        typed::<Sub, T, S, R, _>(self, rhs, S::broadcast)
    }
}

impl<T: Numeric, S: Shape> std::ops::Sub<T> for &Tensor<T, S> {
    type Output = Tensor<T, S>;
    fn sub(self, s: T) -> Tensor<T, S> {
        typed_scalar::<Sub, T, S>(self, s)
    }
}
