//! `cat`: tensors joined along an existing dim, into a new contiguous tensor.

use super::{ListOp, promoted_list_op};
use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::kernel;
use crate::layout::{DimVec, Layout, normalize_dim};
use crate::tensor_impl::TensorImpl;

/// `parts` joined along `dim` into a new contiguous tensor: the typed-level `cat`.
///
/// # Errors
/// As [`DynTensor::cat`].
pub fn cat<T: Element>(parts: &[&TensorImpl<T>], dim: isize) -> Result<TensorImpl<T>> {
    cat_as("cat", parts, dim)
}

/// [`cat`] with errors naming `op` (`stack` joins unsqueezed views through it).
pub(super) fn cat_as<T: Element>(
    op: &'static str,
    parts: &[&TensorImpl<T>],
    dim: isize,
) -> Result<TensorImpl<T>> {
    let Some(&first) = parts.first() else {
        return Err(Error::invalid(
            op,
            "tensors",
            "expected a non-empty list of tensors",
        ));
    };
    if let Some(i) = parts.iter().position(|p| p.dims().is_empty()) {
        return Err(Error::invalid(
            op,
            "tensors",
            format!("a 0-d tensor (at position {i}) cannot be concatenated"),
        ));
    }
    // NOTE: as in PyTorch, a 1-D tensor of shape [0] is skipped whatever the other shapes
    // (a legacy rule that lets an empty start value accumulate with `cat`).
    let reference = parts
        .iter()
        .copied()
        .find(|p| p.dims() != [0])
        .unwrap_or(first);
    let skipped = |p: &TensorImpl<T>| p.dims() == [0] && reference.dims().len() != 1;
    let ref_dims = reference.dims();
    let d = normalize_dim(dim, ref_dims.len(), ref_dims, op)?;
    let mut out: DimVec = ref_dims.into();
    out[d] = 0;
    for (i, p) in parts.iter().enumerate() {
        if skipped(p) {
            continue;
        }
        if p.dims().len() != ref_dims.len() {
            return Err(Error::mismatch(
                op,
                ref_dims,
                p.dims(),
                format!(
                    "tensors must have the same number of dims, tensor {i} has {}",
                    p.dims().len()
                ),
            ));
        }
        if let Some(k) = (0..ref_dims.len()).find(|&k| k != d && p.dims()[k] != ref_dims[k]) {
            return Err(Error::mismatch(
                op,
                ref_dims,
                p.dims(),
                format!("sizes must match except in dim {d}, tensor {i} differs in dim {k}"),
            ));
        }
        out[d] = out[d]
            .checked_add(p.dims()[d])
            .ok_or_else(|| Error::Overflow {
                op,
                shape: ref_dims.into(),
            })?;
    }
    let whole = Layout::contiguous(&out);
    let mut start = 0;
    let mut pieces = Vec::with_capacity(parts.len());
    for &p in parts.iter().filter(|p| !skipped(p)) {
        let len = p.dims()[d];
        pieces.push((p, whole.slice(d, start, len, 1)));
        start += len;
    }
    kernel::assemble(op, &out, &pieces)
}

struct Cat(isize);

impl ListOp for Cat {
    fn run<T: Element>(&self, parts: &[&TensorImpl<T>]) -> Result<TensorImpl<T>> {
        cat(parts, self.0)
    }
}

