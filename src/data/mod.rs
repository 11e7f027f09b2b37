//! Data in and out: CSV files to tensors ([`load_csv`], [`load_csv_with`], [`read_csv`],
//! [`load_csv_typed`]) and back ([`save_csv`]).
//!
//! The loader reads what `pandas.read_csv` users hand it: a header row (kept as
//! [`CsvData::columns`]), RFC 4180 quoting, CRLF or LF, a UTF-8 byte-order mark, spaces
//! around fields, blank lines. A text column such as iris's `species` is an error naming
//! its line and column unless it is named as the label column, which is encoded as `int64`
//! class codes in sorted class order (as `sklearn`'s `LabelEncoder`). Every parse error is
//! an [`Error::Csv`](crate::Error::Csv) that reads `load_csv: digits.csv:12:3 (column
//! "pixel_2"): cannot parse "abc" as a number`; a file that cannot be opened, read or
//! written is an [`Error::Io`](crate::Error::Io) naming the path and the I/O error's kind.
//! No tensor comes back with an error.
//!
//! # Data sets
//!
//! The project ships four small, real, public tabular data sets in `data/` at the
//! repository root, for the examples, tests and benchmarks. All four come from the UCI
//! Machine Learning Repository (CC BY 4.0), re-encoded as plain comma-separated files with
//! a header row (see `data/README.md`):
//!
//! | file | rows | columns | target | origin |
//! |---|---|---|---|---|
//! | `iris.csv` | 150 | 4 numeric + `species` (setosa, versicolor, virginica) | `species` | Fisher (1936), UCI "Iris" |
//! | `digits.csv` | 1797 | 64 integer pixels (0..16, an 8x8 image, row-major) + `label` (0..9) | `label` | Alpaydin & Kaynak (1998), UCI "Optical Recognition of Handwritten Digits" (test part) |
//! | `wine.csv` | 178 | 13 numeric + `class` (0, 1, 2) | `class` | Forina et al., UCI "Wine" |
//! | `breast_cancer.csv` | 569 | 30 numeric + `malignant` (1 = malignant, 0 = benign) | `malignant` | Wolberg, Street & Mangasarian (1995), UCI "Breast Cancer Wisconsin (Diagnostic)" |
//!
//! # Examples
//! ```
//! use rusttorch::data::{CsvOptions, load_csv_with};
//! let digits = load_csv_with("data/digits.csv", &CsvOptions::default().label("label"))?;
//! assert_eq!(digits.features.shape(), &[1797, 64]);
//! assert_eq!(digits.classes.len(), 10);
//! # Ok::<(), rusttorch::Error>(())
//! ```

mod batches;
mod context;
mod load;
mod loader;
mod normalize;
mod options;
mod parallel;
mod save;
mod split;
mod typed;

#[cfg(test)]
mod datasets;
#[cfg(test)]
mod tests;

pub use batches::create_batches;
pub use load::{CsvData, load_csv, load_csv_with, read_csv};
pub use loader::{
    Batches, DataLoader, EpochBatches, OwnedBatches, TypedBatch, TypedLoader, epoch_seed,
};
pub use normalize::{Standardizer, normalize, normalize_columns};
pub use options::{Column, CsvOptions};
pub use save::save_csv;
pub use split::{XyPair, shuffle_indices, train_val_test_split, train_val_test_split_xy};
pub use typed::load_csv_typed;
