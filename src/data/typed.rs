//! Typed rows: a CSV file straight into `Tensor<T, (usize, Const<N>)>`, the row count known
//! at run time and the column count in the type.

use std::path::Path;

use super::context::Place;
use super::load::{CsvData, load_csv_with};
use super::options::CsvOptions;
use crate::dtype::Float;
use crate::error::{Error, Result};
use crate::shape::{Const, shape_name};
use crate::tensor::Tensor;

/// Reads a CSV file as [`load_csv_with`] does into a typed `[rows, N]` tensor of `T`
/// (`f32` or `f64`; it overrides `options`' dtype), checking the feature column count
/// against `N` once.
///
/// Use [`CsvData::features_typed`] to keep the labels and column names too.
///
/// # Examples
/// ```
/// use rusttorch::{Const, Tensor, data::{CsvOptions, load_csv_typed}};
/// let x: Tensor<f32, (usize, Const<4>)> =
///     load_csv_typed("data/iris.csv", &CsvOptions::default().label("species"))?;
/// assert_eq!(x.dims(), &[150, 4]);
/// let err = load_csv_typed::<f32, 3>("data/iris.csv", &CsvOptions::default().label("species"))
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "load_csv_typed: data/iris.csv: expected 3 feature columns for shape (usize, Const<3>), found 4"
/// );
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// As [`load_csv_with`], and [`Error::Csv`] naming both counts if the file has another
/// number of feature columns than `N`.
pub fn load_csv_typed<T: Float, const N: usize>(
    path: impl AsRef<Path>,
    options: &CsvOptions,
) -> Result<Tensor<T, (usize, Const<N>)>> {
    let path = path.as_ref();
    let data = load_csv_with(path, &options.clone().dtype(T::DTYPE))?;
    let found = data.columns.len();
    if found != N {
        let name = path.display().to_string();
        let place = Place {
            op: "load_csv_typed",
            path: &name,
        };
        return Err(place.file(format!(
            "expected {N} feature columns for shape {}, found {found}",
            shape_name::<(usize, Const<N>)>()
        )));
    }
    data.features_typed::<T, N>()
}

impl CsvData {
    /// The features as a typed `[rows, N]` tensor of `T`, sharing the buffer.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::data::{CsvOptions, load_csv_with};
    /// let wine = load_csv_with("data/wine.csv", &CsvOptions::default().label("class"))?;
    /// let x = wine.features_typed::<f32, 13>()?;
    /// assert_eq!(x.dims(), &[178, 13]);
    /// assert!(wine.features_typed::<f32, 14>().is_err());
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::StaticShape`] naming the features' shape and `(usize, Const<N>)` if the
    /// column count is not `N`; [`Error::DType`] if the features are not of dtype `T`.
    pub fn features_typed<T: Float, const N: usize>(&self) -> Result<Tensor<T, (usize, Const<N>)>> {
        let t = self.features.as_impl::<T>().ok_or_else(|| Error::DType {
            op: "features_typed",
            expected: T::DTYPE.name(),
            got: self.features.dtype(),
        })?;
        let rows = self.features.shape()[0];
        if self.features.shape()[1] != N {
            return Err(Error::StaticShape {
                op: "features_typed",
                expected: shape_name::<(usize, Const<N>)>(),
                got: self.features.shape().into(),
            });
        }
        Ok(Tensor::from_parts(t.clone(), (rows, Const)))
    }
}
