//! `select`: the sub-tensor at one index of one dim, which drops that dim; a view.

use super::{grad_into_region, record_view};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::shape::{SelectShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The slice of `x` at `index` along `dim`, without that dim, sharing `x`'s buffer: the
/// typed-level `select`. A negative `index` counts from the end.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a bad dim (a 0-d tensor has none), [`Error::IndexOutOfRange`]
/// if `index` is outside `-size..size`.
pub fn select<T: Element>(x: &TensorImpl<T>, dim: isize, index: isize) -> Result<TensorImpl<T>> {
    let shape = x.dims();
    let d = normalize_dim(dim, shape.len(), shape, "select")?;
    let size = shape[d];
    let i = if index < 0 {
        index + size as isize
    } else {
        index
    };
    if i < 0 || i as usize >= size {
        return Err(Error::IndexOutOfRange {
            op: "select",
            index: index as i64,
            dim: d,
            size,
            shape: shape.into(),
        });
    }
    // The gradient is zeros of the input's shape with the output's gradient at `index`
    // (where the dim it dropped is re-inserted).
    let i = i as usize;
    let out = x.view(x.layout().select(d, i));
    Ok(record_view(out, "select", x, || {
        let dims = x.dims().to_vec();
        move |g: &DynTensor| grad_into_region("select", g, &dims, |l| l.select(d, i))
    }))
}

impl DynTensor {
    /// Returns the view `self[.., index, ..]` at `dim`, `out[a, b] = self[a, index, b]` for
    /// `dim = 1` (`torch.select`). The result has one dim fewer. A negative `index` counts
    /// from the end.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3])?;
    /// assert_eq!(a.select(1, -1)?.to_vec::<i64>()?, vec![2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad dim, [`Error::IndexOutOfRange`] if `index` is
    /// outside `-size..size`.
    pub fn select(&self, dim: isize, index: isize) -> Result<DynTensor> {
        with_any!(self, x => Ok(select(x, dim, index)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view at `index` along `axis`, which leaves the type: the typed
    /// [`DynTensor::select`], sharing the buffer ([`SelectShape`]). An axis out of range does
    /// not compile.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Rank1, Rank2}};
    /// let x = Tensor::<i32, Rank2<2, 3>>::from_vec((0..6).collect())?;
    /// let row: Tensor<i32, Rank1<3>> = x.select(Axis::<0>, 1);
    /// assert_eq!(row.to_vec(), vec![3, 4, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Panics
    /// If `index` is not below the size of the axis (a logic error, as for slice indexing);
    /// the message names the op, the shape and the index.
    pub fn select<A>(&self, _axis: A, index: usize) -> Tensor<T, <S as SelectShape<A>>::Output>
    where
        S: SelectShape<A>,
    {
        let d = S::INDEX;
        let size = self.dims()[d];
        if index >= size {
            panic!(
                "select: index {index} is out of range for dim {d} of size {size} in a tensor of \
                 shape {:?}",
                self.dims()
            );
        }
        let inner =
            select(self.inner(), d as isize, index as isize).expect("the index was checked");
        Tensor::from_kernel(inner, "select")
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn select_drops_the_dim_without_copying() {
        let a = DynTensor::from_vec((0..24i64).collect(), &[2, 3, 4]).unwrap();
        let b = a.select(1, 2).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[2, 4]);
        assert_eq!(
            b.to_vec::<i64>().unwrap(),
            vec![8, 9, 10, 11, 20, 21, 22, 23]
        );
        let c = a.select(-1, -4).unwrap();
        assert_eq!(c.to_vec::<i64>().unwrap(), vec![0, 4, 8, 12, 16, 20]);
        // Selecting down to a 0-d tensor.
        let s = a
            .select(0, 1)
            .unwrap()
            .select(0, 0)
            .unwrap()
            .select(0, 3)
            .unwrap();
        assert_eq!(s.shape(), &[] as &[usize]);
        assert_eq!(s.item::<i64>().unwrap(), 15);
        assert!(s.shares_storage(&a));
        // Zero-size dims elsewhere are fine.
        let z = DynTensor::zeros(&[2, 0], DType::Float32).unwrap();
        let zs = z.select(0, 1).unwrap();
        assert_eq!(zs.shape(), &[0]);
        assert!(zs.to_vec::<f32>().unwrap().is_empty());
        let z3 = DynTensor::zeros(&[0, 3], DType::Float32)
            .unwrap()
            .select(1, 2)
            .unwrap();
        assert!(z3.contiguous().unwrap().to_vec::<f32>().unwrap().is_empty());
    }

    #[test]
    fn select_checks_the_index() {
        let a = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        let e = a.select(1, 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "select: index 3 is out of range for dim 1 of size 3 in shape [2, 3]"
        );
        assert!(matches!(
            a.select(0, -3),
            Err(Error::IndexOutOfRange { index: -3, .. })
        ));
        assert!(matches!(a.select(2, 0), Err(Error::DimOutOfRange { .. })));
        let z = DynTensor::zeros(&[0], DType::Float32).unwrap();
        assert!(matches!(
            z.select(0, 0),
            Err(Error::IndexOutOfRange { size: 0, .. })
        ));
        assert!(DynTensor::scalar(1.0f32).select(0, 0).is_err());
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::Tensor;
    use crate::shape::{Axis, Const, One};

    #[test]
    fn typed_select_matches_dyn_and_panics_out_of_range() {
        let x =
            Tensor::<i32, (usize, Const<3>)>::from_vec_with((0..6).collect(), (2, Const)).unwrap();
        let d = x.to_dyn();
        let c: Tensor<i32, (usize,)> = x.select(Axis::<1>, 2);
        assert_eq!(c.shape(), (2,));
        assert_eq!(c.to_vec(), d.select(1, 2).unwrap().to_vec::<i32>().unwrap());
        assert!(c.to_dyn().shares_storage(&d));
        let s: Tensor<i32, ()> = c.select(Axis::<0>, 1);
        assert_eq!(s.to_vec(), vec![5]);
        let o = Tensor::<i32, (One, Const<2>)>::from_vec(vec![7, 8]).unwrap();
        assert_eq!(o.select(Axis::<0>, 0).to_vec(), vec![7, 8]);
        let bad = std::panic::catch_unwind(|| x.select(Axis::<0>, 2));
        let msg = *bad.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(
            msg,
            "select: index 2 is out of range for dim 0 of size 2 in a tensor of shape [2, 3]"
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_select() {
        check_grad(|v| v[0].select(1, -1), &[&[2, 3]]);
        check_grad(|v| v[0].select(0, 1), &[&[3, 2, 2]]);
        // 1-D to 0-d.
        check_grad(|v| v[0].select(0, -2), &[&[3]]);
        // A transposed input, and a select of a select.
        check_grad(|v| v[0].t()?.select(0, 2)?.select(0, 1), &[&[2, 4]]);
        check_grad(|v| v[0].expand(&[2, 3])?.select(1, 0), &[&[2, 1]]);
    }

    #[test]
    fn a_recorded_select_is_still_a_view_and_scatters_into_zeros() {
        let x = leaf(&[2, 3]);
        let y = x.select(0, 1).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("select"));
        assert_eq!(grad_of_ramp(&x, &y), vec![0., 0., 0., 1., 2., 3.]);
        let x = leaf(&[2, 3]);
        let y = x.select(-1, 0).unwrap();
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 0., 0., 2., 0., 0.]);
    }
}
