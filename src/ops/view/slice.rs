//! `slice`: Python's `start:end:step` along one dim (strided slicing), a view.

use super::{grad_into_region, record_view};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::tensor_impl::TensorImpl;

/// Python's `slice(start, end, step).indices(size)` for `step >= 1`: the first index and
/// the count. Negative bounds count from the end; out-of-range bounds are clamped.
fn slice_range(
    start: Option<isize>,
    end: Option<isize>,
    step: usize,
    size: usize,
) -> (usize, usize) {
    let clamp = |i: isize| -> usize {
        let i = if i < 0 {
            i.saturating_add(size as isize)
        } else {
            i
        };
        i.clamp(0, size as isize) as usize
    };
    let s = start.map_or(0, clamp);
    let e = end.map_or(size, clamp);
    let len = if e > s { (e - s).div_ceil(step) } else { 0 };
    (s, len)
}

/// `x[.., start:end:step, ..]` along `dim`, sharing `x`'s buffer: the typed-level `slice`.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a bad dim, [`Error::InvalidArgument`] if `step` is 0.
pub fn slice<T: Element>(
    x: &TensorImpl<T>,
    dim: isize,
    start: Option<isize>,
    end: Option<isize>,
    step: usize,
) -> Result<TensorImpl<T>> {
    let shape = x.dims();
    let d = normalize_dim(dim, shape.len(), shape, "slice")?;
    if step == 0 {
        return Err(Error::invalid(
            "slice",
            "step",
            "the step must be at least 1",
        ));
    }
    let (s, len) = slice_range(start, end, step, shape[d]);
    // The gradient is zeros of the input's shape with the output's gradient at the
    // elements the slice picked (every `step`-th from `s`).
    let out = x.view(x.layout().slice(d, s, len, step));
    Ok(record_view(out, "slice", x, || {
        let dims = x.dims().to_vec();
        move |g: &DynTensor| grad_into_region("slice", g, &dims, |l| l.slice(d, s, len, step))
    }))
}

impl DynTensor {
    /// Returns the view `self[.., start:end:step, ..]` along `dim`, with Python's slice
    /// semantics: `None` is the start or end of the dim, negative bounds count from the end,
    /// bounds past either end are clamped, and `out[.., i, ..] = self[.., start + i * step, ..]`.
    /// The dim's new size is `ceil((end - start) / step)` (0 if `end <= start`).
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..10i64).collect(), &[10])?;
    /// assert_eq!(a.slice(0, Some(1), None, 3)?.to_vec::<i64>()?, vec![1, 4, 7]);
    /// assert_eq!(a.slice(0, Some(-3), Some(100), 1)?.to_vec::<i64>()?, vec![7, 8, 9]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad dim, [`Error::InvalidArgument`] if `step` is 0
    /// (negative steps are not representable, as in PyTorch).
    pub fn slice(
        &self,
        dim: isize,
        start: Option<isize>,
        end: Option<isize>,
        step: usize,
    ) -> Result<DynTensor> {
        with_any!(self, x => Ok(slice(x, dim, start, end, step)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::slice_range;
    use crate::{DType, DynTensor, Error};

    #[test]
    fn slice_range_matches_python() {
        // Expected values from Python's slice(start, end, step).indices(5) on range(5).
        assert_eq!(slice_range(None, None, 1, 5), (0, 5));
        assert_eq!(slice_range(None, None, 2, 5), (0, 3)); // [0, 2, 4]
        assert_eq!(slice_range(Some(-2), None, 1, 5), (3, 2)); // [3, 4]
        assert_eq!(slice_range(Some(-10), Some(2), 1, 5), (0, 2)); // [0, 1]
        assert_eq!(slice_range(Some(4), Some(1), 1, 5), (4, 0)); // []
        assert_eq!(slice_range(Some(1), Some(-1), 2, 5), (1, 2)); // [1, 3]
        assert_eq!(slice_range(Some(7), None, 1, 5), (5, 0)); // []
        assert_eq!(slice_range(None, Some(-7), 1, 5), (0, 0)); // []
        assert_eq!(
            slice_range(Some(isize::MIN), Some(isize::MAX), 4, 5),
            (0, 2)
        ); // [0, 4]
        assert_eq!(slice_range(None, None, 3, 0), (0, 0));
    }

    #[test]
    fn slice_takes_every_step_th_element_without_copying() {
        let a = DynTensor::from_vec((0..12i64).collect(), &[3, 4]).unwrap();
        let b = a.slice(1, None, None, 2).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[3, 2]);
        assert_eq!(b.strides(), &[4, 2]);
        assert_eq!(b.to_vec::<i64>().unwrap(), vec![0, 2, 4, 6, 8, 10]);
        let c = a
            .slice(-2, Some(-1), None, 1)
            .unwrap()
            .slice(1, Some(1), None, 1)
            .unwrap();
        assert_eq!(c.to_vec::<i64>().unwrap(), vec![9, 10, 11]);
        // A slice of a slice of a transposed view.
        let d = a
            .t()
            .unwrap()
            .slice(0, Some(1), None, 2)
            .unwrap()
            .slice(1, None, None, 2)
            .unwrap();
        assert_eq!(d.to_vec::<i64>().unwrap(), vec![1, 9, 3, 11]);
        let e = a.slice(0, Some(3), None, 1).unwrap();
        assert_eq!((e.shape(), e.numel()), (&[0, 4][..], 0));
    }

    #[test]
    fn slice_rejects_a_zero_step_and_bad_dims() {
        let a = DynTensor::zeros(&[4], DType::Int32).unwrap();
        let e = a.slice(0, None, None, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "slice: invalid step: the step must be at least 1"
        );
        assert!(matches!(
            a.slice(1, None, None, 1),
            Err(Error::DimOutOfRange { .. })
        ));
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_slice() {
        check_grad(|v| v[0].slice(1, Some(0), None, 2), &[&[2, 5]]);
        check_grad(|v| v[0].slice(0, Some(-3), Some(100), 1), &[&[4]]);
        check_grad(|v| v[0].slice(-1, Some(1), Some(-1), 3), &[&[3, 7]]);
        check_grad(|v| v[0].slice(0, Some(3), Some(1), 1), &[&[4]]);
        // A transposed input, then a reshape of the strided view (which copies).
        check_grad(
            |v| v[0].t()?.slice(0, Some(1), None, 2)?.reshape(&[-1]),
            &[&[3, 4]],
        );
    }

    #[test]
    fn a_recorded_slice_is_still_a_view_and_scatters_into_zeros() {
        let x = leaf(&[7]);
        let y = x.slice(0, Some(1), None, 3).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("slice"));
        assert_eq!(grad_of_ramp(&x, &y), vec![0., 1., 0., 0., 2., 0., 0.]);
    }
}
