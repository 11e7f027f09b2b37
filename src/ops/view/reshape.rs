//! `reshape` and `view`: the same elements in row-major order under another shape; a view
//! whenever the strides allow, else (for `reshape` only) a contiguous copy.

use super::{isize_dims, record_view};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::infer_shape;
use crate::shape::{ConstShape, Shape, shape_name};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `x` with shape `shape` (one `-1` inferred): a view sharing `x`'s buffer when the strides
/// allow it, else a contiguous copy. The typed-level `reshape`; `op` names the caller in
/// errors.
///
/// # Errors
/// [`Error::InvalidReshape`] if the element counts differ or the shape has a bad `-1`.
pub fn reshape<T: Element>(
    x: &TensorImpl<T>,
    shape: &[isize],
    op: &'static str,
) -> Result<TensorImpl<T>> {
    let dims = infer_shape(shape, x.numel(), x.dims(), op)?;
    let out = match x.layout().reshape(&dims) {
        Some(layout) => x.view(layout),
        None => {
            let copy = x.contiguous(op)?;
            let layout = copy
                .layout()
                .reshape(&dims)
                .expect("a contiguous layout takes any shape of its element count");
            copy.view(layout)
        }
    };
    Ok(reshape_back(out, op, x))
}

/// Records a shape op whose gradient is the output's gradient reshaped to the input's
/// dims: `reshape`, `view`, `flatten`, `squeeze`, `unsqueeze`.
pub(super) fn reshape_back<T: Element>(
    out: TensorImpl<T>,
    op: &'static str,
    x: &TensorImpl<T>,
) -> TensorImpl<T> {
    record_view(out, op, x, || {
        let dims = isize_dims(x.dims());
        move |g: &DynTensor| g.reshape(&dims)
    })
}

/// `x` with shape `shape` (one `-1` inferred), always a view sharing `x`'s buffer: the
/// typed-level `view`.
///
/// # Errors
/// [`Error::InvalidReshape`] if the element counts differ, the shape has a bad `-1`, or the
/// strides do not allow a view (then [`reshape`] copies).
pub fn view<T: Element>(x: &TensorImpl<T>, shape: &[isize]) -> Result<TensorImpl<T>> {
    let dims = infer_shape(shape, x.numel(), x.dims(), "view")?;
    match x.layout().reshape(&dims) {
        Some(layout) => Ok(reshape_back(x.view(layout), "view", x)),
        None => Err(Error::InvalidReshape {
            op: "view",
            from: x.dims().into(),
            to: shape.to_vec(),
            reason: format!(
                "the strides {:?} do not allow it: a dim spans two non-contiguous runs; \
                 use reshape, which copies",
                x.layout().strides()
            ),
        }),
    }
}

