//! `exp`: `e^x`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::kernel::vmath::VecOp;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `exp` op.
#[derive(Clone, Copy, Debug)]
pub struct Exp;

impl FloatUnary for Exp {
    const SAVES: Saves = Saves::Output;
    // d/dx e^x = e^x = y.
    #[inline(always)]
    fn grad<T: Float>(g: T, _x: T, y: T) -> T {
        g * y
    }
    const NAME: &'static str = "exp";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.exp_v()
    }
    const VEC: Option<VecOp> = Some(VecOp::Exp);
}

impl DynTensor {
    /// Returns the elementwise exponential, `e^x` (gradient: `e^x`). Integer input gives
    /// `float32`. Overflows to `inf` above about 88.7 in `float32`, as in PyTorch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, 1.0], &[2])?.exp()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![1.0, std::f64::consts::E]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn exp(&self) -> Result<DynTensor> {
        float_unary::<Exp>(self)
    }

    /// In-place [`DynTensor::exp`].
    pub fn exp_(&mut self) -> Result<()> {
        float_unary_::<Exp>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the elementwise exponential, `e^x`; the shape is kept (see [`DynTensor::exp`]).
    pub fn exp(&self) -> Tensor<T, S> {
        typed(self, apply::<Exp, T>)
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor};

    #[test]
    fn exp_values_promotion_and_in_place() {
        let x = DynTensor::from_vec(vec![0.0f32, 1.0, -1000.0, 1000.0], &[4]).unwrap();
        let y = x.exp().unwrap().to_vec::<f32>().unwrap();
        assert_eq!(y[0], 1.0);
        assert!((y[1] - std::f32::consts::E).abs() < 1e-6);
        assert_eq!((y[2], y[3]), (0.0, f32::INFINITY));
        let i = DynTensor::from_vec(vec![0i64, 2], &[2])
            .unwrap()
            .exp()
            .unwrap();
        assert_eq!(i.dtype(), DType::Float32);
        assert!((i.to_vec::<f32>().unwrap()[1] - 7.389_056).abs() < 1e-5);
        let mut z = DynTensor::from_vec(vec![0.0f64, 2.0], &[2]).unwrap();
        let alias = z.clone();
        z.exp_().unwrap();
        assert_eq!(z.to_vec::<f64>().unwrap(), vec![1.0, 2f64.exp()]);
        assert_eq!(
            alias.to_vec::<f64>().unwrap(),
            vec![0.0, 2.0],
            "copy-on-write"
        );
        let mut n = DynTensor::from_vec(vec![1i32], &[1]).unwrap();
        assert!(n.exp_().is_err());
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn exp_gradcheck() {
        check_grad(|x| x.exp(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
