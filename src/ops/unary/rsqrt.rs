//! `rsqrt`: `1 / √x`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `rsqrt` op: `1 / √x`.
#[derive(Clone, Copy, Debug)]
pub struct Rsqrt;

impl FloatUnary for Rsqrt {
    const SAVES: Saves = Saves::Output;
    // d/dx x^(-1/2) = -x^(-3/2)/2 = -y³/2.
    #[inline(always)]
    fn grad<T: Float>(g: T, _x: T, y: T) -> T {
        T::c(-0.5) * g * y * y * y
    }
    const NAME: &'static str = "rsqrt";
    const COST: Cost = Cost::Cheap;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        T::ONE / x.sqrt()
    }
}

impl DynTensor {
    /// Returns the elementwise reciprocal square root, `1 / √x` (gradient: `-1 / (2 x^{3/2})`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. `rsqrt(0)` is `inf`; a negative input gives NaN.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![4.0f32, 0.25], &[2])?.rsqrt()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.5, 2.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn rsqrt(&self) -> Result<DynTensor> {
        float_unary::<Rsqrt>(self)
    }

    /// In-place [`DynTensor::rsqrt`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn rsqrt_(&mut self) -> Result<()> {
        float_unary_::<Rsqrt>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise reciprocal square root, `1 / √x`; the shape is kept
    /// (see [`DynTensor::rsqrt`]).
    pub fn rsqrt(&self) -> Tensor<T, S> {
        typed(self, apply::<Rsqrt, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn rsqrt_matches_the_f64_reference() {
        check_float(
            DynTensor::rsqrt,
            |x: f64| 1.0 / x.sqrt(),
            &[0.0, 4.0, 2.0, 1e-10, 1e10, -1.0, f64::INFINITY],
            1e-7,
        );
        let i = DynTensor::from_vec(vec![4i64], &[1])
            .unwrap()
            .rsqrt()
            .unwrap();
        assert_eq!(i.to_vec::<f32>().unwrap(), vec![0.5]);
        let mut z = DynTensor::from_vec(vec![0.25f64], &[1]).unwrap();
        z.rsqrt_().unwrap();
        assert_eq!(z.to_vec::<f64>().unwrap(), vec![2.0]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn rsqrt_gradcheck() {
        check_grad(|x| x.rsqrt(), [0.3, 1.7, 0.45, 2.2, 0.8, 1.35]);
    }
}
