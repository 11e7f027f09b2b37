//! `ceil`: `⌈x⌉`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `ceil` op: `⌈x⌉`.
#[derive(Clone, Copy, Debug)]
pub struct Ceil;

impl FloatUnary for Ceil {
    const SAVES: Saves = Saves::Neither;
    // piecewise constant: zero gradient, as in PyTorch.
    #[inline(always)]
    fn grad<T: Float>(_g: T, _x: T, _y: T) -> T {
        T::ZERO
    }
    const NAME: &'static str = "ceil";
    const COST: Cost = Cost::Cheap;
    const INT_IDENTITY: bool = true;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.ceil()
    }
}

impl DynTensor {
    /// Returns the elementwise ceiling (the smallest integer not below `x`), `⌈x⌉` (gradient: 0).
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
    /// let y = DynTensor::from_vec(vec![-1.5f32, 2.2], &[2])?.ceil()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![-1.0, 3.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn ceil(&self) -> Result<DynTensor> {
        float_unary::<Ceil>(self)
    }

    /// In-place [`DynTensor::ceil`] (nothing to do for an integer tensor).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    pub fn ceil_(&mut self) -> Result<()> {
        float_unary_::<Ceil>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the smallest integer not below each element, `⌈x⌉`; the shape is kept
    /// (see [`DynTensor::ceil`]).
    pub fn ceil(&self) -> Tensor<T, S> {
        typed(self, apply::<Ceil, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::{DType, DynTensor};

    #[test]
    fn ceil_values_and_integer_identity() {
        let xs = [-1.7, -0.5, 0.5, 1.5, 1.9, 2.5];
        let y = DynTensor::from_vec(xs.to_vec(), &[6])
            .unwrap()
            .ceil()
            .unwrap();
        let want: Vec<f64> = vec![-1.0, -0.0, 1.0, 2.0, 2.0, 3.0];
        assert_eq!(y.to_vec::<f64>().unwrap(), want);
        check_float(
            DynTensor::ceil,
            |x: f64| x.ceil(),
            &[
                -3.2,
                0.0,
                7.9,
                1e20,
                -4.5,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ],
            0.0,
        );
        let i = DynTensor::from_vec(vec![-3i32, 7], &[2]).unwrap();
        let r = i.ceil().unwrap();
        assert_eq!(r.dtype(), DType::Int32);
        assert_eq!(r.to_vec::<i32>().unwrap(), vec![-3, 7]);
        let mut m = DynTensor::from_vec(vec![5i64], &[1]).unwrap();
        m.ceil_().unwrap();
        assert_eq!(m.to_vec::<i64>().unwrap(), vec![5]);
        let b = DynTensor::from_vec(vec![true], &[1]).unwrap();
        assert!(matches!(
            b.ceil(),
            Err(crate::Error::DType { op: "ceil", .. })
        ));
        let mut f = DynTensor::from_vec(vec![2.5f32], &[1]).unwrap();
        f.ceil_().unwrap();
        assert_eq!(f.to_vec::<f32>().unwrap(), vec![2.5f32.ceil()]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn ceil_gradcheck() {
        check_grad(|x| x.ceil(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
