//! [`CsvOptions`]: everything [`load_csv_with`](super::load_csv_with) can be told beyond the
//! path, the header flag and the delimiter.

use crate::dtype::DType;

/// A column of a CSV file, by header name or by 0-based position.
///
/// Built from a `&str`/`String` (a name) or a `usize` (a position), so
/// `CsvOptions::default().label("species")` and `.label(4)` both work.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The column whose header is this name. Without a header, a column's name is its
    /// 0-based position written as text (`"0"`, `"1"`, ... as in `pandas.read_csv(header=None)`).
    Name(String),
    /// The column at this 0-based position in the file.
    Index(usize),
}

impl From<&str> for Column {
    fn from(name: &str) -> Self {
        Column::Name(name.to_owned())
    }
}

impl From<String> for Column {
    fn from(name: String) -> Self {
        Column::Name(name)
    }
}

impl From<&String> for Column {
    fn from(name: &String) -> Self {
        Column::Name(name.clone())
    }
}

impl From<usize> for Column {
    fn from(index: usize) -> Self {
        Column::Index(index)
    }
}

/// How to read a CSV file: a builder whose [`Default`] matches `load_csv(path, true, b',')`.
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`has_header`](Self::has_header) | `true` | the first non-blank line holds the column names |
/// | [`delimiter`](Self::delimiter) | `b','` | the field separator (one byte) |
/// | [`dtype`](Self::dtype) | `Float32` | the features' dtype: `Float32` or `Float64` |
/// | [`columns`](Self::columns) | all but the label | the feature columns, in the order given |
/// | [`label`](Self::label) | none | a column read as class labels, encoded as `int64` codes |
/// | [`allow_missing`](Self::allow_missing) | `false` | read empty fields and `NA`/`NaN`/... as NaN |
///
/// # Examples
/// ```
/// use rusttorch::{DType, data::CsvOptions};
/// let opts = CsvOptions::default()
///     .dtype(DType::Float64)
///     .columns(["sepal_length", "petal_length"])
///     .label("species");
/// assert_eq!(opts.get_dtype(), DType::Float64);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CsvOptions {
    pub(crate) has_header: bool,
    pub(crate) delimiter: u8,
    pub(crate) dtype: DType,
    pub(crate) columns: Option<Vec<Column>>,
    pub(crate) label: Option<Column>,
    pub(crate) allow_missing: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            has_header: true,
            delimiter: b',',
            dtype: DType::Float32,
            columns: None,
            label: None,
            allow_missing: false,
        }
    }
}

impl CsvOptions {
    /// Options with every default (see the table on [`CsvOptions`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the first non-blank line holds the column names (default `true`).
    pub fn has_header(mut self, has_header: bool) -> Self {
        self.has_header = has_header;
        self
    }

    /// The field separator, one byte such as `b','`, `b';'` or `b'\t'` (default `b','`).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// The dtype of the features tensor: [`DType::Float32`] (default) or
    /// [`DType::Float64`]; any other is an error when loading.
    pub fn dtype(mut self, dtype: DType) -> Self {
        self.dtype = dtype;
        self
    }

    /// The feature columns, by name or position, in the order they appear in the output
    /// (unlike `pandas`' `usecols`, which keeps file order). Default: every column except
    /// the label column, in file order.
    pub fn columns<C: Into<Column>>(mut self, columns: impl IntoIterator<Item = C>) -> Self {
        self.columns = Some(columns.into_iter().map(Into::into).collect());
        self
    }

    /// The label column, read as text and encoded as `int64` class codes (see
    /// [`CsvData::classes`](super::CsvData::classes) for the order).
    pub fn label(mut self, column: impl Into<Column>) -> Self {
        self.label = Some(column.into());
        self
    }

    /// Whether empty fields and the missing-value markers (`NA`, `N/A`, `NaN`, `nan`,
    /// `null`, `None`, ... as in `pandas`' default `na_values`) become NaN (`true`) or are an
    /// error naming the place (`false`, the default).
    pub fn allow_missing(mut self, allow: bool) -> Self {
        self.allow_missing = allow;
        self
    }

    /// The dtype the features will have.
    pub fn get_dtype(&self) -> DType {
        self.dtype
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_sets_each_option_and_default_matches_load_csv_defaults() {
        let d = CsvOptions::default();
        assert!(d.has_header);
        assert_eq!(d.delimiter, b',');
        assert_eq!(d.dtype, DType::Float32);
        assert_eq!(d.columns, None);
        assert_eq!(d.label, None);
        assert!(!d.allow_missing);

        let o = CsvOptions::new()
            .has_header(false)
            .delimiter(b';')
            .dtype(DType::Float64)
            .columns([2usize, 0])
            .label("y")
            .allow_missing(true);
        assert!(!o.has_header);
        assert_eq!(o.delimiter, b';');
        assert_eq!(o.get_dtype(), DType::Float64);
        assert_eq!(o.columns, Some(vec![Column::Index(2), Column::Index(0)]));
        assert_eq!(o.label, Some(Column::Name("y".into())));
        assert!(o.allow_missing);
    }
}
