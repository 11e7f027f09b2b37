//! `sub`: `a - b`

use super::{BinaryOp, binary, binary_, binary_scalar, binary_scalar_};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

/// The `sub` op: `a - b`
#[derive(Clone, Copy, Debug)]
pub struct Sub;

impl BinaryOp for Sub {
    const NAME: &'static str = "sub";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a - b
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        None
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
