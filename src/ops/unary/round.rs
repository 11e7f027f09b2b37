//! `round`: `x` rounded to the nearest integer, half to even.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `round` op: the nearest integer, ties to the even one (as `torch.round`).
#[derive(Clone, Copy, Debug)]
pub struct Round;

impl FloatUnary for Round {
    const SAVES: Saves = Saves::Neither;
    // piecewise constant: zero gradient, as in PyTorch.
    #[inline(always)]
    fn grad<T: Float>(_g: T, _x: T, _y: T) -> T {
        T::ZERO
    }
    const NAME: &'static str = "round";
    const COST: Cost = Cost::Cheap;
    const INT_IDENTITY: bool = true;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        // `round` breaks ties away from zero; on a tie whose result is odd, step back toward
        // the even neighbour (`2x - r` is exact there: both are small multiples of 0.5).
        let r = x.round();
        let half = T::c(0.5);
        let odd = (r * half).fract() != T::ZERO;
        if crate::Numeric::abs(r - x) == half && odd {
            // copysign keeps `round(-0.5) = -0`.
            (x + x - r).copysign(x)
        } else {
            r
        }
    }
}

impl DynTensor {
    /// Returns each element rounded to the nearest integer, `round(x)`, with ties to the
    /// even integer as in `torch.round` (`0.5 → 0`, `1.5 → 2`, `2.5 → 2`); gradient 0.
    ///
    /// Any shape; the result has this tensor's shape and dtype. An integer tensor is
    /// returned unchanged (a copy), as in PyTorch; NaN and `±inf` are kept.
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.5f32, 1.5, 2.5, -2.5, 2.6], &[5])?.round()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.0, 2.0, 2.0, -2.0, 3.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn round(&self) -> Result<DynTensor> {
        float_unary::<Round>(self)
    }

    /// In-place [`DynTensor::round`] (nothing to do for an integer tensor).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    pub fn round_(&mut self) -> Result<()> {
        float_unary_::<Round>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns each element rounded to the nearest integer, ties to even; the shape is kept
    /// (see [`DynTensor::round`]).
    pub fn round(&self) -> Tensor<T, S> {
        typed(self, apply::<Round, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::{DType, DynTensor};

    #[test]
    fn round_breaks_ties_to_even() {
        let xs = [
            -2.5,
            -1.5,
            -0.5,
            0.5,
            1.5,
            2.5,
            3.5,
            2.4,
            2.6,
            -2.6,
            0.49999997,
            1e20,
            4503599627370497.0,
        ];
        check_float(DynTensor::round, f64::round_ties_even, &xs, 0.0);
        check_float(
            DynTensor::round,
            f64::round_ties_even,
            &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0],
            0.0,
        );
        let neg_zero = DynTensor::from_vec(vec![-0.5f64], &[1])
            .unwrap()
            .round()
            .unwrap();
        assert!(neg_zero.to_vec::<f64>().unwrap()[0].is_sign_negative());
        // The largest f32 below 0.5 rounds to 0, not 1.
        let y = DynTensor::from_vec(vec![0.499_999_97f32, 8_388_609.0], &[2]).unwrap();
        assert_eq!(
            y.round().unwrap().to_vec::<f32>().unwrap(),
            vec![0.0, 8_388_609.0]
        );
        let i = DynTensor::from_vec(vec![-3i64, 7], &[2])
            .unwrap()
            .round()
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<i64>().unwrap()),
            (DType::Int64, vec![-3, 7])
        );
        let mut m = DynTensor::from_vec(vec![2.5f64, 3.5], &[2]).unwrap();
        m.round_().unwrap();
        assert_eq!(m.to_vec::<f64>().unwrap(), vec![2.0, 4.0]);
        assert!(
            DynTensor::from_vec(vec![false], &[1])
                .unwrap()
                .round()
                .is_err()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn round_gradcheck() {
        check_grad(|x| x.round(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
