//! `narrow`: `length` consecutive elements along one dim, a view.

use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::tensor_impl::TensorImpl;

/// Elements `start..start + length` of `x` along `dim`, sharing `x`'s buffer: the
/// typed-level `narrow`. A negative `start` counts from the end.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a bad dim, [`Error::IndexOutOfRange`] if `start` is outside
/// `-size..=size`, [`Error::InvalidArgument`] if `start + length` passes the end.
pub fn narrow<T: Element>(
    x: &TensorImpl<T>,
    dim: isize,
    start: isize,
    length: usize,
) -> Result<TensorImpl<T>> {
    let shape = x.dims();
    let d = normalize_dim(dim, shape.len(), shape, "narrow")?;
    let size = shape[d];
    // NOTE: start == size is allowed (with length 0), as in PyTorch.
    let s = if start < 0 {
        start + size as isize
    } else {
        start
    };
    if s < 0 || s as usize > size {
        return Err(Error::IndexOutOfRange {
            op: "narrow",
            index: start as i64,
            dim: d,
            size,
            shape: shape.into(),
        });
    }
    let s = s as usize;
    if length > size - s {
        return Err(Error::invalid(
            "narrow",
            "length",
            format!(
                "start {s} + length {length} exceeds the size {size} of dim {d} in shape {shape:?}"
            ),
        ));
    }
    Ok(x.view(x.layout().slice(d, s, length, 1)))
}

impl DynTensor {
    /// Returns the view of elements `start..start + length` along `dim`,
    /// `out[.., i, ..] = self[.., start + i, ..]` (`torch.narrow`). A negative `start`
    /// counts from the end. The shape keeps its rank with `length` at `dim`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3])?;
    /// assert_eq!(a.narrow(1, 1, 2)?.to_vec::<i64>()?, vec![1, 2, 4, 5]);
    /// assert_eq!(a.narrow(-1, -1, 1)?.to_vec::<i64>()?, vec![2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad dim, [`Error::IndexOutOfRange`] if `start` is
    /// outside `-size..=size`, [`Error::InvalidArgument`] if `start + length` passes the end.
    pub fn narrow(&self, dim: isize, start: isize, length: usize) -> Result<DynTensor> {
        with_any!(self, x => Ok(narrow(x, dim, start, length)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn narrow_views_a_range() {
        let a = DynTensor::from_vec((0..12i32).collect(), &[3, 4]).unwrap();
        let b = a.narrow(0, 1, 2).unwrap();
        assert!(b.shares_storage(&a));
        assert!(b.is_contiguous());
        assert_eq!(b.to_vec::<i32>().unwrap(), vec![4, 5, 6, 7, 8, 9, 10, 11]);
        let c = a.narrow(1, -3, 2).unwrap();
        assert!(c.shares_storage(&a));
        assert_eq!(c.shape(), &[3, 2]);
        assert_eq!(c.to_vec::<i32>().unwrap(), vec![1, 2, 5, 6, 9, 10]);
        // Narrowing a transposed view.
        let t = a.t().unwrap().narrow(0, 3, 1).unwrap();
        assert_eq!(t.to_vec::<i32>().unwrap(), vec![3, 7, 11]);
        // An empty range at the end is allowed.
        let e = a.narrow(1, 4, 0).unwrap();
        assert_eq!((e.shape(), e.numel()), (&[3, 0][..], 0));
        // Narrowing an empty tensor keeps its offset inside the (empty) buffer.
        let z = DynTensor::zeros(&[0, 3], DType::Float32)
            .unwrap()
            .narrow(1, 2, 1)
            .unwrap();
        assert_eq!(z.shape(), &[0, 1]);
        assert!(z.contiguous().unwrap().to_vec::<f32>().unwrap().is_empty());
    }

    #[test]
    fn narrow_checks_its_range() {
        let a = DynTensor::zeros(&[3, 4], DType::Float64).unwrap();
        assert!(matches!(
            a.narrow(0, 4, 0),
            Err(Error::IndexOutOfRange {
                index: 4,
                dim: 0,
                size: 3,
                ..
            })
        ));
        assert!(matches!(
            a.narrow(0, -4, 1),
            Err(Error::IndexOutOfRange { .. })
        ));
        let e = a.narrow(1, 2, 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "narrow: invalid length: start 2 + length 3 exceeds the size 4 of dim 1 in shape [3, 4]"
        );
        assert!(matches!(
            a.narrow(2, 0, 1),
            Err(Error::DimOutOfRange { .. })
        ));
        assert!(DynTensor::scalar(1i64).narrow(0, 0, 1).is_err());
    }
}
