//! `sin`: `sin(x)`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `sin` op: `sin(x)`.
#[derive(Clone, Copy, Debug)]
pub struct Sin;

impl FloatUnary for Sin {
    const SAVES: Saves = Saves::Input;
    // d/dx sin x = cos x.
    #[inline(always)]
    fn grad<T: Float>(g: T, x: T, _y: T) -> T {
        g * num_traits::Float::cos(x)
    }
    const NAME: &'static str = "sin";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.sin()
    }
}

impl DynTensor {
    /// Returns the elementwise sine (in radians), `sin(x)` (gradient: `cos(x)`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. `sin(±inf)` is NaN.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, std::f64::consts::FRAC_PI_2], &[2])?.sin()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![0.0, 1.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn sin(&self) -> Result<DynTensor> {
        float_unary::<Sin>(self)
    }

    /// In-place [`DynTensor::sin`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn sin_(&mut self) -> Result<()> {
        float_unary_::<Sin>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise sine, `sin(x)`; the shape is kept (see [`DynTensor::sin`]).
    pub fn sin(&self) -> Tensor<T, S> {
        typed(self, apply::<Sin, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn sin_matches_the_f64_reference() {
        check_float(
            DynTensor::sin,
            |x: f64| x.sin(),
            &[0.0, 0.5, -2.0, 3.0, 100.0, -1e-20, f64::INFINITY],
            1e-6,
        );
        let mut z = DynTensor::from_vec(vec![1.0f64], &[1]).unwrap();
        z.sin_().unwrap();
        assert_eq!(z.to_vec::<f64>().unwrap(), vec![1f64.sin()]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn sin_gradcheck() {
        check_grad(|x| x.sin(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
