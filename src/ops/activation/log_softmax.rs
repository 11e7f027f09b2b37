//! `log_softmax`: `x_i - ln Σ_j e^{x_j}` along one dim.

use super::along_dim;
use super::{RowOp, rowwise};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::rows;
use crate::shape::{HasAxis, Shape};
use crate::tensor::Tensor;

/// The `log_softmax` row op.
#[derive(Clone, Copy, Debug)]
pub struct LogSoftmax;

impl RowOp for LogSoftmax {
    const NAME: &'static str = "log_softmax";
    fn rows<T: Float>(x: &[T], len: usize, out: &mut [T]) {
        // One fused kernel: max, Σ e^{x - max}, then `(x - max) - ln Σ` (the sum is at
        // least 1, the max's own term, so its log is finite).
        rows::log_softmax(x, len, out);
    }
    // dL/dx = g - e^y ⊙ Σ_dim g (e^y is the softmax), from the saved output.
    fn backward(g: &DynTensor, y: &DynTensor, dim: isize) -> Result<DynTensor> {
        g.sub(&y.exp()?.mul(&g.sum_dim(dim, true)?)?)
    }
}

impl DynTensor {
    /// Returns the log of the softmax along `dim`, `x_i - ln Σ_j e^{x_j}` (gradient:
    /// `g - softmax(x) Σ g`), as `torch.log_softmax`. `dim` may be negative.
    ///
    /// The result has this tensor's shape and dtype and is contiguous. Computed as
    /// `(x_i - max) - ln Σ e^{x_j - max}`, so it is finite wherever the true value is:
    /// `log_softmax([1000, -1000]) = [0, -2000]`. A row that is all `-inf`, or holds a NaN
    /// or `+inf`, gives NaN, as in PyTorch. A 0-d tensor gives 0; an empty tensor gives an
    /// empty result.
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor;
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![1000.0f32, -1000.0], &[2])?.log_softmax(0)?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.0, -2000.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn log_softmax(&self, dim: isize) -> Result<DynTensor> {
        rowwise::<LogSoftmax>(self, dim)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the log_softmax along `axis` (an [`crate::shape::Axis`]): the typed
    /// [`DynTensor::log_softmax`], running the same kernel. The shape is unchanged; an axis out of
    /// range does not compile ([`HasAxis`]).
    pub fn log_softmax<A>(&self, _axis: A) -> Tensor<T, S>
    where
        S: HasAxis<A>,
    {
        let inner =
            along_dim::<LogSoftmax, T>(self.inner(), S::INDEX).unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_parts(inner, self.shape())
    }
}

#[cfg(test)]
mod tests {
    use super::super::softmax::tests::check_all_dims;
    use crate::ops::unary::testing::transposed;
    use crate::{DType, DynTensor, Error};

    fn reference(row: &[f64]) -> Vec<f64> {
        let s: f64 = row.iter().map(|v| v.exp()).sum();
        row.iter().map(|v| v - s.ln()).collect()
    }

    #[test]
    fn log_softmax_matches_the_reference_along_every_dim() {
        check_all_dims(DynTensor::log_softmax, reference);
        let t = transposed(vec![1.0f32, 2.0, 3.0, 4.0], 2, 2); // [[1, 3], [2, 4]]
        let y = t.log_softmax(-1).unwrap().to_vec::<f32>().unwrap();
        let want = [reference(&[1.0, 3.0]), reference(&[2.0, 4.0])].concat();
        for (g, w) in y.iter().zip(&want) {
            assert!((*g as f64 - w).abs() < 1e-6);
        }
    }

    #[test]
    fn log_softmax_is_finite_at_the_extremes() {
        for dtype in [DType::Float32, DType::Float64] {
            let x = DynTensor::from_vec(
                vec![1000.0, -1000.0, -1000.0, -1000.0, 0.0, -f64::INFINITY],
                &[3, 2],
            )
            .unwrap()
            .to_dtype(dtype)
            .unwrap();
            let y = x.log_softmax(1).unwrap().to_vec_f64();
            assert_eq!(&y[..2], &[0.0, -2000.0]);
            for v in &y[2..4] {
                assert!((v + std::f64::consts::LN_2).abs() < 1e-7, "{dtype}: {v}");
            }
            assert_eq!(&y[4..], &[0.0, f64::NEG_INFINITY]);
            let nan = DynTensor::from_vec(vec![-f64::INFINITY; 2], &[2])
                .unwrap()
                .to_dtype(dtype)
                .unwrap();
            assert!(
                nan.log_softmax(0)
                    .unwrap()
                    .to_vec_f64()
                    .iter()
                    .all(|v| v.is_nan())
            );
        }
        let s = DynTensor::from_vec(vec![3.0f64], &[]).unwrap();
        assert_eq!(
            s.log_softmax(-1).unwrap().to_vec::<f64>().unwrap(),
            vec![0.0]
        );
        let e = DynTensor::from_vec(Vec::<f32>::new(), &[0, 3]).unwrap();
        assert_eq!(e.log_softmax(1).unwrap().shape(), &[0, 3]);
        let i = DynTensor::from_vec(vec![1i32], &[1]).unwrap();
        assert!(matches!(
            i.log_softmax(0),
            Err(Error::DType {
                op: "log_softmax",
                ..
            })
        ));
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_log_softmax_matches_dyn_along_each_axis() {
        let v = vec![1.0f32, 2.0, 3.0, 1000.0, -1000.0, 0.0];
        let t = Tensor::<f32, Rank2<2, 3>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3]).unwrap();
        let a: Tensor<f32, Rank2<2, 3>> = t.log_softmax(Axis::<1>);
        assert_eq!(
            a.to_vec(),
            d.log_softmax(1).unwrap().to_vec::<f32>().unwrap()
        );
        let b = t.log_softmax(Axis::<0>);
        assert_eq!(
            b.to_vec(),
            d.log_softmax(0).unwrap().to_vec::<f32>().unwrap()
        );
        assert_ne!(a.to_vec(), b.to_vec());
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::DynTensor;
    use crate::autograd::gradcheck;
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn log_softmax_gradcheck_along_each_dim() {
        check_grad(|x| x.log_softmax(-1), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
        check_grad(|x| x.log_softmax(0), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
        let data = (0..24).map(|i| ((i * 7) % 11) as f64 * 0.3 - 1.5).collect();
        let x = DynTensor::from_vec(data, &[2, 3, 4]).unwrap();
        for dim in [0, 1, 2, -1] {
            gradcheck(
                |v| v[0].log_softmax(dim),
                std::slice::from_ref(&x),
                1e-6,
                1e-7,
                1e-5,
            )
            .unwrap();
        }
    }
}
