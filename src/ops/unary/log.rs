//! `log`: `ln(x)`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `log` op: `ln(x)`.
#[derive(Clone, Copy, Debug)]
pub struct Log;

impl FloatUnary for Log {
    const SAVES: Saves = Saves::Input;
    // d/dx ln x = 1/x.
    #[inline(always)]
    fn grad<T: Float>(g: T, x: T, _y: T) -> T {
        g / x
    }
    const NAME: &'static str = "log";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.ln_v()
    }
}

impl DynTensor {
    /// Returns the elementwise natural logarithm, `ln(x)` (gradient: `1 / x`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. `log(0)` is `-inf` and a negative input gives NaN, as in PyTorch.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![1.0f64, std::f64::consts::E], &[2])?.log()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![0.0, 1.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn log(&self) -> Result<DynTensor> {
        float_unary::<Log>(self)
    }

    /// In-place [`DynTensor::log`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn log_(&mut self) -> Result<()> {
        float_unary_::<Log>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise natural logarithm, `ln(x)`; the shape is kept
    /// (see [`DynTensor::log`]).
    pub fn log(&self) -> Tensor<T, S> {
        typed(self, apply::<Log, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_float, transposed};
    use crate::{DType, DynTensor};

    #[test]
    fn log_matches_the_f64_reference() {
        check_float(
            DynTensor::log,
            |x: f64| x.ln(),
            &[
                1e-30,
                0.5,
                1.0,
                std::f64::consts::E,
                10.0,
                3e30,
                0.0,
                -1.0,
                f64::INFINITY,
                f64::NAN,
            ],
            1e-6,
        );
        // A transposed (non-contiguous) input is read in its logical order.
        let t = transposed(vec![1.0f32, 2.0, 4.0, 8.0, 16.0, 32.0], 2, 3)
            .log()
            .unwrap();
        assert_eq!(t.shape(), &[3, 2]);
        let want = [1.0f64, 8.0, 2.0, 16.0, 4.0, 32.0].map(f64::ln);
        for (g, w) in t.to_vec_f64().into_iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{g} vs {w}");
        }
        // Integers promote to float32, as torch.log does; in place they cannot hold the result.
        let i = DynTensor::from_vec(vec![1i32, 4], &[2])
            .unwrap()
            .log()
            .unwrap();
        assert_eq!(i.dtype(), DType::Float32);
        assert!((i.to_vec::<f32>().unwrap()[1] - 4f32.ln()).abs() < 1e-6);
        let mut n = DynTensor::from_vec(vec![1i64], &[1]).unwrap();
        assert!(matches!(
            n.log_(),
            Err(crate::Error::DType { op: "log", .. })
        ));
        let mut z = DynTensor::from_vec(vec![1.0f64, 100.0], &[2]).unwrap();
        z.log_().unwrap();
        assert_eq!(z.to_vec::<f64>().unwrap(), vec![0.0, 100f64.ln()]);
        // Rank 0 and zero-size dims.
        let s = DynTensor::from_vec(vec![1.0f32], &[])
            .unwrap()
            .log()
            .unwrap();
        assert_eq!(
            (s.shape(), s.to_vec::<f32>().unwrap()),
            (&[][..], vec![0.0])
        );
        let e = DynTensor::from_vec(Vec::<f64>::new(), &[2, 0])
            .unwrap()
            .log()
            .unwrap();
        assert_eq!(e.shape(), &[2, 0]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn log_gradcheck() {
        check_grad(|x| x.log(), [0.3, 1.7, 0.45, 2.2, 0.8, 1.35]);
    }
}
