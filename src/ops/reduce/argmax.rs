//! `argmax`: the index of the largest element (the first on ties; NaN counts as the
//! largest).

use super::typed::{over_axis, typed};
use super::{Max, Over, extreme_index, over_dim};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_numeric};
use crate::error::Result;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The index (`int64`) of the first largest element of `x` over `over`; over all elements,
/// an index into the flattened (row-major) tensor.
///
/// # Errors
/// [`crate::Error::Empty`] if the reduced range is empty.
pub fn argmax<T: Element>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<i64>> {
    extreme_index("argmax", x, over, Max)
}

impl DynTensor {
    /// Returns the index of the largest element in the flattened (row-major) tensor,
    /// `argmax x`, as a 0-d `int64` tensor (`torch.argmax(x)`). The first occurrence wins a
    /// tie, and a NaN counts as larger than every number.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f32, 8.0, 8.0, 2.0], &[2, 2])?;
    /// assert_eq!(x.argmax()?.item::<i64>()?, 1);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Empty`] for an empty tensor; [`crate::Error::DType`] for bool input
    /// (as PyTorch).
    pub fn argmax(&self) -> Result<DynTensor> {
        with_numeric!(self, "argmax", t => Ok(argmax(t, Over::All)?.into()))
    }

    /// Returns the indices (`int64`) of the largest elements along `dim`: shape
    /// `[.., n, ..]` gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::Empty`] if the
    /// reduced dim has size 0; [`crate::Error::DType`] for bool input.
    pub fn argmax_dim(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("argmax", self, dim, keepdim)?;
        with_numeric!(self, "argmax", t => Ok(argmax(t, over)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the index (`int64`) of the first largest element over all elements as a 0-d tensor: the typed [`DynTensor::argmax`].
    ///
    /// # Panics
    /// If the reduced range is empty (there is no identity).
    pub fn argmax(&self) -> Tensor<i64, ()> {
        typed(self.inner(), Over::All, (), |x, o| argmax::<T>(x, o))
    }

    /// Returns the index (`int64`) of the first largest element along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::argmax_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    ///
    /// # Panics
    /// If the reduced range is empty (there is no identity).
    pub fn argmax_dim<A>(&self, _axis: A) -> Tensor<i64, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            argmax::<T>(x, o)
        })
    }

    /// [`Tensor::argmax_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    ///
    /// # Panics
    /// If the reduced range is empty (there is no identity).
    pub fn argmax_dim_keepdim<A>(&self, _axis: A) -> Tensor<i64, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            argmax::<T>(x, o)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn argmax_flat_and_along_each_dim() {
        assert_eq!(vals(&f32s(&[3.0], &[]).argmax().unwrap()), vec![0.0]);
        assert_eq!(
            f32s(&[3.0], &[]).argmax_dim(0, true).unwrap().shape(),
            &[] as &[usize]
        );
        let x = f32s(&[1.0, 9.0, 3.0, 7.0, 5.0, 9.0], &[2, 3]);
        let a = x.argmax().unwrap();
        assert_eq!(
            (a.shape(), a.dtype(), vals(&a)),
            (&[][..], DType::Int64, vec![1.0])
        );
        for (dim, shape, want) in [
            (0, vec![3], vec![1.0, 0.0, 1.0]),
            (-2, vec![1, 3], vec![1.0, 0.0, 1.0]),
            (1, vec![2], vec![1.0, 2.0]),
            (-1, vec![2, 1], vec![1.0, 2.0]),
        ] {
            let d = x.argmax_dim(dim, shape.len() == 2).unwrap();
            assert_eq!((d.shape(), vals(&d)), (&shape[..], want));
        }
        let t = transposed(&x);
        assert_eq!(
            vals(&t.argmax().unwrap()),
            vec![2.0],
            "index into the flattened view"
        );
        assert_eq!(vals(&t.argmax_dim(0, false).unwrap()), vec![1.0, 2.0]);
        assert_eq!(vals(&t.argmax_dim(1, false).unwrap()), vec![1.0, 0.0, 1.0]);
    }

    #[test]
    fn argmax_nan_is_the_maximum_and_errors() {
        let x = f64s(&[1.0, f64::NAN, 7.0, f64::NAN], &[4]);
        assert_eq!(vals(&x.argmax().unwrap()), vec![1.0]);
        let y = f64s(&[f64::INFINITY, f64::NAN, 3.0, f64::NAN], &[2, 2]);
        assert_eq!(vals(&y.argmax_dim(1, false).unwrap()), vec![1.0, 1.0]);
        let e = DynTensor::zeros(&[0], DType::Int64).unwrap();
        assert!(matches!(e.argmax(), Err(Error::Empty { op: "argmax", .. })));
        let b = DynTensor::from_vec(vec![true], &[1]).unwrap();
        assert!(matches!(b.argmax(), Err(Error::DType { op: "argmax", .. })));
        let i = DynTensor::from_vec(vec![-3i32, -1, -1], &[3]).unwrap();
        assert_eq!(vals(&i.argmax().unwrap()), vec![1.0]);
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_argmax_matches_dyn() {
        let v = vec![3.0f32, 9.0, 9.0, -1.0, 7.0, -1.0, 2.0, 0.5];
        let t = Tensor::<f32, Rank2<2, 4>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 4]).unwrap();
        assert_eq!(
            t.argmax().to_vec(),
            d.argmax().unwrap().to_vec::<i64>().unwrap()
        );
        let a: Tensor<i64, (Const<2>,)> = t.argmax_dim(Axis::<1>);
        assert_eq!(
            a.to_vec(),
            d.argmax_dim(1, false).unwrap().to_vec::<i64>().unwrap()
        );
        let k: Tensor<i64, (One, Const<4>)> = t.argmax_dim_keepdim(Axis::<0>);
        assert_eq!(
            k.to_vec(),
            d.argmax_dim(0, true).unwrap().to_vec::<i64>().unwrap()
        );
    }

    #[test]
    #[should_panic(expected = "argmax: undefined on an empty tensor of shape [0, 2]")]
    fn typed_argmax_of_an_empty_range_panics() {
        let e = Tensor::<f32, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        let _ = e.argmax_dim(Axis::<0>);
    }
}