impl DynTensor {
    /// Returns the elements in row-major order under `shape`, `out.flat[i] = self.flat[i]`
    /// (`torch.reshape`). One size may be `-1`, inferred from the element count. The result
    /// is a view when the strides allow it (always for a contiguous tensor), else a
    /// contiguous copy.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3])?;
    /// let b = a.reshape(&[3, -1])?;
    /// assert_eq!(b.shape(), &[3, 2]);
    /// assert!(b.shares_storage(&a));
    /// // A transposed view cannot be flattened in place: reshape copies.
    /// let c = a.t()?.reshape(&[-1])?;
    /// assert_eq!(c.to_vec::<i64>()?, vec![0, 3, 1, 4, 2, 5]);
    /// assert!(!c.shares_storage(&a));
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidReshape`] if the element counts differ, more than one size is `-1`,
    /// `-1` cannot be inferred (the other sizes hold no element), or a size is below `-1`.
    pub fn reshape(&self, shape: &[isize]) -> Result<DynTensor> {
        with_any!(self, x => Ok(reshape(x, shape, "reshape")?.into()))
    }

    /// Returns the view of the elements in row-major order under `shape` (`torch.view`):
    /// like [`DynTensor::reshape`], but never copies.
    ///
    /// # Errors
    /// [`Error::InvalidReshape`] as for [`DynTensor::reshape`], and also when the strides do
    /// not allow a view (a dim to be merged spans elements that are not evenly spaced, as
    /// after `transpose`).
    pub fn view(&self, shape: &[isize]) -> Result<DynTensor> {
        with_any!(self, x => Ok(view(x, shape)?.into()))
    }
}

/// Element counts of two static shapes, compared when the program is built.
struct SameNumel<A, B>(std::marker::PhantomData<(A, B)>);

impl<A: Shape, B: Shape> SameNumel<A, B> {
    const OK: () = assert!(
        matches!((A::NUMEL, B::NUMEL), (Some(a), Some(b)) if a == b),
        "reshape: the static shapes have different element counts"
    );
}

impl<T: Element, S: ConstShape> Tensor<T, S> {
    /// Returns this tensor with the static shape `S2` (a view when the strides allow it).
    ///
    /// The element counts are compared by a `const` assert, so a wrong reshape fails when
    /// the program is *built* (`cargo build`, `cargo test`); `cargo check` and IDEs do not
    /// evaluate it (a limit of stable Rust: arithmetic on const generics cannot appear in a
    /// type). The message is fixed; the notes point at the call.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Rank1, Rank2}};
    /// let a = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![0., 1., 2., 3., 4., 5.])?;
    /// let b: Tensor<f32, Rank1<6>> = a.reshape();
    /// assert_eq!(b.to_vec(), a.to_vec());
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn reshape<S2: ConstShape>(&self) -> Tensor<T, S2> {
        let () = SameNumel::<S, S2>::OK;
        let dims: Vec<isize> = S2::default().dims().iter().map(|&d| d as isize).collect();
        let inner = reshape(self.inner(), &dims, "reshape")
            .expect("equal static element counts were checked when the program was built");
        Tensor::from_kernel(inner, "reshape")
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns this tensor with shape `shape`, which may hold `usize` dims (a view when the
    /// strides allow it). Use [`Tensor::reshape`] between static shapes.
    ///
    /// # Panics
    /// If the element counts differ at run time; the message names both shapes.
    pub fn reshape_to<S2: Shape>(&self, shape: S2) -> Tensor<T, S2> {
        let dims: Vec<isize> = shape.dims().iter().map(|&d| d as isize).collect();
        let inner = reshape(self.inner(), &dims, "reshape").unwrap_or_else(|_| {
            panic!(
                "reshape: cannot view shape {:?} as {:?} ({})",
                self.dims(),
                shape.dims(),
                shape_name::<S2>()
            )
        });
        Tensor::from_kernel(inner, "reshape")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_reshape_shares_the_buffer_and_checks_runtime_dims() {
        use crate::Tensor;
        use crate::shape::{Const, Rank2, Rank3};
        let a = Tensor::<i32, Rank2<2, 3>>::from_vec((0..6).collect()).unwrap();
        let b: Tensor<i32, Rank3<3, 2, 1>> = a.reshape();
        assert!(b.inner().shares_storage(a.inner()));
        assert_eq!(b.to_vec(), (0..6).collect::<Vec<_>>());
        let c: Tensor<i32, (usize, Const<2>)> = a.reshape_to((3, Const));
        assert_eq!(c.dims(), &[3, 2]);
        let bad = std::panic::catch_unwind(|| a.reshape_to((4usize, Const::<2>)));
        let msg = *bad.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(
            msg,
            "reshape: cannot view shape [2, 3] as [4, 2] ((usize, Const<2>))"
        );
    }

    use crate::{DType, DynTensor, Error};

    #[test]
    fn reshape_of_contiguous_data_is_a_view() {
        let a = DynTensor::from_vec((0..12i32).collect(), &[3, 4]).unwrap();
        let b = a.reshape(&[2, -1, 3]).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[2, 2, 3]);
        assert_eq!(b.get::<i32>(&[1, 0, 2]).unwrap(), 8);
        assert_eq!(b.to_vec::<i32>().unwrap(), (0..12).collect::<Vec<_>>());
        // A narrowed view whose rows stay contiguous can be split and merged.
        let n = a.narrow(0, 1, 2).unwrap().reshape(&[8]).unwrap();
        assert!(n.shares_storage(&a));
        assert_eq!(n.to_vec::<i32>().unwrap(), vec![4, 5, 6, 7, 8, 9, 10, 11]);
        let s = DynTensor::scalar(3.0f64).reshape(&[1, 1]).unwrap();
        assert_eq!((s.shape(), s.item::<f64>().unwrap()), (&[1, 1][..], 3.0));
        let z = DynTensor::zeros(&[0, 3], DType::Float32)
            .unwrap()
            .reshape(&[3, 0, 5])
            .unwrap();
        assert_eq!(z.shape(), &[3, 0, 5]);
    }

    #[test]
    fn reshape_copies_when_the_strides_forbid_a_view() {
        let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3]).unwrap();
        let t = a.t().unwrap();
        let flat = t.reshape(&[-1]).unwrap();
        assert!(!flat.shares_storage(&a));
        assert!(flat.is_contiguous());
        assert_eq!(flat.to_vec::<i64>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
        // Splitting a dim of the transposed view is still a view.
        let split = t.reshape(&[3, 2, 1]).unwrap();
        assert!(split.shares_storage(&a));
        assert_eq!(split.to_vec::<i64>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
        // A broadcast view reshapes by copying its repeated elements.
        let e = DynTensor::from_vec(vec![1i64, 2], &[2, 1])
            .unwrap()
            .expand(&[2, 2])
            .unwrap();
        assert_eq!(
            e.reshape(&[4]).unwrap().to_vec::<i64>().unwrap(),
            vec![1, 1, 2, 2]
        );
    }

    #[test]
    fn view_never_copies() {
        let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3]).unwrap();
        let v = a.view(&[3, 2]).unwrap();
        assert!(v.shares_storage(&a));
        assert_eq!(v.to_vec::<i64>().unwrap(), vec![0, 1, 2, 3, 4, 5]);
        let e = a.t().unwrap().view(&[6]).unwrap_err();
        assert!(matches!(e, Error::InvalidReshape { op: "view", .. }));
        assert_eq!(
            e.to_string(),
            "view: cannot view shape [3, 2] as [6] (the strides [1, 3] do not allow it: a dim \
             spans two non-contiguous runs; use reshape, which copies)"
        );
    }

    #[test]
    fn reshape_checks_the_element_count() {
        let a = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        let e = a.reshape(&[4]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "reshape: cannot view shape [2, 3] as [4] (6 elements, the new shape has 4)"
        );
        assert!(a.reshape(&[-1, -1]).is_err());
        assert!(a.reshape(&[-2, 3]).is_err());
        assert!(a.view(&[5, -1]).is_err());
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_reshape_and_view() {
        check_grad(|v| v[0].reshape(&[3, -1]), &[&[2, 3]]);
        check_grad(|v| v[0].view(&[-1]), &[&[2, 2, 3]]);
        check_grad(|v| v[0].reshape(&[1, 1]), &[&[]]);
        check_grad(|v| v[0].reshape(&[]), &[&[1]]);
        check_grad(|v| v[0].reshape(&[0, 3]), &[&[3, 0]]);
        // A transposed input cannot be viewed flat: reshape copies, the gradient still flows.
        check_grad(|v| v[0].t()?.reshape(&[-1]), &[&[2, 3]]);
        // An expanded input, and a chain of views.
        check_grad(|v| v[0].expand(&[2, 3])?.reshape(&[3, 2]), &[&[3]]);
        check_grad(|v| v[0].t()?.reshape(&[2, 6])?.narrow(-1, 1, 4), &[&[3, 4]]);
    }

    #[test]
    fn a_recorded_reshape_is_still_a_view() {
        let x = leaf(&[2, 3]);
        let y = x.reshape(&[3, 2]).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("reshape"));
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 2., 3., 4., 5., 6.]);
        assert_eq!(x.grad().unwrap().shape(), &[2, 3]);
        let x = leaf(&[4]);
        let y = x.view(&[2, 2]).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("view"));
    }

    #[test]
    fn typed_reshape_backward() {
        use crate::Tensor;
        use crate::shape::{Rank1, Rank2};
        let x = Tensor::<f64, Rank2<2, 3>>::from_vec(vec![1., 2., 3., 4., 5., 6.])
            .unwrap()
            .requires_grad_(true);
        let w = Tensor::<f64, Rank1<6>>::from_vec(vec![6., 5., 4., 3., 2., 1.]).unwrap();
        let y: Tensor<f64, Rank1<6>> = x.reshape();
        y.mul(&w).sum().backward().unwrap();
        // d(sum(w * flat(x)))/dx = w, in x's shape.
        let g: Tensor<f64, Rank2<2, 3>> = x.grad().unwrap();
        assert_eq!(g.to_vec(), vec![6., 5., 4., 3., 2., 1.]);
    }
}
