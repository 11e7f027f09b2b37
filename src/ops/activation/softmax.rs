//! `softmax`: `e^{x_i} / Σ_j e^{x_j}` along one dim.

use super::along_dim;
use super::{RowOp, rowwise};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::rows;
use crate::shape::{HasAxis, Shape};
use crate::tensor::Tensor;

/// The `softmax` row op.
#[derive(Clone, Copy, Debug)]
pub struct Softmax;

impl RowOp for Softmax {
    const NAME: &'static str = "softmax";
    fn rows<T: Float>(x: &[T], len: usize, out: &mut [T]) {
        // One fused kernel (max, then e^{x - max} written while summing, then a scale by
        // 1 / Σ), compiled for AVX2/AVX-512 and chosen at run time.
        rows::softmax(x, len, out);
    }
    // dL/dx = y ⊙ (g - Σ_dim g ⊙ y), from the saved output.
    fn backward(g: &DynTensor, y: &DynTensor, dim: isize) -> Result<DynTensor> {
        y.mul(&g.sub(&g.mul(y)?.sum_dim(dim, true)?)?)
    }
}

impl DynTensor {
    /// Returns the softmax along `dim`, `e^{x_i} / Σ_j e^{x_j}` (gradient:
    /// `y ⊙ (g - Σ g ⊙ y)`), as `torch.softmax`. `dim` may be negative.
    ///
    /// The result has this tensor's shape and dtype and is contiguous. Computed as
    /// `e^{x_i - max} / Σ e^{x_j - max}`, so large inputs do not overflow
    /// (`softmax([1000, -1000]) = [1, 0]`). A row that is all `-inf`, or holds a NaN or
    /// `+inf`, gives NaN, as in PyTorch. A 0-d tensor is one row (`softmax` of a scalar is
    /// 1, with `dim` 0 or -1); an empty tensor gives an empty result.
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor (PyTorch rejects them too);
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, 0.0, 1000.0, -1000.0], &[2, 2])?.softmax(-1)?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![0.5, 0.5, 1.0, 0.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn softmax(&self, dim: isize) -> Result<DynTensor> {
        rowwise::<Softmax>(self, dim)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the softmax along `axis` (an [`crate::shape::Axis`]): the typed
    /// [`DynTensor::softmax`], running the same kernel. The shape is unchanged; an axis out of
    /// range does not compile ([`HasAxis`]).
    pub fn softmax<A>(&self, _axis: A) -> Tensor<T, S>
    where
        S: HasAxis<A>,
    {
        let inner =
            along_dim::<Softmax, T>(self.inner(), S::INDEX).unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_parts(inner, self.shape())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::ops::unary::testing::{close, transposed};
    use crate::{DType, DynTensor, Error};

    /// Naive f64 reference: `f(row)` along `dim` of a row-major tensor of `dims`.
    pub fn along(data: &[f64], dims: &[usize], dim: usize, f: fn(&[f64]) -> Vec<f64>) -> Vec<f64> {
        let inner: usize = dims[dim + 1..].iter().product();
        let n = dims[dim];
        let outer: usize = dims[..dim].iter().product();
        let mut out = vec![0.0; data.len()];
        for o in 0..outer {
            for i in 0..inner {
                let idx: Vec<usize> = (0..n).map(|k| (o * n + k) * inner + i).collect();
                let row: Vec<f64> = idx.iter().map(|&j| data[j]).collect();
                for (&j, v) in idx.iter().zip(f(&row)) {
                    out[j] = v;
                }
            }
        }
        out
    }

    fn reference(row: &[f64]) -> Vec<f64> {
        let e: Vec<f64> = row.iter().map(|v| v.exp()).collect();
        let s: f64 = e.iter().sum();
        e.iter().map(|v| v / s).collect()
    }

    /// Checks `op` against `f` along every dim (positive and negative) of a 3-D tensor,
    /// in both float dtypes.
    pub fn check_all_dims(
        op: fn(&DynTensor, isize) -> crate::Result<DynTensor>,
        f: fn(&[f64]) -> Vec<f64>,
    ) {
        let dims = [2, 3, 4];
        let data: Vec<f64> = (0..24).map(|i| ((i * 7) % 11) as f64 * 0.7 - 3.0).collect();
        for dtype in [DType::Float32, DType::Float64] {
            let x = DynTensor::from_vec(data.clone(), &dims)
                .unwrap()
                .to_dtype(dtype)
                .unwrap();
            for dim in 0..3 {
                let want = along(&data, &dims, dim, f);
                for d in [dim as isize, dim as isize - 3] {
                    let y = op(&x, d).unwrap();
                    assert_eq!((y.dtype(), y.shape()), (dtype, &dims[..]));
                    assert!(y.is_contiguous());
                    let tol = if dtype == DType::Float32 { 1e-6 } else { 1e-13 };
                    for (g, w) in y.to_vec_f64().into_iter().zip(&want) {
                        assert!(close(g, *w, tol), "{dtype} dim {d}: {g} vs {w}");
                    }
                }
            }
        }
    }

    #[test]
    fn softmax_matches_the_reference_along_every_dim() {
        check_all_dims(DynTensor::softmax, reference);
        let y = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0], &[3])
            .unwrap()
            .softmax(0)
            .unwrap();
        let v = y.to_vec::<f64>().unwrap();
        assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert!((v[2] - 0.665_240_955_774_821_2).abs() < 1e-15);
    }

    #[test]
    fn softmax_is_stable_and_handles_edge_cases() {
        for dtype in [DType::Float32, DType::Float64] {
            let x = DynTensor::from_vec(vec![1000.0, -1000.0, 1000.0, 1000.0], &[2, 2]).unwrap();
            let y = x.to_dtype(dtype).unwrap().softmax(1).unwrap();
            assert_eq!(y.to_vec_f64(), vec![1.0, 0.0, 0.5, 0.5]);
            // All -inf (and +inf) rows give NaN; a row with one -inf gives 0 there.
            let inf = f64::INFINITY;
            let x = DynTensor::from_vec(vec![-inf, -inf, inf, 0.0, -inf, 0.0], &[3, 2]).unwrap();
            let y = x.to_dtype(dtype).unwrap().softmax(-1).unwrap().to_vec_f64();
            assert!(y[..4].iter().all(|v| v.is_nan()));
            assert_eq!(&y[4..], &[0.0, 1.0]);
        }
        // 0-d: the softmax of a scalar is 1; dim must be 0 or -1.
        let s = DynTensor::from_vec(vec![-7.5f32], &[]).unwrap();
        assert_eq!(s.softmax(0).unwrap().to_vec::<f32>().unwrap(), vec![1.0]);
        assert_eq!(s.softmax(-1).unwrap().shape(), &[] as &[usize]);
        assert!(matches!(
            s.softmax(1),
            Err(Error::DimOutOfRange { op: "softmax", .. })
        ));
        // Empty tensors give empty results, along an empty dim or another one.
        let e = DynTensor::from_vec(Vec::<f64>::new(), &[2, 0]).unwrap();
        assert_eq!(e.softmax(-1).unwrap().shape(), &[2, 0]);
        assert_eq!(e.softmax(0).unwrap().shape(), &[2, 0]);
        // Integer input is an error, as in PyTorch; so is a bad dim.
        let i = DynTensor::from_vec(vec![1i64, 2], &[2]).unwrap();
        assert!(matches!(
            i.softmax(0),
            Err(Error::DType { op: "softmax", .. })
        ));
        let x = DynTensor::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
        assert!(matches!(x.softmax(-2), Err(Error::DimOutOfRange { .. })));
        // A transposed input, along each dim.
        let t = transposed(vec![1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3); // [[1,4],[2,5],[3,6]]
        let rows = t.softmax(1).unwrap().to_vec::<f64>().unwrap();
        let want = [
            reference(&[1.0, 4.0]),
            reference(&[2.0, 5.0]),
            reference(&[3.0, 6.0]),
        ]
        .concat();
        for (g, w) in rows.iter().zip(&want) {
            assert!((g - w).abs() < 1e-15);
        }
        let cols = t.softmax(0).unwrap();
        assert!(cols.is_contiguous());
        let want = super::tests::along(&[1.0, 4.0, 2.0, 5.0, 3.0, 6.0], &[3, 2], 0, reference);
        for (g, w) in cols.to_vec::<f64>().unwrap().iter().zip(&want) {
            assert!((g - w).abs() < 1e-15);
        }
    }

    #[test]
    fn softmax_of_many_rows_runs_in_parallel_with_the_same_values() {
        let (rows, len) = (1024, 97);
        let data: Vec<f32> = (0..rows * len)
            .map(|i| ((i * 37) % 101) as f32 * 0.05)
            .collect();
        let x = DynTensor::from_vec(data.clone(), &[rows, len]).unwrap();
        let y = x.softmax(-1).unwrap().to_vec::<f32>().unwrap();
        for r in [0, 511, 1023] {
            let row: Vec<f64> = data[r * len..(r + 1) * len]
                .iter()
                .map(|&v| v as f64)
                .collect();
            for (g, w) in y[r * len..(r + 1) * len].iter().zip(reference(&row)) {
                assert!((*g as f64 - w).abs() < 1e-7);
            }
        }
        // Along dim 0 (moved last, then back), the columns sum to 1.
        let c = x.softmax(0).unwrap().to_vec::<f32>().unwrap();
        for j in [0, 50, 96] {
            let s: f64 = (0..rows).map(|i| c[i * len + j] as f64).sum();
            assert!((s - 1.0).abs() < 1e-5, "{s}");
        }
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_softmax_matches_dyn_along_each_axis() {
        let v = vec![1.0f32, 2.0, 3.0, 1000.0, -1000.0, 0.0];
        let t = Tensor::<f32, Rank2<2, 3>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3]).unwrap();
        let a: Tensor<f32, Rank2<2, 3>> = t.softmax(Axis::<1>);
        assert_eq!(a.to_vec(), d.softmax(1).unwrap().to_vec::<f32>().unwrap());
        let b = t.softmax(Axis::<0>);
        assert_eq!(b.to_vec(), d.softmax(0).unwrap().to_vec::<f32>().unwrap());
        assert_ne!(a.to_vec(), b.to_vec());
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::DynTensor;
    use crate::autograd::gradcheck;
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn softmax_gradcheck_along_each_dim() {
        check_grad(|x| x.softmax(-1), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
        check_grad(|x| x.softmax(0), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
        let data = (0..24).map(|i| ((i * 7) % 11) as f64 * 0.3 - 1.5).collect();
        let x = DynTensor::from_vec(data, &[2, 3, 4]).unwrap();
        for dim in [0, 1, 2, -1] {
            gradcheck(
                |v| v[0].softmax(dim),
                std::slice::from_ref(&x),
                1e-6,
                1e-7,
                1e-5,
            )
            .unwrap();
        }
    }
}
