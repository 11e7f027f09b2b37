//! `where`: picks elementwise from two tensors by a `bool` condition.

use crate::autograd;
#[cfg(test)]
use crate::dtype::DType;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::tensor_impl::TensorImpl;

/// `input` where `condition`, `other` elsewhere, all three broadcast together: the kernel
/// both faces share.
///
/// Gradient: `g` where `condition` to `input`, `g` elsewhere to `other` (0 in the other
/// places), each summed back to its operand's shape.
///
/// # Errors
/// [`Error::Broadcast`] if the shapes do not broadcast.
pub fn r#where<T: Element>(
    condition: &TensorImpl<bool>,
    input: &TensorImpl<T>,
    other: &TensorImpl<T>,
) -> Result<TensorImpl<T>> {
    let out = kernel::zip3("where", condition, input, other, Cost::Cheap, |m, p, q| {
        if m { p } else { q }
    })?;
    let need = [input.autograd().is_some(), other.autograd().is_some()];
    Ok(autograd::maybe_record(
        out,
        "where",
        [input.autograd(), other.autograd()],
        |_| {
            let mask = DynTensor::from(condition.clone());
            let (a, b) = (input.dims().to_vec(), other.dims().to_vec());
            move |g: &DynTensor| {
                let zero = DynTensor::zeros(&[], g.dtype())?;
                let ga = need[0]
                    .then(|| autograd::reduce_to(&DynTensor::r#where(&mask, g, &zero)?, &a))
                    .transpose()?;
                let gb = need[1]
                    .then(|| autograd::reduce_to(&DynTensor::r#where(&mask, &zero, g)?, &b))
                    .transpose()?;
                Ok(vec![ga, gb])
            }
        },
    ))
}

impl DynTensor {
    /// Returns `input` where `condition` is true and `other` elsewhere (`torch.where`),
    /// with all three broadcast together and `input`, `other` promoted to a common dtype.
    ///
    /// # Errors
    /// [`Error::DType`] if `condition` is not `bool`; [`Error::Broadcast`] if the shapes
    /// do not broadcast.
    pub fn r#where(
        condition: &DynTensor,
        input: &DynTensor,
        other: &DynTensor,
    ) -> Result<DynTensor> {
        let mask = condition
            .as_impl::<bool>()
            .ok_or_else(|| Error::dtype("where", "a bool condition", condition.dtype()))?;
        super::with_promoted(input, other, |a, b| {
            with_any!(a, x => {
                let y = b.as_impl().expect("both operands have the promoted dtype");
                Ok(r#where(mask, x, y)?.into())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_broadcasts_and_promotes() {
        let m = DynTensor::from_vec(vec![true, false, true], &[3]).unwrap();
        let a = DynTensor::from_vec(vec![1i32, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
        let b = DynTensor::scalar(-0.5f64);
        let r = DynTensor::r#where(&m, &a, &b).unwrap();
        assert_eq!(r.dtype(), DType::Float64);
        assert_eq!(
            r.to_vec::<f64>().unwrap(),
            vec![1.0, -0.5, 3.0, 4.0, -0.5, 6.0]
        );
        assert!(DynTensor::r#where(&a, &a, &b).is_err());
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::DynTensor;
    use crate::autograd::gradcheck;

    #[test]
    fn where_gradcheck_with_broadcasting() {
        let cond =
            DynTensor::from_vec(vec![true, false, true, false, false, true], &[2, 3]).unwrap();
        let a = DynTensor::from_vec(vec![0.3, -1.7, 0.45, -2.2, 0.8, -1.35], &[2, 3]).unwrap();
        let b = DynTensor::from_vec(vec![1.5, -0.25, 2.0], &[3]).unwrap();
        let c = DynTensor::from_vec(vec![0.7, -0.9], &[2, 1]).unwrap();
        let f = |v: &[DynTensor]| DynTensor::r#where(&cond, &v[0], &v[1]);
        gradcheck(f, &[a.clone(), b.clone()], 1e-6, 1e-7, 1e-5).unwrap();
        gradcheck(f, &[b.clone(), c.clone()], 1e-6, 1e-7, 1e-5).unwrap();
        // By hand: other [3] gets g summed over the rows where the condition is false.
        let b = b.requires_grad_(true).unwrap();
        DynTensor::r#where(&cond, &a, &b)
            .unwrap()
            .sum()
            .unwrap()
            .backward()
            .unwrap();
        assert_eq!(
            b.grad().unwrap().to_vec::<f64>().unwrap(),
            vec![1.0, 2.0, 0.0]
        );
        assert!(a.grad().is_none());
    }
}
