//! `fused_multiply_add`: `a * b + c` with one rounding.

use super::grad_if;
use crate::autograd;
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
    let out = kernel::zip3("fused_multiply_add", a, b, c, Cost::Cheap, T::mul_add)?;
    // d(ab + c) = b da + a db + dc, each summed back to its operand's shape.
    let need = [
        a.autograd().is_some(),
        b.autograd().is_some(),
        c.autograd().is_some(),
    ];
    Ok(autograd::maybe_record(
        out,
        "fused_multiply_add",
        [a.autograd(), b.autograd(), c.autograd()],
        |_| {
            let (a, b) = (DynTensor::from(a.detach()), DynTensor::from(b.detach()));
            let c = c.dims().to_vec();
            move |g: &DynTensor| {
                Ok(vec![
                    grad_if(need[0], || autograd::reduce_to(&g.mul(&b)?, a.shape()))?,
                    grad_if(need[1], || autograd::reduce_to(&g.mul(&a)?, b.shape()))?,
                    grad_if(need[2], || autograd::reduce_to(g, &c))?,
                ])
            }
        },
    ))
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

#[cfg(test)]
mod grad_tests {
    use crate::DynTensor;
    use crate::autograd::gradcheck;

    #[test]
    fn fused_multiply_add_gradcheck_with_broadcasting() {
        let a = DynTensor::from_vec(vec![0.3, -1.7, 0.45, -2.2, 0.8, -1.35], &[2, 3]).unwrap();
        let b = DynTensor::from_vec(vec![1.5, -0.25, 2.0], &[3]).unwrap();
        let c = DynTensor::from_vec(vec![0.7, -0.9], &[2, 1]).unwrap();
        gradcheck(
            |v| v[0].fused_multiply_add(&v[1], &v[2]),
            &[a.clone(), b.clone(), c.clone()],
            1e-6,
            1e-7,
            1e-5,
        )
        .unwrap();
        gradcheck(
            |v| v[2].fused_multiply_add(&v[0], &v[1]),
            &[a, b, c],
            1e-6,
            1e-7,
            1e-5,
        )
        .unwrap();
    }
}
