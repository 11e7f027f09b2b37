//! `maximum`: the larger of `a` and `b` (NaN if either is NaN)

use super::{BinaryOp, Grads2, binary, binary_, binary_scalar, binary_scalar_, grad_if, typed};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{ExtremumShape, Shape};
use crate::tensor::Tensor;

/// The `maximum` op: the larger of `a` and `b` (NaN if either is NaN)
#[derive(Clone, Copy, Debug)]
pub struct Maximum;

impl BinaryOp for Maximum {
    const NAME: &'static str = "maximum";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a.maximum(b)
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        Some(a | b)
    }
    fn backward(
        a: &DynTensor,
        b: &DynTensor,
        out: &DynTensor,
        g: &DynTensor,
        need: [bool; 2],
    ) -> Result<Grads2> {
        let _ = (a, b, out);
        // The larger operand gets the gradient; a tie splits it evenly (as PyTorch).
        let share = a
            .gt(b)?
            .to_dtype(g.dtype())?
            .add(&a.eq(b)?.to_dtype(g.dtype())?.mul_scalar(0.5)?)?;
        Ok([
            grad_if(need[0], || g.mul(&share))?,
            grad_if(need[1], || g.mul(&share.neg()?.add_scalar(1.0)?))?,
        ])
    }
}

impl DynTensor {
    /// Returns the larger of `a` and `b` (NaN if either is NaN), elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn maximum(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Maximum>(self, other)
    }

    /// [`DynTensor::maximum`] with a scalar right operand.
    pub fn maximum_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Maximum>(self, other.into())
    }

    /// In-place [`DynTensor::maximum`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn maximum_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Maximum>(self, other)
    }

    /// In-place [`DynTensor::maximum_scalar`].
    pub fn maximum_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Maximum>(self, other.into())
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns `max(self, rhs)` elementwise with NumPy broadcasting; the output shape type is the
    /// broadcast of both shape types, and shapes that cannot broadcast do not compile.
    ///
    /// # Panics
    /// If `usize` dims do not broadcast at run time (the message names both shapes).
    pub fn maximum<R: Shape>(
        &self,
        rhs: &Tensor<T, R>,
    ) -> Tensor<T, <S as ExtremumShape<R>>::Output>
    where
        S: ExtremumShape<R>,
    {
        typed::<Maximum, T, S, R, _>(self, rhs, S::broadcast)
    }
}
