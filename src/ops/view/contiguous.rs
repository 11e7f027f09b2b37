//! `contiguous`: the tensor itself if it is already row-major without gaps, else a copy.

use crate::autograd;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::tensor_impl::TensorImpl;

/// `x` itself (the same value, sharing its buffer and its autograd state) if it is
/// contiguous, else a contiguous copy: the typed-level `contiguous`, which records the
/// copy. The values do not change, so the gradient passes through unchanged.
///
/// # Errors
/// [`crate::Error::Alloc`] if the copy cannot be allocated.
pub fn contiguous<T: Element>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    if x.layout().is_contiguous() {
        return Ok(x.clone());
    }
    let out = x.contiguous("contiguous")?;
    Ok(autograd::maybe_record(
        out,
        "contiguous",
        [x.autograd()],
        |_| |g: &DynTensor| Ok(vec![Some(g.clone())]),
    ))
}

impl DynTensor {
    /// Returns a tensor with the same values stored in row-major order without gaps
    /// (`torch.Tensor.contiguous`): this tensor itself, sharing its buffer, if it already
    /// is, else a contiguous copy. Gradients pass through unchanged.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3])?;
    /// assert!(a.contiguous()?.shares_storage(&a));
    /// let c = a.t()?.contiguous()?;
    /// assert!(c.is_contiguous() && !c.shares_storage(&a));
    /// assert_eq!(c.to_vec::<i64>()?, vec![0, 3, 1, 4, 2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Alloc`] if the copy cannot be allocated.
    pub fn contiguous(&self) -> Result<DynTensor> {
        with_any!(self, x => Ok(contiguous(x)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor};

    #[test]
    fn contiguous_shares_when_it_can_and_copies_otherwise() {
        let a = DynTensor::from_vec((0..12i32).collect(), &[3, 4]).unwrap();
        let same = a.contiguous().unwrap();
        assert!(same.shares_storage(&a));
        assert_eq!(same.strides(), &[4, 1]);
        // A contiguous sub-range (rows 1..3) is shared too.
        let rows = a.narrow(0, 1, 2).unwrap().contiguous().unwrap();
        assert!(rows.shares_storage(&a));
        assert_eq!(
            rows.to_vec::<i32>().unwrap(),
            vec![4, 5, 6, 7, 8, 9, 10, 11]
        );
        // A column slice with a step is copied into row-major order.
        let cols = a.slice(1, Some(1), None, 2).unwrap();
        assert!(!cols.is_contiguous());
        let c = cols.contiguous().unwrap();
        assert!(!c.shares_storage(&a));
        assert!(c.is_contiguous());
        assert_eq!(c.strides(), &[2, 1]);
        assert_eq!(c.to_vec::<i32>().unwrap(), vec![1, 3, 5, 7, 9, 11]);
        // A broadcast view materializes its repeats.
        let e = DynTensor::from_vec(vec![true, false], &[2])
            .unwrap()
            .expand(&[2, 2])
            .unwrap();
        let ec = e.contiguous().unwrap();
        assert_eq!(ec.strides(), &[2, 1]);
        assert_eq!(ec.to_vec::<bool>().unwrap(), vec![true, false, true, false]);
        let z = DynTensor::zeros(&[0, 3], DType::Float32)
            .unwrap()
            .t()
            .unwrap();
        assert_eq!(z.contiguous().unwrap().shape(), &[3, 0]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_contiguous() {
        check_grad(|v| v[0].t()?.contiguous(), &[&[2, 3]]);
        check_grad(|v| v[0].contiguous(), &[&[2, 3]]);
        check_grad(|v| v[0].expand(&[2, 3])?.contiguous(), &[&[3]]);
    }

    #[test]
    fn contiguous_copies_record_and_contiguous_input_is_itself() {
        let x = leaf(&[2, 3]);
        let y = x.t().unwrap().contiguous().unwrap();
        assert!(!y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("contiguous"));
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 3., 5., 2., 4., 6.]);
        // Already contiguous: the same value, leaf and all, as PyTorch returns `self`.
        let x = leaf(&[2, 3]);
        let y = x.contiguous().unwrap();
        assert!(y.shares_storage(&x) && y.is_leaf());
    }
}
