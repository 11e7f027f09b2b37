//! `prod`: `Π x`.

use super::typed::{over_axis, typed};
use super::{Accum, Over, SumElement, expand_back, over_dim, reduce, reduce_kept};
use crate::autograd;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::kernel::Cost;
use crate::kernel::reduce::Reducer;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The product reducer, accumulating in [`SumElement::Out`] (`int64` for ints and bool,
/// wrapping on overflow).
#[derive(Clone, Copy, Debug)]
pub struct Prod;

impl<T: SumElement> Reducer<T> for Prod {
    type Acc = T::Out;
    #[inline(always)]
    fn init(self) -> T::Out {
        <T::Out as crate::dtype::Element>::ONE
    }
    #[inline(always)]
    fn step(self, acc: T::Out, x: T, _: usize) -> T::Out {
        acc.acc_mul(x.cast())
    }
    #[inline(always)]
    fn merge(self, a: T::Out, b: T::Out) -> T::Out {
        a.acc_mul(b)
    }
}

/// The product of `x` over `over` (1 for an empty range): the kernel both faces share.
///
/// Backward: `d(Π x)/dx_i = Π_{j≠i} x_j`, computed exactly with zeros (as PyTorch): in a
/// range without zeros it is `Π x / x_i`; in a range with one zero it is the product of
/// the other elements at the zero and 0 elsewhere; with two or more zeros it is 0.
pub fn prod<T: SumElement>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<T::Out>> {
    let out = reduce("prod", x, over, Prod, Cost::Cheap, |p| p)?;
    Ok(autograd::maybe_record(out, "prod", [x.autograd()], |_| {
        let x = DynTensor::from(x.detach());
        move |g: &DynTensor| Ok(vec![Some(prod_backward(&x, g, over)?)])
    }))
}

/// `g` times the product of the other elements of each range (see [`prod`]).
fn prod_backward(x: &DynTensor, g: &DynTensor, over: Over) -> Result<DynTensor> {
    let zero = x.eq_scalar(0.0)?;
    let zeros = x.zeros_like()?;
    // x with its zeros replaced by 1, the product of the non-zeros and the zero count.
    let x1 = DynTensor::r#where(&zero, &x.ones_like()?, x)?;
    let nonzero_prod = reduce_kept(&x1, over, DynTensor::prod, DynTensor::prod_dim)?;
    let zero_count = reduce_kept(
        &zero.to_dtype(x.dtype())?,
        over,
        DynTensor::sum,
        DynTensor::sum_dim,
    )?;
    let at_one_zero = DynTensor::r#where(&zero, &nonzero_prod, &zeros)?;
    let others = DynTensor::r#where(
        &zero_count.eq_scalar(0.0)?,
        &nonzero_prod.div(&x1)?,
        &DynTensor::r#where(&zero_count.eq_scalar(1.0)?, &at_one_zero, &zeros)?,
    )?;
    expand_back(g, x.shape(), over)?.mul(&others)
}

impl DynTensor {
    /// Returns the product of all elements, `Π x`, as a 0-d tensor (`torch.prod`).
    ///
    /// Integer and bool input multiplies in `int64` (wrapping on overflow); floats keep
    /// their dtype. The product of an empty tensor is 1.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2])?;
    /// assert_eq!(x.prod()?.item::<f64>()?, 24.0);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only [`crate::Error::Alloc`] if a non-contiguous input cannot be copied.
    pub fn prod(&self) -> Result<DynTensor> {
        with_any!(self, t => Ok(prod(t, Over::All)?.into()))
    }

    /// Returns the product along `dim`, `Π_dim x`: shape `[.., n, ..]` gives `[.., ..]`, or
    /// `[.., 1, ..]` if `keepdim`. Dtypes as in [`DynTensor::prod`].
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] if `dim` is outside `-ndim..ndim`.
    pub fn prod_dim(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("prod", self, dim, keepdim)?;
        with_any!(self, t => Ok(prod(t, over)?.into()))
    }
}

impl<T: SumElement, S: Shape> Tensor<T, S> {
    /// Returns the product `Π x` over all elements as a 0-d tensor: the typed [`DynTensor::prod`].
    pub fn prod(&self) -> Tensor<T::Out, ()> {
        typed(self.inner(), Over::All, (), |x, o| prod::<T>(x, o))
    }

