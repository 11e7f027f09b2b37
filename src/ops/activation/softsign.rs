//! `softsign`: `x / (1 + |x|)`.

use super::{Activation, activation, apply};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `softsign` op: `x / (1 + |x|)`.
#[derive(Clone, Copy, Debug)]
pub struct Softsign;

impl Activation for Softsign {
    const SAVES: Saves = Saves::Input;
    // (x / (1 + |x|))' = 1 / (1 + |x|)².
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let d = T::ONE + Numeric::abs(x);
        g / (d * d)
    }
    const NAME: &'static str = "softsign";
    const COST: Cost = Cost::Cheap;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        let a = Numeric::abs(x);
        // inf / inf would be NaN; the limit is ±1.
        if a == T::infinity() {
            Numeric::sign(x)
        } else {
            x / (T::ONE + a)
        }
    }
}

impl DynTensor {
    /// Returns the elementwise softsign, `x / (1 + |x|)` (gradient: `1 / (1 + |x|)^2`), as
    /// `torch.nn.functional.softsign`.
    ///
    /// Any shape; integer and bool input gives `float32`. `softsign(±inf) = ±1`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![1.0f32, -3.0], &[2])?.softsign()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.5, -0.75]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn softsign(&self) -> Result<DynTensor> {
        activation(self, Softsign)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the softsign, `x / (1 + |x|)`, elementwise; the shape is kept
    /// (see [`DynTensor::softsign`]).
    pub fn softsign(&self) -> Tensor<T, S> {
        typed(self, |x| apply(x, Softsign))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    #[test]
    fn softsign_matches_the_reference_and_saturates() {
        let r = |x: f64| x / (1.0 + x.abs());
        check_float(
            DynTensor::softsign,
            r,
            &[-30.0, -5.0, -1.5, -0.3, 0.0, 0.25, 1.0, 3.0, 1e30],
            1e-6,
        );
        check_exact(
            DynTensor::softsign,
            &[f64::NEG_INFINITY, f64::INFINITY, f64::NAN, -0.0],
            &[-1.0, 1.0, f64::NAN, -0.0],
        );
        let y = DynTensor::from_vec(vec![-1000.0f32, 1000.0], &[2])
            .unwrap()
            .softsign()
            .unwrap();
        assert_eq!(
            y.to_vec::<f32>().unwrap(),
            vec![-1000.0 / 1001.0, 1000.0 / 1001.0]
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn softsign_gradcheck() {
        check_grad(|x| x.softsign(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
