//! `leaky_relu`: `x` for `x > 0`, `negative_slope · x` otherwise.

use crate::dtype::{DType, Float, Numeric};
use crate::dyn_tensor::{Data, DynTensor, with_numeric};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::ops::unary::{PointwiseGrad, Saves, record_pointwise, typed};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The scalar function. Floats compute `x * slope`; integers compute it in `f64` and
/// truncate toward zero (saturating), so the dtype is kept.
#[inline(always)]
fn leaky<T: Numeric>(x: T, slope: f64) -> T {
    if x > T::ZERO {
        x
    } else if T::DTYPE.is_float() {
        x * T::from_f64(slope)
    } else {
        T::from_f64(x.to_f64() * slope)
    }
}

/// `leaky_relu` on a typed tensor, in its own dtype: the kernel both faces share.
pub fn leaky_relu<T: Numeric>(x: &TensorImpl<T>, negative_slope: f64) -> Result<TensorImpl<T>> {
    let out = kernel::map("leaky_relu", x, Cost::Cheap, move |v: T| {
        leaky(v, negative_slope)
    })?;
    Ok(record_pointwise(
        "leaky_relu",
        x,
        out,
        LeakyGrad(negative_slope),
    ))
}

/// The backward of `leaky_relu`: `g` for `x > 0`, `negative_slope · g` otherwise (at 0
/// too, as in PyTorch).
#[derive(Clone, Copy, Debug)]
struct LeakyGrad(f64);

impl PointwiseGrad for LeakyGrad {
    const SAVES: Saves = Saves::Input;
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        if x > T::ZERO { g } else { g * T::c(self.0) }
    }
}

impl DynTensor {
    /// Returns the elementwise leaky rectified linear unit, `x` if `x > 0` else
    /// `negative_slope · x` (gradient: 1, or `negative_slope`), as
    /// `torch.nn.functional.leaky_relu`; PyTorch's default `negative_slope` is 0.01.
    ///
    /// Any shape; the result has this tensor's shape and dtype. Integer tensors stay
    /// integer like [`DynTensor::relu`]'s: the negative side is truncated toward zero
    /// (PyTorch itself rejects integer input here).
    ///
    /// # Errors
    /// [`Error::DType`] for a bool tensor.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![-2.0f64, 3.0], &[2])?.leaky_relu(0.01)?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![-0.02, 3.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn leaky_relu(&self, negative_slope: f64) -> Result<DynTensor> {
        with_numeric!(self, "leaky_relu", t => Ok(leaky_relu(t, negative_slope)?.into()))
    }

    /// In-place [`DynTensor::leaky_relu`] (`torch.nn.functional.leaky_relu_`).
    ///
    /// # Errors
    /// [`Error::DType`] for a bool tensor.
    pub fn leaky_relu_(&mut self, negative_slope: f64) -> Result<()> {
        let recorded =
            crate::autograd::in_place(self, false, "leaky_relu", |x| x.leaky_relu(negative_slope));
        if let Some(done) = recorded {
            return done;
        }
        fn run<T: Numeric>(t: &mut TensorImpl<T>, s: f64) -> Result<()> {
            kernel::update_map("leaky_relu", t, Cost::Cheap, move |v: T| leaky(v, s))
        }
        match self.data_mut() {
            Data::Int32(t) => run(t, negative_slope),
            Data::Int64(t) => run(t, negative_slope),
            Data::Float32(t) => run(t, negative_slope),
            Data::Float64(t) => run(t, negative_slope),
            Data::Bool(_) => Err(Error::dtype(
                "leaky_relu",
                "a numeric (int or float)",
                DType::Bool,
            )),
        }
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns `x` if `x > 0` else `negative_slope · x`, elementwise; the shape and element
    /// type are kept (see [`DynTensor::leaky_relu`]).
    pub fn leaky_relu(&self, negative_slope: f64) -> Tensor<T, S> {
        typed(self, |x| leaky_relu(x, negative_slope))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::ops::unary::testing::check_float;
    use crate::{DType, DynTensor};

    #[test]
    fn leaky_relu_values_dtypes_and_extremes() {
        let xs = [-1000.0, -2.5, -1e-3, 0.0, 0.5, 3.0, 1000.0];
        for slope in [0.01, 0.2, 1.5] {
            let r = move |x: f64| if x > 0.0 { x } else { x * slope };
            check_float(|t| t.leaky_relu(slope), r, &xs, 1e-7);
        }
        check_exact(
            |t| t.leaky_relu(0.5),
            &[f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
        );
        let i = DynTensor::from_vec(vec![-250i32, -7, 0, 9], &[4])
            .unwrap()
            .leaky_relu(0.1)
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<i32>().unwrap()),
            (DType::Int32, vec![-25, 0, 0, 9])
        );
        let mut m = DynTensor::from_vec(vec![-4.0f32, 4.0], &[2]).unwrap();
        m.leaky_relu_(0.25).unwrap();
        assert_eq!(m.to_vec::<f32>().unwrap(), vec![-1.0, 4.0]);
        assert!(
            DynTensor::from_vec(vec![true], &[1])
                .unwrap()
                .leaky_relu(0.1)
                .is_err()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn leaky_relu_gradcheck() {
        check_grad(|x| x.leaky_relu(0.1), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