    /// Returns the product `Π x` along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::prod_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    pub fn prod_dim<A>(&self, _axis: A) -> Tensor<T::Out, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            prod::<T>(x, o)
        })
    }

    /// [`Tensor::prod_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    pub fn prod_dim_keepdim<A>(&self, _axis: A) -> Tensor<T::Out, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            prod::<T>(x, o)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, same, transposed, vals};
    use crate::{DType, DynTensor};

    #[test]
    fn prod_rank_zero_and_rank_two_along_each_dim() {
        assert_eq!(
            vals(&f32s(&[-3.0], &[]).prod_dim(-1, true).unwrap()),
            vec![-3.0]
        );
        let x = f32s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        assert_eq!(vals(&x.prod().unwrap()), vec![720.0]);
        let d = x.prod_dim(0, false).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[3][..], vec![4.0, 10.0, 18.0]));
        let d = x.prod_dim(-2, true).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[1, 3][..], vec![4.0, 10.0, 18.0]));
        let d = x.prod_dim(1, true).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[2, 1][..], vec![6.0, 120.0]));
        assert_eq!(vals(&x.prod_dim(-1, false).unwrap()), vec![6.0, 120.0]);
        let t = transposed(&x);
        assert_eq!(vals(&t.prod_dim(0, false).unwrap()), vec![6.0, 120.0]);
        assert_eq!(vals(&t.prod_dim(1, false).unwrap()), vec![4.0, 10.0, 18.0]);
    }

    #[test]
    fn prod_of_empty_is_one_and_nan_propagates() {
        let e = DynTensor::zeros(&[2, 0], DType::Float64).unwrap();
        assert_eq!(vals(&e.prod().unwrap()), vec![1.0]);
        assert_eq!(vals(&e.prod_dim(1, false).unwrap()), vec![1.0, 1.0]);
        assert_eq!(e.prod_dim(0, false).unwrap().shape(), &[0]);
        let x = f64s(&[2.0, f64::NAN, 0.0, 3.0], &[2, 2]);
        assert!(same(
            &vals(&x.prod_dim(1, false).unwrap()),
            &[f64::NAN, 0.0]
        ));
        assert!(vals(&f64s(&[0.0, f64::INFINITY], &[2]).prod().unwrap())[0].is_nan());
    }

    #[test]
    fn prod_dtypes_follow_pytorch() {
        let i = DynTensor::from_vec(vec![2i32, -3, 4], &[3]).unwrap();
        let p = i.prod().unwrap();
        assert_eq!((p.dtype(), p.item::<i64>().unwrap()), (DType::Int64, -24));
        let b = DynTensor::from_vec(vec![true, true, false, true], &[2, 2]).unwrap();
        let p = b.prod_dim(1, false).unwrap();
        assert_eq!(
            (p.dtype(), p.to_vec::<i64>().unwrap()),
            (DType::Int64, vec![1, 0])
        );
        let w = DynTensor::from_vec(vec![1i64 << 62, 4], &[2]).unwrap();
        assert_eq!(
            w.prod().unwrap().item::<i64>().unwrap(),
            0,
            "wraps like torch"
        );
        assert_eq!(f32s(&[2.0], &[1]).prod().unwrap().dtype(), DType::Float32);
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Rank1, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_prod_matches_dyn() {
        let v = vec![1i64, 2, 3, 4, 5, 6];
        let t = Tensor::<i64, Rank2<2, 3>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3]).unwrap();
        assert_eq!(t.prod().to_vec(), vec![720]);
        let p: Tensor<i64, Rank1<2>> = t.prod_dim(Axis::<1>);
        assert_eq!(p.to_vec(), vec![6, 120]);
        assert_eq!(
            t.prod_dim_keepdim(Axis::<0>).to_vec(),
            d.prod_dim(0, true).unwrap().to_vec::<i64>().unwrap()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction};
    use crate::DynTensor;
    use crate::autograd::gradcheck;

    #[test]
    fn prod_grad_is_the_product_of_the_others_also_with_zeros() {
        let p = |t: &DynTensor| t.prod_dim(1, false);
        let x = f64s(&[2.0, 4.0, 3.0, 2.0, 0.0, 3.0, 0.0, 0.0, 3.0], &[3, 3]);
        assert_eq!(
            grad_of(&x, p),
            vec![12.0, 6.0, 8.0, 0.0, 6.0, 0.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(
            grad_of(&f64s(&[-2.0, 0.0, 5.0], &[3]), DynTensor::prod),
            vec![0.0, -10.0, 0.0]
        );
        // The product is a polynomial: finite differences agree at zeros too.
        gradcheck(|v| v[0].prod_dim(1, false), &[x], 1e-6, 1e-7, 1e-5).unwrap();
        gradcheck_reduction(&[&[], &[5], &[3, 4], &[2, 3, 2]], |x, over| match over {
            None => x.prod(),
            Some((d, k)) => x.prod_dim(d, k),
        });
    }
}
