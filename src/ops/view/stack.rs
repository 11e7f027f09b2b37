//! `stack`: tensors of one shape joined along a new dim, into a new contiguous tensor.

use super::cat::cat_as;
use super::{ListOp, promoted_list_op};
use crate::autograd;
use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::shape::{Shape, StackShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `parts` joined along a new dim `dim`: the typed-level `stack`. Each part is viewed with
/// a size-1 dim at `dim` (no copy) and the views are concatenated there.
///
/// # Errors
/// As [`DynTensor::stack`].
pub fn stack<T: Element>(parts: &[&TensorImpl<T>], dim: isize) -> Result<TensorImpl<T>> {
    let Some(first) = parts.first() else {
        return Err(Error::invalid(
            "stack",
            "tensors",
            "expected a non-empty list of tensors",
        ));
    };
    let shape = first.dims();
    if let Some((i, p)) = parts.iter().enumerate().find(|(_, p)| p.dims() != shape) {
        return Err(Error::mismatch(
            "stack",
            shape,
            p.dims(),
            format!("every tensor must have the same shape, tensor {i} differs from tensor 0"),
        ));
    }
    let d = normalize_dim(dim, shape.len() + 1, shape, "stack")?;
    let views: Vec<TensorImpl<T>> = parts
        .iter()
        .map(|p| p.view(p.layout().unsqueeze(d)))
        .collect();
    let refs: Vec<&TensorImpl<T>> = views.iter().collect();
    let out = cat_as("stack", &refs, d as isize)?;
    if parts.iter().all(|p| p.autograd().is_none()) {
        return Ok(out);
    }
    let inputs = parts.iter().map(|p| p.autograd()).collect();
    // Part `i` is the output at index `i` of the new dim, so its gradient is the output's
    // gradient selected there.
    let n = parts.len();
    Ok(autograd::maybe_record_many(out, "stack", inputs, |_| {
        move |g: &DynTensor| {
            (0..n)
                .map(|i| Ok(Some(g.select(d as isize, i as isize)?)))
                .collect()
        }
    }))
}

struct Stack(isize);

impl ListOp for Stack {
    fn run<T: Element>(&self, parts: &[&TensorImpl<T>]) -> Result<TensorImpl<T>> {
        stack(parts, self.0)
    }
}

impl DynTensor {
    /// Returns `tensors`, all of one shape, joined along a new dim `dim` (`torch.stack`):
    /// `out[.., i, ..] = tensors[i]`. For `n` tensors of shape `[a, b]` and `dim = 1`, the
    /// result has shape `[a, n, b]`. `dim` is in `-(ndim + 1)..=ndim`; the dtype is the
    /// promotion of all of theirs.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![1i64, 2], &[2])?;
    /// let b = DynTensor::from_vec(vec![3i64, 4], &[2])?;
    /// let rows = DynTensor::stack(&[a.clone(), b.clone()], 0)?;
    /// assert_eq!(rows.to_vec::<i64>()?, vec![1, 2, 3, 4]);
    /// assert_eq!(DynTensor::stack(&[a, b], -1)?.to_vec::<i64>()?, vec![1, 3, 2, 4]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty list; [`Error::ShapeMismatch`] naming both
    /// shapes if they differ; [`Error::DimOutOfRange`] for a bad dim.
    pub fn stack(tensors: &[DynTensor], dim: isize) -> Result<DynTensor> {
        promoted_list_op(tensors, "stack", &Stack(dim))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns `parts` joined along a new `axis` (at most the rank) into a new contiguous
    /// tensor: the typed [`DynTensor::stack`]. The new dim is a `usize` (the number of
    /// parts, [`StackShape`]). Tensors of different shape types stack with
    /// [`Tensor::stack_with`].
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Const, Rank1}};
    /// let a = Tensor::<i32, Rank1<2>>::from_vec(vec![1, 2])?;
    /// let b = Tensor::<i32, Rank1<2>>::from_vec(vec![3, 4])?;
    /// let s: Tensor<i32, (Const<2>, usize)> = Tensor::stack(&[&a, &b], Axis::<1>);
    /// assert_eq!(s.to_vec(), vec![1, 3, 2, 4]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Panics
    /// If `parts` is empty, or `usize` dims differ at run time; the message names the op
    /// and the shapes.
    pub fn stack<A>(parts: &[&Tensor<T, S>], _axis: A) -> Tensor<T, <S as StackShape<S, A>>::Output>
    where
        S: StackShape<S, A>,
    {
        let inners: Vec<&TensorImpl<T>> = parts.iter().map(|p| p.inner()).collect();
        let inner = stack(&inners, S::INDEX as isize).unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_kernel(inner, "stack")
    }

    /// Returns this tensor and `other` joined along a new `axis`: the two-tensor
    /// [`Tensor::stack`] for shapes of different types. Every dim must be equal
    /// ([`StackShape`]: static dims at compile time, `usize` dims at run time).
    ///
    /// # Panics
    /// If `usize` dims differ at run time; the message names the op and both shapes.
    pub fn stack_with<R: Shape, A>(
        &self,
        other: &Tensor<T, R>,
        _axis: A,
    ) -> Tensor<T, <S as StackShape<R, A>>::Output>
    where
        S: StackShape<R, A>,
    {
        let inner = stack(&[self.inner(), other.inner()], S::INDEX as isize)
            .unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_kernel(inner, "stack")
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn stack_adds_a_dim() {
        let a = DynTensor::from_vec((0..6i32).collect(), &[2, 3]).unwrap();
        let b = DynTensor::from_vec((10..16i32).collect(), &[2, 3]).unwrap();
        let s0 = DynTensor::stack(&[a.clone(), b.clone()], 0).unwrap();
        assert_eq!(s0.shape(), &[2, 2, 3]);
        assert_eq!(
            s0.to_vec::<i32>().unwrap(),
            vec![0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]
        );
        let s1 = DynTensor::stack(&[a.clone(), b.clone()], 1).unwrap();
        assert_eq!(s1.shape(), &[2, 2, 3]);
        assert_eq!(
            s1.to_vec::<i32>().unwrap(),
            vec![0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15]
        );
        let s2 = DynTensor::stack(&[a.clone(), b.t().unwrap().t().unwrap()], -1).unwrap();
        assert_eq!(s2.shape(), &[2, 3, 2]);
        assert_eq!(
            s2.to_vec::<i32>().unwrap(),
            vec![0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15]
        );
        // A transposed source and scalars.
        let st = DynTensor::stack(&[a.t().unwrap()], 0).unwrap();
        assert_eq!(st.to_vec::<i32>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
        let sc =
            DynTensor::stack(&[DynTensor::scalar(1.5f32), DynTensor::scalar(2i64)], 0).unwrap();
        assert_eq!((sc.shape(), sc.dtype()), (&[2][..], DType::Float32));
        assert_eq!(sc.to_vec::<f32>().unwrap(), vec![1.5, 2.0]);
        let z = DynTensor::zeros(&[0, 2], DType::Int64).unwrap();
        assert_eq!(
            DynTensor::stack(&[z.clone(), z], 1).unwrap().shape(),
            &[0, 2, 2]
        );
    }

    #[test]
    fn stack_checks_shapes_and_dims() {
        let a = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        let b = DynTensor::zeros(&[3, 2], DType::Float32).unwrap();
        let e = DynTensor::stack(&[a.clone(), b], 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "stack: shapes [2, 3] and [3, 2] do not match (every tensor must have the same \
             shape, tensor 1 differs from tensor 0)"
        );
        assert!(matches!(
            DynTensor::stack(std::slice::from_ref(&a), 3),
            Err(Error::DimOutOfRange { .. })
        ));
        assert!(DynTensor::stack(std::slice::from_ref(&a), -3).is_ok());
        assert!(matches!(
            DynTensor::stack(&[], 0),
            Err(Error::InvalidArgument { .. })
        ));
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, Rank1};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_stack_matches_dyn_and_checks_runtime_dims() {
        let a = Tensor::<i32, (usize,)>::from_vec_with(vec![1, 2], (2,)).unwrap();
        let b = Tensor::<i32, (usize,)>::from_vec_with(vec![3, 4], (2,)).unwrap();
        let s: Tensor<i32, (usize, usize)> = Tensor::stack(&[&a, &b, &a], Axis::<0>);
        assert_eq!(s.shape(), (3, 2));
        let ds = DynTensor::stack(&[a.to_dyn(), b.to_dyn(), a.to_dyn()], 0).unwrap();
        assert_eq!(s.to_vec(), ds.to_vec::<i32>().unwrap());
        let c = Tensor::<i32, Rank1<2>>::from_vec(vec![5, 6]).unwrap();
        let m: Tensor<i32, (Const<2>, usize)> = c.stack_with(&a, Axis::<1>);
        assert_eq!(m.to_vec(), vec![5, 1, 6, 2]);
        let short = Tensor::<i32, (usize,)>::from_vec_with(vec![7], (1,)).unwrap();
        let bad = std::panic::catch_unwind(|| c.stack_with(&short, Axis::<0>));
        let msg = *bad.unwrap_err().downcast::<String>().unwrap();
        assert!(
            msg.starts_with("stack: ") && msg.contains("[2]") && msg.contains("[1]"),
            "{msg}"
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};
    use crate::DynTensor;

    #[test]
    fn gradcheck_stack() {
        let stack = |dim| move |v: &[DynTensor]| DynTensor::stack(v, dim);
        check_grad(stack(0), &[&[3], &[3]]);
        check_grad(stack(-1), &[&[2, 3], &[2, 3], &[2, 3]]);
        check_grad(stack(1), &[&[2, 2], &[2, 2]]);
        check_grad(stack(0), &[&[], &[], &[]]);
        // A transposed part.
        check_grad(
            |v| DynTensor::stack(&[v[0].clone(), v[1].t()?], -1),
            &[&[2, 3], &[3, 2]],
        );
    }

    #[test]
    fn stack_gradients_are_the_selected_slices() {
        let a = leaf(&[2]);
        let b = leaf(&[2]);
        // y = [[a0, b0], [a1, b1]].
        let y = DynTensor::stack(&[a.clone(), b.clone()], -1).unwrap();
        assert_eq!(y.grad_fn(), Some("stack"));
        assert_eq!(grad_of_ramp(&a, &y), vec![1., 3.]);
        assert_eq!(b.grad().unwrap().to_vec_f64(), vec![2., 4.]);
    }
}
