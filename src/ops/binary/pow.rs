//! `pow`: `a ^ b`

use super::{BinaryOp, binary, binary_, binary_scalar, binary_scalar_};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

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
