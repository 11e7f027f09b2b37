//! `transpose`, `t` and `.T`: dims swapped or reversed, a view.

use super::{record_view, wrap_dim_scalar};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::shape::{Axis, Dim, Shape, TransposeShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// Dims `d0` and `d1` of `x` swapped, sharing `x`'s buffer: the typed-level `transpose`.
///
/// # Errors
/// [`crate::Error::DimOutOfRange`] if either dim is outside `-ndim..ndim` (a 0-d tensor
/// accepts `0` and `-1`, as in PyTorch).
pub fn transpose_dims<T: Element>(
    x: &TensorImpl<T>,
    d0: isize,
    d1: isize,
) -> Result<TensorImpl<T>> {
    let a = wrap_dim_scalar(d0, x.dims(), "transpose")?;
    let b = wrap_dim_scalar(d1, x.dims(), "transpose")?;
    if x.dims().is_empty() {
        return Ok(x.clone());
    }
    // The gradient is transposed back: swapping the same dims is its own inverse.
    let out = x.view(x.layout().transpose(a, b));
    Ok(record_view(out, "transpose", x, || {
        move |g: &DynTensor| g.transpose(a as isize, b as isize)
    }))
}

/// All dims of `x` reversed, sharing `x`'s buffer: the typed-level `t`.
pub fn t<T: Element>(x: &TensorImpl<T>) -> TensorImpl<T> {
    let perm: Vec<usize> = (0..x.dims().len()).rev().collect();
    // Reversing the dims is its own inverse, so the gradient is reversed back.
    record_view(x.view(x.layout().permute(&perm)), "t", x, || {
        |g: &DynTensor| g.t()
    })
}

/// Returns `t` with all dims reversed, `out[i, j, ..] = t[.., j, i]`, as a view: the
/// original RustTorch report's `transpose(t)`, the same as [`DynTensor::t`].
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, transpose};
/// let a = DynTensor::from_vec(vec![1i64, 2, 3, 4, 5, 6], &[2, 3])?;
/// assert_eq!(transpose(&a)?.to_vec::<i64>()?, vec![1, 4, 2, 5, 3, 6]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// None today; the `Result` keeps the signature of every `DynTensor` op.
pub fn transpose(t: &DynTensor) -> Result<DynTensor> {
    t.t()
}

