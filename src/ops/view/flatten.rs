//! `flatten`: a run of dims merged into one; a view when the strides allow it.

use super::{reshape, wrap_dim_scalar};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::tensor_impl::TensorImpl;

/// `x` with dims `start_dim..=end_dim` merged into one, with [`reshape`] semantics (a view
/// when the strides allow it): the typed-level `flatten`. A 0-d tensor becomes 1-D.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a bad dim, [`Error::InvalidArgument`] if `start_dim` comes
/// after `end_dim`.
pub fn flatten<T: Element>(
    x: &TensorImpl<T>,
    start_dim: isize,
    end_dim: isize,
) -> Result<TensorImpl<T>> {
    let dims = x.dims();
    let s = wrap_dim_scalar(start_dim, dims, "flatten")?;
    let e = wrap_dim_scalar(end_dim, dims, "flatten")?;
    if s > e {
        return Err(Error::invalid(
            "flatten",
            "start_dim",
            format!(
                "start_dim {start_dim} comes after end_dim {end_dim} for a tensor of shape {dims:?}"
            ),
        ));
    }
    if dims.is_empty() {
        return reshape(x, &[1], "flatten");
    }
    if s == e {
        return Ok(x.clone());
    }
    // Sizes come from a valid shape, so each fits in isize and the product cannot overflow.
    let mut shape: Vec<isize> = dims[..s].iter().map(|&d| d as isize).collect();
    shape.push(dims[s..=e].iter().product::<usize>() as isize);
    shape.extend(dims[e + 1..].iter().map(|&d| d as isize));
    reshape(x, &shape, "flatten")
}

impl DynTensor {
    /// Returns the tensor with dims `start_dim..=end_dim` merged into one of their product
    /// size (`torch.flatten`): `[2, 3, 4]` with `(1, 2)` becomes `[2, 12]`, and `(0, -1)`
    /// gives 1-D. A view when the strides allow it, else a contiguous copy, as
    /// [`DynTensor::reshape`]. A 0-d tensor becomes shape `[1]`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..24i64).collect(), &[2, 3, 4])?;
    /// assert_eq!(a.flatten(1, -1)?.shape(), &[2, 12]);
    /// assert_eq!(a.flatten(0, -1)?.shape(), &[24]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad dim, [`Error::InvalidArgument`] if `start_dim`
    /// comes after `end_dim`.
    pub fn flatten(&self, start_dim: isize, end_dim: isize) -> Result<DynTensor> {
        with_any!(self, x => Ok(flatten(x, start_dim, end_dim)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn flatten_merges_dims_as_a_view_when_it_can() {
        let a = DynTensor::from_vec((0..24i32).collect(), &[2, 3, 4]).unwrap();
        let b = a.flatten(0, 1).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[6, 4]);
        assert_eq!(b.to_vec::<i32>().unwrap(), (0..24).collect::<Vec<_>>());
        let c = a.flatten(-2, -1).unwrap();
        assert_eq!(c.shape(), &[2, 12]);
        assert!(c.shares_storage(&a));
        // Merging the swapped dims of a transposed view copies, in the view's order.
        let t = a.transpose(1, 2).unwrap().flatten(1, 2).unwrap();
        assert!(!t.shares_storage(&a));
        assert_eq!(t.shape(), &[2, 12]);
        assert_eq!(&t.to_vec::<i32>().unwrap()[..6], &[0, 4, 8, 1, 5, 9]);
        // Merging the outer dims of a narrowed view stays a view.
        let u = a.narrow(2, 0, 2).unwrap().flatten(0, 1).unwrap();
        assert!(u.shares_storage(&a));
        assert_eq!((u.shape(), u.strides()), (&[6, 2][..], &[4, 1][..]));
        assert_eq!(&u.to_vec::<i32>().unwrap()[..6], &[0, 1, 4, 5, 8, 9]);
        assert_eq!(a.flatten(1, 1).unwrap().shape(), &[2, 3, 4]);
    }

    #[test]
    fn flatten_edge_cases() {
        let s = DynTensor::scalar(1.5f32).flatten(0, -1).unwrap();
        assert_eq!(
            (s.shape(), s.to_vec::<f32>().unwrap()),
            (&[1][..], vec![1.5])
        );
        let z = DynTensor::zeros(&[2, 0, 3], DType::Int64)
            .unwrap()
            .flatten(0, 1)
            .unwrap();
        assert_eq!(z.shape(), &[0, 3]);
        let a = DynTensor::zeros(&[2, 3], DType::Int64).unwrap();
        let e = a.flatten(1, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "flatten: invalid start_dim: start_dim 1 comes after end_dim 0 for a tensor of shape [2, 3]"
        );
        assert!(matches!(a.flatten(0, 2), Err(Error::DimOutOfRange { .. })));
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_flatten() {
        check_grad(|v| v[0].flatten(1, -1), &[&[2, 3, 4]]);
        check_grad(|v| v[0].flatten(0, -1), &[&[2, 3]]);
        check_grad(|v| v[0].flatten(1, 1), &[&[2, 3]]);
        check_grad(|v| v[0].flatten(0, -1), &[&[]]);
        // A transposed input cannot be flattened in place: the copy records too.
        check_grad(|v| v[0].t()?.flatten(0, -1), &[&[2, 3]]);
    }

    #[test]
    fn a_recorded_flatten_is_still_a_view() {
        let x = leaf(&[2, 3]);
        let y = x.flatten(0, -1).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("flatten"));
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 2., 3., 4., 5., 6.]);
    }
}
