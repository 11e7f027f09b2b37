//! Standardization: `(x - mean) / std` over all elements ([`normalize`]) or per column
//! along dim 0 ([`normalize_columns`], [`Standardizer`]).
//!
//! The std is the population std (correction 0, as `sklearn`'s `StandardScaler`), and a
//! constant column (std 0) is divided by 1, so it comes out as zeros, never NaN. Integer
//! and bool input is promoted to `float32` first (PyTorch's `mean` refuses integers;
//! `StandardScaler` converts to float): the results are floating point either way.

use crate::dtype::DType;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

/// `input` as a floating-point tensor: float dtypes kept, others promoted to `float32`.
fn as_float(input: &DynTensor) -> Result<DynTensor> {
    if input.dtype().is_float() {
        Ok(input.clone())
    } else {
        input.to_dtype(DType::Float32)
    }
}

/// `std` with its zeros replaced by 1: the divisor that keeps constant columns finite.
fn safe_divisor(std: &DynTensor) -> Result<DynTensor> {
    let zero = std.eq_scalar(0.0)?;
    DynTensor::r#where(&zero, &std.ones_like()?, std)
}

/// Standardizes over all elements: `(x - mean) / std`, with the population std
/// (`correction = 0`); returns `(normalized, mean, std)`, mean and std 0-d.
///
/// A constant tensor (std 0) is divided by 1 and comes out as zeros; the returned std is
/// still 0. NaN in the input propagates. Float dtypes are kept; integer and bool input is
/// promoted to `float32`.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, normalize};
/// let x = DynTensor::from_vec(vec![1.0f64, 3.0, 5.0, 7.0], &[2, 2])?;
/// let (z, mean, std) = normalize(&x)?;
/// assert_eq!(mean.item::<f64>()?, 4.0);
/// assert_eq!(std.item::<f64>()?, 5.0f64.sqrt());
/// assert_eq!(z.shape(), &[2, 2]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] for an empty tensor.
pub fn normalize(input: &DynTensor) -> Result<(DynTensor, DynTensor, DynTensor)> {
    if input.numel() == 0 {
        return Err(Error::Empty {
            op: "normalize",
            shape: input.shape().into(),
        });
    }
    let x = as_float(input)?;
    let mean = x.mean()?;
    let std = x.std(0.0)?;
    let z = x.sub(&mean)?.div(&safe_divisor(&std)?)?;
    Ok((z, mean, std))
}

/// Standardizes each column along dim 0: for `[n, c..]` input, the mean and population
/// std over the `n` rows have shape `[c..]` (`[]` for 1-D input); returns
/// `(normalized, mean, std)`. Constant columns come out as zeros (see [`normalize`]).
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, data::normalize_columns};
/// let x = DynTensor::from_vec(vec![1.0f32, 10.0, 3.0, 10.0], &[2, 2])?;
/// let (z, mean, std) = normalize_columns(&x)?;
/// assert_eq!(mean.to_vec::<f32>()?, vec![2.0, 10.0]);
/// assert_eq!(std.to_vec::<f32>()?, vec![1.0, 0.0]);
/// assert_eq!(z.to_vec::<f32>()?, vec![-1.0, 0.0, 1.0, 0.0]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for 0-d input; [`Error::Empty`] for input without rows.
pub fn normalize_columns(input: &DynTensor) -> Result<(DynTensor, DynTensor, DynTensor)> {
    let s = Standardizer::fit_op(input, "normalize_columns")?;
    let z = s.transform_op(input, "normalize_columns")?;
    Ok((z, s.mean, s.std))
}

/// Per-column standardization fitted on training data and applied to any data with the
/// same columns (`sklearn.preprocessing.StandardScaler`): `(x - mean) / std` along dim 0,
/// with the population std and constant columns divided by 1.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, data::Standardizer};
/// let train = DynTensor::from_vec(vec![0.0f32, 2.0, 4.0, 6.0], &[2, 2])?;
/// let s = Standardizer::fit(&train)?;
/// let test = DynTensor::from_vec(vec![4.0f32, 2.0], &[1, 2])?;
/// assert_eq!(s.transform(&test)?.to_vec::<f32>()?, vec![1.0, -1.0]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Standardizer {
    /// The per-column mean of the training data, shape `[c..]`.
    pub mean: DynTensor,
    /// The per-column population std of the training data (0 for a constant column).
    pub std: DynTensor,
}

