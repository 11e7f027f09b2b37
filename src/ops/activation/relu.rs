//! `relu`: `max(x, 0)`.

use crate::dtype::{DType, Float, Numeric};
use crate::dyn_tensor::{Data, DynTensor, with_numeric};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::ops::unary::{PointwiseGrad, Saves, record_pointwise, typed};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `max(x, 0)` on a typed tensor, in its own dtype (NaN stays NaN): the kernel both faces
/// share.
pub fn relu<T: Numeric>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    let out = kernel::map("relu", x, Cost::Cheap, |v: T| v.maximum(T::ZERO))?;
    Ok(record_pointwise("relu", x, out, ReluGrad))
}

/// The backward of `relu`: `g` where `y > 0`, else 0 (so relu'(0) = 0, as in PyTorch),
/// read from the output.
#[derive(Clone, Copy, Debug)]
struct ReluGrad;

impl PointwiseGrad for ReluGrad {
    const SAVES: Saves = Saves::Output;
    #[inline(always)]
    fn grad<T: Float>(self, g: T, _x: T, y: T) -> T {
        if y > T::ZERO { g } else { T::ZERO }
    }
}

impl DynTensor {
    /// Returns the elementwise rectified linear unit, `max(x, 0)` (gradient: 1 for
    /// `x > 0`, else 0), as `torch.relu`.
    ///
    /// Any shape; the result has this tensor's shape and dtype (integers stay integers, as
    /// in PyTorch). NaN stays NaN.
    ///
    /// # Errors
    /// [`Error::DType`] for a bool tensor.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![-2i64, 0, 3], &[3])?.relu()?;
    /// assert_eq!(y.to_vec::<i64>()?, vec![0, 0, 3]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn relu(&self) -> Result<DynTensor> {
        with_numeric!(self, "relu", t => Ok(relu(t)?.into()))
    }

    /// In-place [`DynTensor::relu`] (`torch.relu_`).
    ///
    /// # Errors
    /// [`Error::DType`] for a bool tensor.
    pub fn relu_(&mut self) -> Result<()> {
        if let Some(done) = crate::autograd::in_place(self, false, "relu", DynTensor::relu) {
            return done;
        }
        fn run<T: Numeric>(t: &mut TensorImpl<T>) -> Result<()> {
            kernel::update_map("relu", t, Cost::Cheap, |v: T| v.maximum(T::ZERO))
        }
        match self.data_mut() {
            Data::Int32(t) => run(t),
            Data::Int64(t) => run(t),
            Data::Float32(t) => run(t),
            Data::Float64(t) => run(t),
            Data::Bool(_) => Err(Error::dtype(
                "relu",
                "a numeric (int or float)",
                DType::Bool,
            )),
        }
    }

    /// The seed's name for [`DynTensor::relu`] (every kernel is vectorized).
    ///
    /// # Errors
    /// As [`DynTensor::relu`].
    pub fn relu_simd(&self) -> Result<DynTensor> {
        self.relu()
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns the rectified linear unit, `max(x, 0)`, elementwise; the shape and element
    /// type are kept (see [`DynTensor::relu`]).
    pub fn relu(&self) -> Tensor<T, S> {
        typed(self, relu)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::ops::unary::testing::{check_float, transposed};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn relu_values_dtypes_and_extremes() {
        let xs = [-1000.0, -2.5, -1e-30, 0.0, 1e-30, 0.5, 3.0, 1000.0];
        check_float(DynTensor::relu, |x| x.max(0.0), &xs, 0.0);
        check_float(DynTensor::relu_simd, |x| x.max(0.0), &xs, 0.0);
        check_exact(
            DynTensor::relu,
            &[f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[0.0, f64::INFINITY, f64::NAN],
        );
        let i = DynTensor::from_vec(vec![-3i32, 0, 7, i32::MIN], &[4])
            .unwrap()
            .relu()
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<i32>().unwrap()),
            (DType::Int32, vec![0, 0, 7, 0])
        );
        let mut m = DynTensor::from_vec(vec![-3i64, 5], &[2]).unwrap();
        let alias = m.clone();
        m.relu_().unwrap();
        assert_eq!(m.to_vec::<i64>().unwrap(), vec![0, 5]);
        assert_eq!(alias.to_vec::<i64>().unwrap(), vec![-3, 5], "copy-on-write");
        let mut b = DynTensor::from_vec(vec![true], &[1]).unwrap();
        assert!(matches!(b.relu(), Err(Error::DType { op: "relu", .. })));
        assert!(b.relu_().is_err());
        let t = transposed(vec![-1.0f32, 2.0, -3.0, 4.0, -5.0, 6.0], 2, 3)
            .relu()
            .unwrap();
        assert_eq!(
            t.to_vec::<f32>().unwrap(),
            vec![0.0, 4.0, 2.0, 0.0, 0.0, 6.0]
        );
        let e = DynTensor::from_vec(Vec::<f32>::new(), &[0, 2])
            .unwrap()
            .relu()
            .unwrap();
        assert_eq!(e.shape(), &[0, 2]);
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn relu_gradcheck() {
        check_grad(|x| x.relu(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
