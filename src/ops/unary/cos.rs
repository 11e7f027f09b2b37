//! `cos`: `cos(x)`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `cos` op: `cos(x)`.
#[derive(Clone, Copy, Debug)]
pub struct Cos;

impl FloatUnary for Cos {
    const SAVES: Saves = Saves::Input;
    // d/dx cos x = -sin x.
    #[inline(always)]
    fn grad<T: Float>(g: T, x: T, _y: T) -> T {
        -(g * num_traits::Float::sin(x))
    }
    const NAME: &'static str = "cos";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.cos()
    }
}

impl DynTensor {
    /// Returns the elementwise cosine (in radians), `cos(x)` (gradient: `-sin(x)`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. `cos(±inf)` is NaN.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, std::f64::consts::PI], &[2])?.cos()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![1.0, -1.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn cos(&self) -> Result<DynTensor> {
        float_unary::<Cos>(self)
    }

    /// In-place [`DynTensor::cos`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn cos_(&mut self) -> Result<()> {
        float_unary_::<Cos>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise cosine, `cos(x)`; the shape is kept (see [`DynTensor::cos`]).
    pub fn cos(&self) -> Tensor<T, S> {
        typed(self, apply::<Cos, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn cos_matches_the_f64_reference() {
        check_float(
            DynTensor::cos,
            |x: f64| x.cos(),
            &[0.0, 0.5, -2.0, 3.0, 100.0, f64::NEG_INFINITY],
            1e-6,
        );
        let mut z = DynTensor::from_vec(vec![1.0f32], &[1]).unwrap();
        z.cos_().unwrap();
        assert_eq!(z.to_vec::<f32>().unwrap(), vec![1f32.cos()]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn cos_gradcheck() {
        check_grad(|x| x.cos(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
