//! `reciprocal`: `1 / x`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `reciprocal` op: `1 / x`.
#[derive(Clone, Copy, Debug)]
pub struct Reciprocal;

impl FloatUnary for Reciprocal {
    const SAVES: Saves = Saves::Output;
    // d/dx 1/x = -1/x² = -y².
    #[inline(always)]
    fn grad<T: Float>(g: T, _x: T, y: T) -> T {
        -(g * y * y)
    }
    const NAME: &'static str = "reciprocal";
    const COST: Cost = Cost::Cheap;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        T::ONE / x
    }
}

impl DynTensor {
    /// Returns the elementwise reciprocal, `1 / x` (gradient: `-1 / x^2`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. `1 / 0` is `inf` (and `1 / -0` is `-inf`); integers promote to `float32` as in PyTorch.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![2.0f32, -0.5], &[2])?.reciprocal()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.5, -2.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn reciprocal(&self) -> Result<DynTensor> {
        float_unary::<Reciprocal>(self)
    }

    /// In-place [`DynTensor::reciprocal`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn reciprocal_(&mut self) -> Result<()> {
        float_unary_::<Reciprocal>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise reciprocal, `1 / x`; the shape is kept
    /// (see [`DynTensor::reciprocal`]).
    pub fn reciprocal(&self) -> Tensor<T, S> {
        typed(self, apply::<Reciprocal, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn reciprocal_matches_the_f64_reference() {
        check_float(
            DynTensor::reciprocal,
            |x: f64| 1.0 / x,
            &[0.0, -0.0, -4.0, 0.3, 1e-3, 1e30, f64::INFINITY],
            1e-7,
        );
        let i = DynTensor::from_vec(vec![2i32, 0], &[2])
            .unwrap()
            .reciprocal()
            .unwrap();
        assert_eq!(i.to_vec::<f32>().unwrap(), vec![0.5, f32::INFINITY]);
        let mut z = DynTensor::from_vec(vec![4.0f64], &[1]).unwrap();
        z.reciprocal_().unwrap();
        assert_eq!(z.to_vec::<f64>().unwrap(), vec![0.25]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn reciprocal_gradcheck() {
        check_grad(|x| x.reciprocal(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
