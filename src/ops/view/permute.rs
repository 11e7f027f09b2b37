//! `permute`: dims reordered, a view.

use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::tensor_impl::TensorImpl;

/// `x` with output dim `i` taken from input dim `dims[i]`, sharing `x`'s buffer: the
/// typed-level `permute`.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a dim outside `-ndim..ndim`; [`Error::InvalidArgument`] if
/// `dims` is not a permutation of `0..ndim`.
pub fn permute<T: Element>(x: &TensorImpl<T>, dims: &[isize]) -> Result<TensorImpl<T>> {
    let shape = x.dims();
    let not_a_permutation = || {
        Error::invalid(
            "permute",
            "dims",
            format!(
                "{dims:?} is not a permutation of 0..{} for a tensor of shape {shape:?}",
                shape.len()
            ),
        )
    };
    if dims.len() != shape.len() {
        return Err(not_a_permutation());
    }
    let mut seen = vec![false; shape.len()];
    let mut perm = Vec::with_capacity(dims.len());
    for &d in dims {
        let p = normalize_dim(d, shape.len(), shape, "permute")?;
        if std::mem::replace(&mut seen[p], true) {
            return Err(not_a_permutation());
        }
        perm.push(p);
    }
    Ok(x.view(x.layout().permute(&perm)))
}

impl DynTensor {
    /// Returns the view with its dims reordered, `out.shape[i] = self.shape[dims[i]]`
    /// (`torch.permute`); no element is copied.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[1, 2, 3])?;
    /// let b = a.permute(&[2, 0, -2])?;
    /// assert_eq!(b.shape(), &[3, 1, 2]);
    /// assert_eq!(b.to_vec::<i64>()?, vec![0, 3, 1, 4, 2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a dim outside `-ndim..ndim`; [`Error::InvalidArgument`]
    /// if `dims` is not a permutation of `0..ndim` (wrong length or a repeated dim).
    pub fn permute(&self, dims: &[isize]) -> Result<DynTensor> {
        with_any!(self, x => Ok(permute(x, dims)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DynTensor, Error};

    #[test]
    fn permute_reorders_dims_without_copying() {
        let a = DynTensor::from_vec((0..24i32).collect(), &[2, 3, 4]).unwrap();
        let b = a.permute(&[1, 2, 0]).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[3, 4, 2]);
        assert_eq!(b.strides(), &[4, 1, 12]);
        // b[i, j, k] = a[k, i, j] = 12k + 4i + j
        assert_eq!(
            &b.to_vec::<i32>().unwrap()[..8],
            &[0, 12, 1, 13, 2, 14, 3, 15]
        );
        assert_eq!(b.get::<i32>(&[2, 3, 1]).unwrap(), 23);
        let s = DynTensor::scalar(1.5f32);
        assert_eq!(s.permute(&[]).unwrap().to_vec::<f32>().unwrap(), vec![1.5]);
    }

    #[test]
    fn permute_rejects_non_permutations() {
        let a = DynTensor::zeros(&[2, 3], crate::DType::Float32).unwrap();
        let e = a.permute(&[0, 0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "permute: invalid dims: [0, 0] is not a permutation of 0..2 for a tensor of shape [2, 3]"
        );
        assert!(matches!(
            a.permute(&[0]),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            a.permute(&[0, 1, 2]),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            a.permute(&[0, 2]),
            Err(Error::DimOutOfRange { dim: 2, .. })
        ));
        // -1 and 1 name the same dim.
        assert!(a.permute(&[1, -1]).is_err());
    }
}
