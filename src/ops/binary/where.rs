//! `where`: picks elementwise from two tensors by a `bool` condition.

#[cfg(test)]
use crate::dtype::DType;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};

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
        let mask = condition.as_impl::<bool>().ok_or(Error::dtype(
            "where",
            "a bool condition",
            condition.dtype(),
        ))?;
        super::with_promoted(input, other, |a, b| {
            with_any!(a, x => {
                let y = b.as_impl().expect("both operands have the promoted dtype");
                Ok(kernel::zip3("where", mask, x, y, Cost::Cheap, |m, p, q| if m { p } else { q })?.into())
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
