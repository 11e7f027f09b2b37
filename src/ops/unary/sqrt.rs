//! `sqrt`: `√x`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `sqrt` op: `√x`.
#[derive(Clone, Copy, Debug)]
pub struct Sqrt;

impl FloatUnary for Sqrt {
    const SAVES: Saves = Saves::Output;
    // d/dx √x = 1/(2√x) = 1/(2y).
    #[inline(always)]
    fn grad<T: Float>(g: T, _x: T, y: T) -> T {
        g / (y + y)
    }
    const NAME: &'static str = "sqrt";
    const COST: Cost = Cost::Cheap;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.sqrt()
    }
}

impl DynTensor {
    /// Returns the elementwise square root, `√x` (gradient: `1 / (2√x)`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. A negative input gives NaN.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![4.0f32, 2.25], &[2])?.sqrt()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![2.0, 1.5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn sqrt(&self) -> Result<DynTensor> {
        float_unary::<Sqrt>(self)
    }

    /// In-place [`DynTensor::sqrt`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn sqrt_(&mut self) -> Result<()> {
        float_unary_::<Sqrt>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise square root, `√x`; the shape is kept (see [`DynTensor::sqrt`]).
    pub fn sqrt(&self) -> Tensor<T, S> {
        typed(self, apply::<Sqrt, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn sqrt_matches_the_f64_reference() {
        check_float(
            DynTensor::sqrt,
            |x: f64| x.sqrt(),
            &[0.0, 2.0, 9.0, 1e10, 1e-20, -1.0, f64::INFINITY],
            1e-7,
        );
        let b = DynTensor::from_vec(vec![true, false], &[2])
            .unwrap()
            .sqrt()
            .unwrap();
        assert_eq!(b.to_vec::<f32>().unwrap(), vec![1.0, 0.0]);
        let mut z = DynTensor::from_vec(vec![16.0f32], &[1]).unwrap();
        z.sqrt_().unwrap();
        assert_eq!(z.to_vec::<f32>().unwrap(), vec![4.0]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn sqrt_gradcheck() {
        check_grad(|x| x.sqrt(), [0.3, 1.7, 0.45, 2.2, 0.8, 1.35]);
    }
}