impl DynTensor {
    /// Returns the view with dims `d0` and `d1` swapped, `out[.., j, .., i, ..] =
    /// self[.., i, .., j, ..]` (`torch.transpose`). Shape `[.., a, .., b, ..]` becomes
    /// `[.., b, .., a, ..]`; no element is copied.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?;
    /// let b = a.transpose(0, -1)?;
    /// assert_eq!(b.shape(), &[3, 2]);
    /// assert_eq!(b.to_vec::<f32>()?, vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    /// assert!(b.shares_storage(&a));
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] if either dim is outside `-ndim..ndim`.
    pub fn transpose(&self, d0: isize, d1: isize) -> Result<DynTensor> {
        with_any!(self, x => Ok(transpose_dims(x, d0, d1)?.into()))
    }

    /// Returns the view with all dims reversed, `out[k, .., j, i] = self[i, j, .., k]`
    /// (PyTorch's `.T`; the same as `.t()` for up to 2 dims). A 0-d or 1-D tensor comes
    /// back unchanged.
    ///
    /// # Errors
    /// None today; the `Result` keeps the signature of every `DynTensor` op.
    pub fn t(&self) -> Result<DynTensor> {
        Ok(with_any!(self, x => t(x).into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view with axes `I` and `J` swapped, in the type as in the data
    /// ([`TransposeShape`]): the typed [`DynTensor::transpose`], sharing the buffer. An axis
    /// out of range does not compile.
    pub fn transpose<const I: usize, const J: usize>(
        &self,
    ) -> Tensor<T, <S as TransposeShape<Axis<I>, Axis<J>>>::Output>
    where
        S: TransposeShape<Axis<I>, Axis<J>>,
    {
        let inner = transpose_dims(self.inner(), I as isize, J as isize)
            .expect("TransposeShape checked both axes");
        Tensor::from_parts(inner, TransposeShape::transpose(self.shape()))
    }
}

impl<T: Element, M: Dim, N: Dim> Tensor<T, (M, N)> {
    /// Returns the transpose of a matrix, `(M, N)` to `(N, M)`, as a view (`torch.t`).
    pub fn t(&self) -> Tensor<T, (N, M)> {
        let (m, n) = self.shape();
        Tensor::from_parts(t(self.inner()), (n, m))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DynTensor, Error};

    fn arange(n: usize, shape: &[usize]) -> DynTensor {
        DynTensor::from_vec((0..n as i64).collect::<Vec<_>>(), shape).unwrap()
    }

    #[test]
    fn transpose_swaps_two_dims_without_copying() {
        let a = arange(24, &[2, 3, 4]);
        let b = a.transpose(0, 2).unwrap();
        assert_eq!(b.shape(), &[4, 3, 2]);
        assert!(b.shares_storage(&a));
        // b[i, j, k] = a[k, j, i] = 12k + 4j + i
        assert_eq!(
            b.to_vec::<i64>().unwrap(),
            vec![
                0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11,
                23
            ]
        );
        let c = a.transpose(-1, -2).unwrap();
        assert_eq!(c.shape(), &[2, 4, 3]);
        assert_eq!(&c.to_vec::<i64>().unwrap()[..6], &[0, 4, 8, 1, 5, 9]);
        // Swapping a dim with itself is the identity.
        assert_eq!(
            a.transpose(1, 1).unwrap().to_vec::<i64>().unwrap(),
            a.to_vec::<i64>().unwrap()
        );
    }

    #[test]
    fn transpose_edge_cases() {
        let s = DynTensor::scalar(5.0f64);
        assert_eq!(
            s.transpose(0, -1).unwrap().to_vec::<f64>().unwrap(),
            vec![5.0]
        );
        assert!(matches!(
            s.transpose(1, 0),
            Err(Error::DimOutOfRange { .. })
        ));
        let e = arange(6, &[2, 3]).transpose(0, 2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "transpose: dim 2 is out of range for a tensor of shape [2, 3] (expected -2..2)"
        );
        let z = DynTensor::zeros(&[0, 3], crate::DType::Float32).unwrap();
        let zt = z.transpose(0, 1).unwrap();
        assert_eq!((zt.shape(), zt.numel()), (&[3, 0][..], 0));
    }

    #[test]
    fn t_reverses_all_dims() {
        let a = arange(6, &[2, 3]);
        let b = a.t().unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.to_vec::<i64>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
        // Transposing twice gives back the original order.
        assert_eq!(
            b.t().unwrap().to_vec::<i64>().unwrap(),
            vec![0, 1, 2, 3, 4, 5]
        );
        let c = arange(8, &[2, 2, 2]);
        let ct = super::transpose(&c).unwrap();
        assert_eq!(ct.shape(), &[2, 2, 2]);
        // ct[i, j, k] = c[k, j, i] = 4k + 2j + i
        assert_eq!(ct.to_vec::<i64>().unwrap(), vec![0, 4, 2, 6, 1, 5, 3, 7]);
        assert_eq!(
            arange(3, &[3]).t().unwrap().to_vec::<i64>().unwrap(),
            vec![0, 1, 2]
        );
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Const, Rank2, Rank3};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_transpose_is_a_view_matching_dyn() {
        let v: Vec<i64> = (0..24).collect();
        let x = Tensor::<i64, (Const<2>, usize, Const<4>)>::try_from(
            DynTensor::from_vec(v.clone(), &[2, 3, 4]).unwrap(),
        )
        .unwrap();
        let d = x.to_dyn();
        let y: Tensor<i64, (Const<4>, usize, Const<2>)> = x.transpose::<0, 2>();
        assert_eq!(y.shape(), (Const, 3, Const));
        assert_eq!(
            y.to_vec(),
            d.transpose(0, 2).unwrap().to_vec::<i64>().unwrap()
        );
        assert!(y.to_dyn().shares_storage(&d));
        let same: Tensor<i64, (Const<2>, usize, Const<4>)> = x.transpose::<1, 1>();
        assert_eq!(same.to_vec(), v);
        let s = Tensor::<i64, Rank3<2, 3, 4>>::try_from(d.clone()).unwrap();
        let z: Tensor<i64, Rank3<2, 4, 3>> = s.transpose::<2, 1>();
        assert_eq!(
            z.to_vec(),
            d.transpose(1, 2).unwrap().to_vec::<i64>().unwrap()
        );
        let m = Tensor::<i64, Rank2<2, 3>>::from_vec(vec![1, 2, 3, 4, 5, 6]).unwrap();
        let mt: Tensor<i64, Rank2<3, 2>> = m.t();
        assert_eq!(mt.to_vec(), vec![1, 4, 2, 5, 3, 6]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_transpose_and_t() {
        check_grad(|v| v[0].transpose(0, -1), &[&[2, 3, 4]]);
        check_grad(|v| v[0].transpose(-2, 1), &[&[2, 3, 4]]);
        check_grad(|v| v[0].t(), &[&[2, 3]]);
        check_grad(|v| v[0].t(), &[&[2, 3, 4]]);
        check_grad(|v| v[0].t(), &[&[3]]);
        check_grad(|v| v[0].transpose(0, -1), &[&[]]);
        // An expanded (stride 0) input.
        check_grad(|v| v[0].expand(&[2, 3])?.transpose(0, 1), &[&[3]]);
    }

    #[test]
    fn a_recorded_transpose_is_still_a_view() {
        let x = leaf(&[2, 3]);
        let y = x.t().unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("t"));
        // y[i, j] = x[j, i] gets the ramp value 2 i + j + 1.
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 3., 5., 2., 4., 6.]);
        let x = leaf(&[2, 3]);
        let y = x.transpose(-1, 0).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("transpose"));
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 3., 5., 2., 4., 6.]);
    }

    #[test]
    fn typed_t_backward() {
        use crate::Tensor;
        use crate::shape::{Rank1, Rank2};
        let x = Tensor::<f64, Rank2<2, 3>>::from_vec(vec![1., 2., 3., 4., 5., 6.])
            .unwrap()
            .requires_grad_(true);
        let v = Tensor::<f64, Rank1<2>>::from_vec(vec![10., -1.]).unwrap();
        // sum_i (x^T v)[i] = sum_{i, j} x[j, i] v[j]: the gradient of x[j, i] is v[j].
        let y: Tensor<f64, Rank1<3>> = x.t().matmul(&v);
        y.sum().backward().unwrap();
        assert_eq!(
            x.grad().unwrap().to_vec(),
            vec![10., 10., 10., -1., -1., -1.]
        );
    }
}