impl DynTensor {
    /// Returns `tensors` joined along `dim` (`torch.cat`): a new contiguous tensor whose
    /// size at `dim` is the sum of theirs, with every other dim shared. The dtype is the
    /// promotion of all of theirs. As in PyTorch, 1-D tensors of shape `[0]` are skipped.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{DType, DynTensor};
    /// let a = DynTensor::from_vec(vec![1i32, 2], &[1, 2])?;
    /// let b = DynTensor::from_vec(vec![3.5f32, 4.5, 5.5, 6.5], &[2, 2])?;
    /// let c = DynTensor::cat(&[a, b], 0)?;
    /// assert_eq!((c.shape(), c.dtype()), (&[3, 2][..], DType::Float32));
    /// assert_eq!(c.to_vec::<f32>()?, vec![1.0, 2.0, 3.5, 4.5, 5.5, 6.5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty list or a 0-d tensor;
    /// [`Error::DimOutOfRange`] for a bad dim; [`Error::ShapeMismatch`] naming both shapes
    /// if the ranks or the sizes outside `dim` differ.
    pub fn cat(tensors: &[DynTensor], dim: isize) -> Result<DynTensor> {
        promoted_list_op(tensors, "cat", &Cat(dim))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    fn range(start: i64, shape: &[usize]) -> DynTensor {
        let n: usize = shape.iter().product();
        DynTensor::from_vec((start..start + n as i64).collect(), shape).unwrap()
    }

    #[test]
    fn cat_joins_along_any_dim() {
        let a = range(0, &[2, 2]);
        let b = range(10, &[2, 3]);
        let c = DynTensor::cat(&[a.clone(), b.clone()], -1).unwrap();
        assert_eq!(c.shape(), &[2, 5]);
        assert_eq!(
            c.to_vec::<i64>().unwrap(),
            vec![0, 1, 10, 11, 12, 2, 3, 13, 14, 15]
        );
        assert!(!c.shares_storage(&a));
        let r = DynTensor::cat(&[a.clone(), a.clone(), range(4, &[1, 2])], 0).unwrap();
        assert_eq!(
            r.to_vec::<i64>().unwrap(),
            vec![0, 1, 2, 3, 0, 1, 2, 3, 4, 5]
        );
        // Strided and broadcast sources are read through their views.
        let t = DynTensor::cat(&[a.t().unwrap(), b.narrow(1, 1, 2).unwrap()], 0).unwrap();
        assert_eq!(t.to_vec::<i64>().unwrap(), vec![0, 2, 1, 3, 11, 12, 14, 15]);
        let e = range(7, &[1, 1]).expand(&[2, 1]).unwrap();
        let m = DynTensor::cat(&[a.clone(), e], 1).unwrap();
        assert_eq!(m.to_vec::<i64>().unwrap(), vec![0, 1, 7, 2, 3, 7]);
        // One tensor gives a copy of it.
        let one = DynTensor::cat(std::slice::from_ref(&b), 1).unwrap();
        assert_eq!(one.to_vec::<i64>().unwrap(), b.to_vec::<i64>().unwrap());
    }

    #[test]
    fn cat_promotes_and_handles_empty_tensors() {
        let i = DynTensor::from_vec(vec![1i32, 2], &[2]).unwrap();
        let f = DynTensor::from_vec(vec![0.5f64], &[1]).unwrap();
        let b = DynTensor::from_vec(vec![true], &[1]).unwrap();
        let c = DynTensor::cat(&[i, f, b], 0).unwrap();
        assert_eq!(c.dtype(), DType::Float64);
        assert_eq!(c.to_vec::<f64>().unwrap(), vec![1.0, 2.0, 0.5, 1.0]);
        // Zero-size pieces along the dim, and the legacy [0] tensor of another rank.
        let a = range(0, &[2, 2]);
        let z = DynTensor::zeros(&[2, 0], DType::Int64).unwrap();
        let legacy = DynTensor::zeros(&[0], DType::Int64).unwrap();
        let r = DynTensor::cat(&[legacy.clone(), z, a.clone(), legacy.clone()], 1).unwrap();
        assert_eq!(r.shape(), &[2, 2]);
        assert_eq!(r.to_vec::<i64>().unwrap(), vec![0, 1, 2, 3]);
        let only = DynTensor::cat(&[legacy.clone(), legacy], 0).unwrap();
        assert_eq!(only.shape(), &[0]);
    }

    #[test]
    fn cat_errors_name_the_shapes() {
        let a = range(0, &[2, 2]);
        let b = range(0, &[3, 3]);
        let e = DynTensor::cat(&[a.clone(), b], 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cat: shapes [2, 2] and [3, 3] do not match (sizes must match except in dim 0, \
             tensor 1 differs in dim 1)"
        );
        let e = DynTensor::cat(&[a.clone(), range(0, &[2])], 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cat: shapes [2, 2] and [2] do not match (tensors must have the same number of \
             dims, tensor 1 has 1)"
        );
        let e = DynTensor::cat(&[], 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cat: invalid tensors: expected a non-empty list of tensors"
        );
        assert!(matches!(
            DynTensor::cat(std::slice::from_ref(&a), 2),
            Err(Error::DimOutOfRange { .. })
        ));
        let s = DynTensor::scalar(1i64);
        assert!(matches!(
            DynTensor::cat(&[a, s], 0),
            Err(Error::InvalidArgument { .. })
        ));
    }
}