impl Standardizer {
    /// Fits the per-column mean and population std of `train` along dim 0.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for 0-d input; [`Error::Empty`] for input without rows.
    pub fn fit(train: &DynTensor) -> Result<Standardizer> {
        Self::fit_op(train, "Standardizer::fit")
    }

    fn fit_op(train: &DynTensor, op: &'static str) -> Result<Standardizer> {
        if train.ndim() == 0 {
            return Err(Error::invalid(
                op,
                "input",
                "expected at least 1 dim (rows along dim 0), got a 0-d tensor",
            ));
        }
        if train.shape()[0] == 0 {
            return Err(Error::Empty {
                op,
                shape: train.shape().into(),
            });
        }
        let x = as_float(train)?;
        Ok(Standardizer {
            mean: x.mean_dim(0, false)?,
            std: x.std_dim(0, 0.0, false)?,
        })
    }

    /// Returns `(x - mean) / std` per column (dividing by 1 where std is 0), in the fitted
    /// dtype (`x` is converted to it).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] naming `x`'s shape and the fitted row shape if `x`'s
    /// row shape (`shape[1..]`) is not the fitted one.
    pub fn transform(&self, x: &DynTensor) -> Result<DynTensor> {
        self.transform_op(x, "Standardizer::transform")
    }

    /// Undoes [`Standardizer::transform`]: `z * std + mean` per column.
    ///
    /// # Errors
    /// As [`Standardizer::transform`].
    pub fn inverse_transform(&self, z: &DynTensor) -> Result<DynTensor> {
        let z = self.check(z, "Standardizer::inverse_transform")?;
        z.mul(&safe_divisor(&self.std)?)?.add(&self.mean)
    }

    fn check(&self, x: &DynTensor, op: &'static str) -> Result<DynTensor> {
        if x.ndim() == 0 || x.shape()[1..] != *self.mean.shape() {
            return Err(Error::mismatch(
                op,
                x.shape(),
                self.mean.shape(),
                format!("rows must have the fitted shape {:?}", self.mean.shape()),
            ));
        }
        x.to_dtype(self.mean.dtype())
    }

    fn transform_op(&self, x: &DynTensor, op: &'static str) -> Result<DynTensor> {
        let x = self.check(x, op)?;
        x.sub(&self.mean)?.div(&safe_divisor(&self.std)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f64s(t: &DynTensor) -> Vec<f64> {
        t.to_vec_f64()
    }

    #[test]
    fn normalize_all_elements_values() -> Result<()> {
        let x = DynTensor::from_vec(vec![2.0f64, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], &[2, 4])?;
        let (z, mean, std) = normalize(&x)?;
        assert_eq!(mean.shape(), &[] as &[usize]);
        assert_eq!(mean.item::<f64>()?, 5.0);
        assert_eq!(std.item::<f64>()?, 2.0);
        assert_eq!(f64s(&z), vec![-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0]);
        assert_eq!(z.dtype(), DType::Float64);
        Ok(())
    }

    #[test]
    fn normalize_constant_gives_zeros_not_nan() -> Result<()> {
        let x = DynTensor::from_vec(vec![3.0f32; 5], &[5])?;
        let (z, mean, std) = normalize(&x)?;
        assert_eq!(z.to_vec::<f32>()?, vec![0.0; 5]);
        assert_eq!(mean.item::<f32>()?, 3.0);
        assert_eq!(std.item::<f32>()?, 0.0);
        Ok(())
    }

    #[test]
    fn normalize_promotes_int_to_float32() -> Result<()> {
        let x = DynTensor::from_vec(vec![1i64, 3], &[2])?;
        let (z, mean, std) = normalize(&x)?;
        assert_eq!(z.dtype(), DType::Float32);
        assert_eq!(z.to_vec::<f32>()?, vec![-1.0, 1.0]);
        assert_eq!((mean.item::<f32>()?, std.item::<f32>()?), (2.0, 1.0));
        Ok(())
    }

    #[test]
    fn normalize_nan_propagates_and_empty_is_an_error() -> Result<()> {
        let x = DynTensor::from_vec(vec![1.0f32, f32::NAN], &[2])?;
        let (z, _, _) = normalize(&x)?;
        assert!(z.to_vec::<f32>()?.iter().all(|v| v.is_nan()));
        let e = DynTensor::from_vec(Vec::<f32>::new(), &[0, 3])?;
        assert_eq!(
            normalize(&e).unwrap_err().to_string(),
            "normalize: undefined on an empty tensor of shape [0, 3]"
        );
        Ok(())
    }

    #[test]
    fn normalize_columns_values_against_f64_reference() -> Result<()> {
        let data = vec![1.0f64, 10.0, 7.0, 2.0, 10.0, -1.0, 6.0, 10.0, 3.0];
        let x = DynTensor::from_vec(data.clone(), &[3, 3])?;
        let (z, mean, std) = normalize_columns(&x)?;
        assert_eq!(mean.shape(), &[3]);
        for c in 0..3 {
            let col: Vec<f64> = (0..3).map(|r| data[r * 3 + c]).collect();
            let m = col.iter().sum::<f64>() / 3.0;
            let s = (col.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / 3.0).sqrt();
            approx::assert_abs_diff_eq!(mean.get::<f64>(&[c])?, m, epsilon = 1e-12);
            approx::assert_abs_diff_eq!(std.get::<f64>(&[c])?, s, epsilon = 1e-12);
            let d = if s == 0.0 { 1.0 } else { s };
            for (r, v) in col.iter().enumerate() {
                let want = (v - m) / d;
                approx::assert_abs_diff_eq!(z.get::<f64>(&[r, c])?, want, epsilon = 1e-12);
            }
        }
        // The constant middle column is all zeros.
        assert_eq!(std.get::<f64>(&[1])?, 0.0);
        Ok(())
    }

    #[test]
    fn normalize_columns_transposed_view_and_rank1() -> Result<()> {
        // [[1, 3], [2, 6]] transposed: columns are (1, 2) and (3, 6).
        let x = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 6.0], &[2, 2])?.transpose(0, 1)?;
        let (z, mean, std) = normalize_columns(&x)?;
        assert_eq!(mean.to_vec::<f32>()?, vec![1.5, 4.5]);
        assert_eq!(std.to_vec::<f32>()?, vec![0.5, 1.5]);
        assert_eq!(z.to_vec::<f32>()?, vec![-1.0, -1.0, 1.0, 1.0]);
        let v = DynTensor::from_vec(vec![0.0f64, 4.0], &[2])?;
        let (z, mean, _) = normalize_columns(&v)?;
        assert_eq!(mean.shape(), &[] as &[usize]);
        assert_eq!(f64s(&z), vec![-1.0, 1.0]);
        Ok(())
    }

