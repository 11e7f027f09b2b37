//! `fused_multiply_add`: `a * b + c` with one rounding.

use crate::dtype::{DType, Numeric};
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::Result;
use crate::kernel::{self, Cost};
use crate::tensor_impl::TensorImpl;

/// `a * b + c` on typed tensors, broadcasting all three: the kernel both faces share.
pub fn fused_multiply_add<T: Numeric>(
    a: &TensorImpl<T>,
    b: &TensorImpl<T>,
    c: &TensorImpl<T>,
) -> Result<TensorImpl<T>> {
    kernel::zip3("fused_multiply_add", a, b, c, Cost::Cheap, T::mul_add)
}

impl DynTensor {
    /// Returns `self * b + c` elementwise (the seed's `fused_multiply_add`), computed with a
    /// real fused multiply-add for floats (one rounding, the FMA instruction where the CPU
    /// has it), with broadcasting and promotion over all three operands.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn fused_multiply_add(&self, b: &DynTensor, c: &DynTensor) -> Result<DynTensor> {
        let d = self
            .dtype()
            .promote(b.dtype())
            .promote(c.dtype())
            .max(DType::Int32);
        let (a, b, c) = (self.to_dtype(d)?, b.to_dtype(d)?, c.to_dtype(d)?);
        Ok(match (a.data(), b.data(), c.data()) {
            (Data::Int32(x), Data::Int32(y), Data::Int32(z)) => fused_multiply_add(x, y, z)?.into(),
            (Data::Int64(x), Data::Int64(y), Data::Int64(z)) => fused_multiply_add(x, y, z)?.into(),
            (Data::Float32(x), Data::Float32(y), Data::Float32(z)) => {
                fused_multiply_add(x, y, z)?.into()
            }
            (Data::Float64(x), Data::Float64(y), Data::Float64(z)) => {
                fused_multiply_add(x, y, z)?.into()
            }
            _ => unreachable!("all three operands were converted to one numeric dtype"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fma_rounds_once() {
        // (1 + 2^-23)^2 - 1 needs the unrounded product: a separate mul would round
        // 1 + 2^-22 + 2^-46 to 1 + 2^-22 and lose the 2^-46.
        let e = f32::EPSILON;
        let a = DynTensor::from_vec(vec![1.0 + e], &[1]).unwrap();
        let c = DynTensor::from_vec(vec![-(1.0 + 2.0 * e)], &[1]).unwrap();
        let r = a
            .fused_multiply_add(&a, &c)
            .unwrap()
            .to_vec::<f32>()
            .unwrap();
        assert_eq!(r, vec![e * e]);
        let i = DynTensor::from_vec(vec![2i64, 3], &[2]).unwrap();
        let r = i.fused_multiply_add(&i, &DynTensor::scalar(1i64)).unwrap();
        assert_eq!(r.to_vec::<i64>().unwrap(), vec![5, 10]);
    }
}
