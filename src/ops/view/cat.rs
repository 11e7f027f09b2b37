//! `cat`: tensors joined along an existing dim, into a new contiguous tensor.

use super::{ListOp, promoted_list_op};
use crate::autograd;
use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::kernel;
use crate::layout::{DimVec, Layout, normalize_dim};
use crate::shape::{CatShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `parts` joined along `dim` into a new contiguous tensor: the typed-level `cat`.
///
/// # Errors
/// As [`DynTensor::cat`].
pub fn cat<T: Element>(parts: &[&TensorImpl<T>], dim: isize) -> Result<TensorImpl<T>> {
    let out = cat_as("cat", parts, dim)?;
    if parts.iter().all(|p| p.autograd().is_none()) {
        return Ok(out);
    }
    let inputs = parts.iter().map(|p| p.autograd()).collect();
    // Each part's gradient is its range of the output's gradient along `dim`: the parts
    // lie one after another there, each as long as its own size.
    Ok(autograd::maybe_record_many(out, "cat", inputs, |out| {
        let d =
            normalize_dim(dim, out.dims().len(), out.dims(), "cat").expect("cat accepted the dim");
        let rank = out.dims().len();
        // `None` for a part that `cat` skipped (a legacy `[0]` among other ranks).
        let sizes: Vec<Option<usize>> = parts
            .iter()
            .map(|p| (!(p.dims() == [0] && rank != 1)).then(|| p.dims()[d]))
            .collect();
        move |g: &DynTensor| {
            let mut start = 0;
            sizes
                .iter()
                .map(|&size| {
                    Ok(Some(match size {
                        Some(len) => {
                            let part = g.narrow(d as isize, start as isize, len)?;
                            start += len;
                            part
                        }
                        None => DynTensor::zeros(&[0], g.dtype())?,
                    }))
                })
                .collect()
        }
    }))
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

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns `parts` joined along `axis` into a new contiguous tensor: the typed
    /// [`DynTensor::cat`]. The parts share one shape type, so only their `usize` dims can
    /// differ; the dim along the axis becomes a `usize` (the sum, [`CatShape`]). Tensors of
    /// different shape types join with [`Tensor::cat_with`].
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Const, Rank2}};
    /// let a = Tensor::<i32, Rank2<1, 2>>::from_vec(vec![1, 2])?;
    /// let b = Tensor::<i32, Rank2<1, 2>>::from_vec(vec![3, 4])?;
    /// let c: Tensor<i32, (usize, Const<2>)> = Tensor::cat(&[&a, &b, &a], Axis::<0>);
    /// assert_eq!(c.to_vec(), vec![1, 2, 3, 4, 1, 2]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Panics
    /// If `parts` is empty, or `usize` dims off the axis differ at run time; the message
    /// names the op and the shapes.
    pub fn cat<A>(parts: &[&Tensor<T, S>], _axis: A) -> Tensor<T, <S as CatShape<S, A>>::Output>
    where
        S: CatShape<S, A>,
    {
        let inners: Vec<&TensorImpl<T>> = parts.iter().map(|p| p.inner()).collect();
        let inner = cat(&inners, S::INDEX as isize).unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_kernel(inner, "cat")
    }

    /// Returns this tensor and `other` joined along `axis`: the two-tensor [`Tensor::cat`]
    /// for shapes of different types. Every dim off the axis must be equal ([`CatShape`]:
    /// static dims at compile time, `usize` dims at run time, the static side wins); the dim
    /// along the axis becomes a `usize`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Const, Rank2}};
    /// let a = Tensor::<i32, Rank2<2, 1>>::from_vec(vec![1, 2])?;
    /// let b = Tensor::<i32, (usize, Const<2>)>::from_vec_with(vec![3, 4, 5, 6], (2, Const))?;
    /// let c: Tensor<i32, (Const<2>, usize)> = a.cat_with(&b, Axis::<1>);
    /// assert_eq!(c.to_vec(), vec![1, 3, 4, 2, 5, 6]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Panics
    /// If `usize` dims off the axis differ at run time; the message names the op and both
    /// shapes.
    pub fn cat_with<R: Shape, A>(
        &self,
        other: &Tensor<T, R>,
        _axis: A,
    ) -> Tensor<T, <S as CatShape<R, A>>::Output>
    where
        S: CatShape<R, A>,
    {
        let inner = cat(&[self.inner(), other.inner()], S::INDEX as isize)
            .unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_kernel(inner, "cat")
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

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_cat_matches_dyn_and_checks_runtime_dims() {
        let a =
            Tensor::<i32, (usize, Const<2>)>::from_vec_with(vec![1, 2, 3, 4], (2, Const)).unwrap();
        let b = Tensor::<i32, (usize, Const<2>)>::from_vec_with(vec![5, 6], (1, Const)).unwrap();
        let c: Tensor<i32, (usize, Const<2>)> = Tensor::cat(&[&a, &b], Axis::<0>);
        assert_eq!(c.shape(), (3, Const));
        let dc = DynTensor::cat(&[a.to_dyn(), b.to_dyn()], 0).unwrap();
        assert_eq!(c.to_vec(), dc.to_vec::<i32>().unwrap());
        let w: Tensor<i32, (usize, usize)> = Tensor::cat(&[&a, &a], Axis::<1>);
        assert_eq!(w.shape(), (2, 4));
        assert_eq!(w.to_vec(), vec![1, 2, 1, 2, 3, 4, 3, 4]);
        let s = Tensor::<i32, Rank2<2, 1>>::from_vec(vec![9, 8]).unwrap();
        let m: Tensor<i32, (Const<2>, usize)> = s.cat_with(&a, Axis::<1>);
        assert_eq!(m.to_vec(), vec![9, 1, 2, 8, 3, 4]);
        let bad = std::panic::catch_unwind(|| b.cat_with(&a, Axis::<1>));
        let msg = *bad.unwrap_err().downcast::<String>().unwrap();
        assert!(
            msg.starts_with("cat: ") && msg.contains("[1, 2]") && msg.contains("[2, 2]"),
            "{msg}"
        );
        assert!(
            std::panic::catch_unwind(|| Tensor::<i32, (usize, Const<2>)>::cat(&[], Axis::<0>))
                .is_err()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};
    use crate::DynTensor;

    #[test]
    fn gradcheck_cat() {
        let cat = |dim| move |v: &[DynTensor]| DynTensor::cat(v, dim);
        check_grad(cat(-1), &[&[2, 1], &[2, 3], &[2, 2]]);
        check_grad(cat(0), &[&[1, 3], &[2, 3]]);
        check_grad(cat(0), &[&[2], &[0], &[3]]);
        // A legacy empty `[0]` part among 2-D parts is skipped; its gradient is empty.
        check_grad(cat(0), &[&[2, 3], &[0], &[1, 3]]);
        // Non-contiguous parts: a transposed one and an expanded one.
        check_grad(
            |v| DynTensor::cat(&[v[0].clone(), v[1].t()?, v[2].expand(&[2, 2])?], 1),
            &[&[2, 1], &[3, 2], &[1, 2]],
        );
    }

    #[test]
    fn cat_gradients_are_the_parts_ranges() {
        let a = leaf(&[1, 2]);
        let b = leaf(&[2, 2]);
        let c = DynTensor::from_vec(vec![7i64, 8], &[1, 2]).unwrap();
        let y = DynTensor::cat(&[a.clone(), c, b.clone()], 0).unwrap();
        assert_eq!(y.grad_fn(), Some("cat"));
        assert_eq!(grad_of_ramp(&a, &y), vec![1., 2.]);
        assert_eq!(b.grad().unwrap().to_vec_f64(), vec![5., 6., 7., 8.]);
        assert_eq!(b.grad().unwrap().shape(), &[2, 2]);
    }

    #[test]
    fn typed_cat_backward() {
        use crate::Tensor;
        use crate::shape::{Axis, Rank2};
        let a = Tensor::<f64, Rank2<1, 2>>::from_vec(vec![1., 2.])
            .unwrap()
            .requires_grad_(true);
        let b = Tensor::<f64, Rank2<1, 2>>::from_vec(vec![3., 4.])
            .unwrap()
            .requires_grad_(true);
        // sum(cat(a, b, a)^2): a appears twice, so its gradient is 2 * 2a.
        let c = Tensor::cat(&[&a, &b, &a], Axis::<0>);
        c.mul(&c).sum().backward().unwrap();
        assert_eq!(a.grad().unwrap().to_vec(), vec![4., 8.]);
        assert_eq!(b.grad().unwrap().to_vec(), vec![6., 8.]);
    }
}
