//! `argmin`: the index of the smallest element (the first on ties; NaN counts as the
//! smallest).

use super::typed::{over_axis, typed};
use super::{Min, Over, extreme_index, over_dim};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_numeric};
use crate::error::Result;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The index (`int64`) of the first smallest element of `x` over `over`; over all
/// elements, an index into the flattened (row-major) tensor.
///
/// # Errors
/// [`crate::Error::Empty`] if the reduced range is empty.
pub fn argmin<T: Element>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<i64>> {
    extreme_index("argmin", x, over, Min)
}

impl DynTensor {
    /// Returns the index of the smallest element in the flattened (row-major) tensor,
    /// `argmin x`, as a 0-d `int64` tensor (`torch.argmin(x)`). The first occurrence wins a
    /// tie, and a NaN counts as smaller than every number (as PyTorch).
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![4i64, 0, 2, 0], &[2, 2])?;
    /// assert_eq!(x.argmin()?.item::<i64>()?, 1);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Empty`] for an empty tensor; [`crate::Error::DType`] for bool input
    /// (as PyTorch).
    pub fn argmin(&self) -> Result<DynTensor> {
        with_numeric!(self, "argmin", t => Ok(argmin(t, Over::All)?.into()))
    }

    /// Returns the indices (`int64`) of the smallest elements along `dim`: shape
    /// `[.., n, ..]` gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::Empty`] if the
    /// reduced dim has size 0; [`crate::Error::DType`] for bool input.
    pub fn argmin_dim(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("argmin", self, dim, keepdim)?;
        with_numeric!(self, "argmin", t => Ok(argmin(t, over)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the index (`int64`) of the first smallest element over all elements as a 0-d tensor: the typed [`DynTensor::argmin`].
    ///
    /// # Panics
    /// If the reduced range is empty (there is no identity).
    pub fn argmin(&self) -> Tensor<i64, ()> {
        typed(self.inner(), Over::All, (), |x, o| argmin::<T>(x, o))
    }

    /// Returns the index (`int64`) of the first smallest element along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::argmin_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    ///
    /// # Panics
    /// If the reduced range is empty (there is no identity).
    pub fn argmin_dim<A>(&self, _axis: A) -> Tensor<i64, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            argmin::<T>(x, o)
        })
    }

    /// [`Tensor::argmin_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    ///
    /// # Panics
    /// If the reduced range is empty (there is no identity).
    pub fn argmin_dim_keepdim<A>(&self, _axis: A) -> Tensor<i64, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            argmin::<T>(x, o)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn argmin_flat_and_along_each_dim() {
        assert_eq!(
            vals(&f64s(&[3.0], &[]).argmin_dim(-1, false).unwrap()),
            vec![0.0]
        );
        let x = f32s(&[1.0, -9.0, 3.0, -7.0, 5.0, -9.0], &[2, 3]);
        assert_eq!(vals(&x.argmin().unwrap()), vec![1.0]);
        for (dim, shape, want) in [
            (0, vec![3], vec![1.0, 0.0, 1.0]),
            (-2, vec![1, 3], vec![1.0, 0.0, 1.0]),
            (1, vec![2], vec![1.0, 2.0]),
            (-1, vec![2, 1], vec![1.0, 2.0]),
        ] {
            let d = x.argmin_dim(dim, shape.len() == 2).unwrap();
            assert_eq!(
                (d.shape(), d.dtype(), vals(&d)),
                (&shape[..], DType::Int64, want)
            );
        }
        let t = transposed(&x);
        assert_eq!(
            vals(&t.argmin().unwrap()),
            vec![2.0],
            "index into the flattened view"
        );
        assert_eq!(vals(&t.argmin_dim(1, true).unwrap()), vec![1.0, 0.0, 1.0]);
    }

    #[test]
    fn argmin_nan_is_the_minimum_and_errors() {
        let x = f32s(&[f32::NEG_INFINITY, 2.0, f32::NAN], &[3]);
        assert_eq!(vals(&x.argmin().unwrap()), vec![2.0]);
        let e = DynTensor::zeros(&[3, 0], DType::Float32).unwrap();
        assert!(matches!(
            e.argmin_dim(1, false),
            Err(Error::Empty { op: "argmin", .. })
        ));
        assert_eq!(e.argmin_dim(0, false).unwrap().shape(), &[0]);
        let b = DynTensor::from_vec(vec![true], &[1]).unwrap();
        assert!(matches!(b.argmin_dim(0, false), Err(Error::DType { .. })));
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_argmin_matches_dyn() {
        let v = vec![3.0f32, 9.0, 9.0, -1.0, 7.0, -1.0, 2.0, 0.5];
        let t = Tensor::<f32, Rank2<2, 4>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 4]).unwrap();
        assert_eq!(
            t.argmin().to_vec(),
            d.argmin().unwrap().to_vec::<i64>().unwrap()
        );
        let a: Tensor<i64, (Const<2>,)> = t.argmin_dim(Axis::<1>);
        assert_eq!(
            a.to_vec(),
            d.argmin_dim(1, false).unwrap().to_vec::<i64>().unwrap()
        );
        let k: Tensor<i64, (One, Const<4>)> = t.argmin_dim_keepdim(Axis::<0>);
        assert_eq!(
            k.to_vec(),
            d.argmin_dim(0, true).unwrap().to_vec::<i64>().unwrap()
        );
    }

    #[test]
    #[should_panic(expected = "argmin: undefined on an empty tensor of shape [0, 2]")]
    fn typed_argmin_of_an_empty_range_panics() {
        let e = Tensor::<f32, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        let _ = e.argmin_dim(Axis::<0>);
    }
}