    #[test]
    fn normalize_columns_errors() -> Result<()> {
        let s = DynTensor::from_vec(vec![1.0f32], &[])?;
        assert_eq!(
            normalize_columns(&s).unwrap_err().to_string(),
            "normalize_columns: invalid input: expected at least 1 dim (rows along dim 0), got a 0-d tensor"
        );
        let e = DynTensor::from_vec(Vec::<f32>::new(), &[0, 2])?;
        assert_eq!(
            normalize_columns(&e).unwrap_err().to_string(),
            "normalize_columns: undefined on an empty tensor of shape [0, 2]"
        );
        Ok(())
    }

    #[test]
    fn standardizer_fits_train_and_transforms_other() -> Result<()> {
        let train = DynTensor::from_vec(vec![0.0f64, 5.0, 2.0, 5.0, 4.0, 5.0], &[3, 2])?;
        let s = Standardizer::fit(&train)?;
        let sd = (8.0f64 / 3.0).sqrt();
        assert_eq!(f64s(&s.mean), vec![2.0, 5.0]);
        approx::assert_abs_diff_eq!(s.std.get::<f64>(&[0])?, sd, epsilon = 1e-12);
        // Int test data is converted to the fitted dtype.
        let test = DynTensor::from_vec(vec![6i64, 7], &[1, 2])?;
        let z = s.transform(&test)?;
        assert_eq!(z.dtype(), DType::Float64);
        approx::assert_abs_diff_eq!(z.get::<f64>(&[0, 0])?, 4.0 / sd, epsilon = 1e-12);
        assert_eq!(z.get::<f64>(&[0, 1])?, 2.0);
        let back = s.inverse_transform(&z)?;
        approx::assert_abs_diff_eq!(back.get::<f64>(&[0, 0])?, 6.0, epsilon = 1e-12);
        assert_eq!(back.get::<f64>(&[0, 1])?, 7.0);
        let wrong = DynTensor::from_vec(vec![1.0f64; 3], &[1, 3])?;
        assert_eq!(
            s.transform(&wrong).unwrap_err().to_string(),
            "Standardizer::transform: shapes [1, 3] and [2] do not match (rows must have the fitted shape [2])"
        );
        Ok(())
    }
}
