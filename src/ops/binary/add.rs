//! `add`: `a + b`

use super::{BinaryOp, binary, binary_, binary_scalar, binary_scalar_};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

/// The `add` op: `a + b`
#[derive(Clone, Copy, Debug)]
pub struct Add;

impl BinaryOp for Add {
    const NAME: &'static str = "add";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a + b
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        Some(a | b)
    }
}

impl DynTensor {
    /// Returns `a + b`, elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn add(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Add>(self, other)
    }

    /// [`DynTensor::add`] with a scalar right operand.
    pub fn add_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Add>(self, other.into())
    }

    /// In-place [`DynTensor::add`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn add_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Add>(self, other)
    }

    /// In-place [`DynTensor::add_scalar`].
    pub fn add_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Add>(self, other.into())
    }
}
