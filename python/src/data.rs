//! Data from Python: `rt.load_csv` and `rt.save_csv` over [`rusttorch::data`], the
//! preprocessing functions (`normalize`, `normalize_columns`, `Standardizer`,
//! `create_batches`, `shuffle_indices`, `train_val_test_split[_xy]`) and `rt.DataLoader`.
//!
//! Loading and saving release the GIL; so do the preprocessing calls on large tensors.
//! File errors are `OSError` subclasses (`FileNotFoundError`, ...), parse errors
//! `rt.CsvError` naming the file, line and column (see [`crate::errors`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};

use pyo3::exceptions::{PyAttributeError, PyMemoryError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyList, PyString};
use rusttorch::DynTensor;
use rusttorch::data::{self, Column, CsvOptions, OwnedBatches};

use crate::convert::to_dyn;
use crate::errors::{IntoPyResult, type_error};
use crate::tensor::PyTensor;

use crate::threads::maybe_detach as run;

/// A Python int argument (not a bool) as `i64`: `TypeError` for another type,
/// `ValueError` for an int outside the `i64` range.
fn int_arg(op: &str, name: &str, obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(type_error(&format!("{op}: {name}"), "an int", obj));
    }
    obj.extract::<i64>()
        .map_err(|_| PyValueError::new_err(format!("{op}: {name} {obj} is out of range")))
}

/// A count argument (`n`, `batch_size`): an int in `min..=i64::MAX`, else `ValueError`.
fn count_arg(op: &str, name: &str, obj: &Bound<'_, PyAny>, min: i64) -> PyResult<usize> {
    let v = int_arg(op, name, obj)?;
    if v < min {
        return Err(PyValueError::new_err(format!(
            "{op}: {name} must be at least {min}, got {v}"
        )));
    }
    usize::try_from(v)
        .map_err(|_| PyValueError::new_err(format!("{op}: {name} {v} is out of range")))
}

/// A seed: any int in `-2**63..2**64`; negative seeds wrap to `seed + 2**64` as in
/// `torch.manual_seed`.
fn seed_arg(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<u64> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(type_error(&format!("{op}: seed"), "an int", obj));
    }
    if let Ok(v) = obj.extract::<u64>() {
        return Ok(v);
    }
    obj.extract::<i64>().map(|v| v as u64).map_err(|_| {
        PyValueError::new_err(format!(
            "{op}: seed {obj} is out of range (expected -2**63 <= seed < 2**64)"
        ))
    })
}

/// The delimiter: a one-character ASCII string.
fn delimiter_arg(op: &str, delimiter: &str) -> PyResult<u8> {
    match delimiter.as_bytes() {
        [b] if b.is_ascii() => Ok(*b),
        _ => Err(PyValueError::new_err(format!(
            "{op}: delimiter must be a single ASCII character, got {delimiter:?}"
        ))),
    }
}

/// A column: a header name (str) or a 0-based position (int >= 0).
fn column_arg(op: &str, name: &str, obj: &Bound<'_, PyAny>) -> PyResult<Column> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Column::Name(s.to_str()?.to_owned()));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        return Ok(Column::Index(count_arg(op, name, obj, 0)?));
    }
    Err(type_error(
        &format!("{op}: {name}"),
        "a column name (str) or position (int)",
        obj,
    ))
}

fn tensor_list<'py>(py: Python<'py>, ts: Vec<DynTensor>) -> PyResult<Bound<'py, PyList>> {
    let items = ts
        .into_iter()
        .map(|t| Bound::new(py, PyTensor::new(t)))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// Loads a CSV file of numbers into a `[rows, columns]` tensor.
///
/// `rt.load_csv(path, has_header=True, delimiter=',', *, dtype=None, columns=None,
/// label=None, allow_missing=False, return_header=False)`.
///
/// Without `label`, returns the features tensor (as the original RustTorch did); with
/// `label` (a column name or 0-based position), returns the tuple
/// `(features, labels, classes)`: `labels` an `int64` tensor of class codes and `classes`
/// the list of class names (str) the codes index, sorted as `sklearn`'s `LabelEncoder`
/// sorts them (numerically when every class is a number). With `return_header=True`, the
/// list of the features' column names (the header's names, or `"0"`, `"1"`, ... without
/// a header) is appended: `(features, names)` or `(features, labels, classes, names)`.
///
/// `path` is a str or `os.PathLike`; `delimiter` one ASCII character; `dtype`
/// `rt.float32` (default) or `rt.float64`; `columns` a list of names or positions, in the
/// order wanted (default: every column but the label); `allow_missing` reads empty fields
/// and `NA`/`NaN`/`null`/... as NaN instead of raising.
///
/// The parser accepts RFC 4180 quoting, CRLF or LF, a UTF-8 byte-order mark, spaces
/// around fields and blank lines. Raises `FileNotFoundError`, `PermissionError`,
/// `IsADirectoryError` (or another `OSError`) if the file cannot be read, and
/// `rt.CsvError` naming the file, line, field and column for a ragged row, a non-numeric
/// or missing value, an empty or header-only file, or an unknown column.
#[pyfunction]
#[pyo3(signature = (path, has_header = true, delimiter = ",", *, dtype = None, columns = None,
    label = None, allow_missing = false, return_header = false))]
#[allow(clippy::too_many_arguments)]
fn load_csv<'py>(
    py: Python<'py>,
    path: PathBuf,
    has_header: bool,
    delimiter: &str,
    dtype: Option<&Bound<'py, PyAny>>,
    columns: Option<&Bound<'py, PyAny>>,
    label: Option<&Bound<'py, PyAny>>,
    allow_missing: bool,
    return_header: bool,
) -> PyResult<Bound<'py, PyAny>> {
    const OP: &str = "load_csv";
    let mut opts = CsvOptions::default()
        .has_header(has_header)
        .delimiter(delimiter_arg(OP, delimiter)?)
        .allow_missing(allow_missing);
    if let Some(d) = dtype.filter(|d| !d.is_none()) {
        opts = opts.dtype(crate::dtype::extract(OP, d)?);
    }
    if let Some(cols) = columns.filter(|c| !c.is_none()) {
        if cols.is_instance_of::<PyString>() {
            return Err(type_error(
                "load_csv: columns",
                "a list of column names or positions",
                cols,
            ));
        }
        let iter = cols.try_iter().map_err(|_| {
            type_error(
                "load_csv: columns",
                "a list of column names or positions",
                cols,
            )
        })?;
        let cols = iter
            .map(|c| column_arg(OP, "columns", &c?))
            .collect::<PyResult<Vec<_>>>()?;
        opts = opts.columns(cols);
    }
    let has_label = match label.filter(|l| !l.is_none()) {
        Some(l) => {
            opts = opts.label(column_arg(OP, "label", l)?);
            true
        }
        None => false,
    };
    let d = py.detach(|| data::load_csv_with(&path, &opts)).py()?;
    let features = Bound::new(py, PyTensor::new(d.features))?.into_any();
    let names = PyList::new(py, &d.columns)?.into_any();
    let mut out = vec![features];
    if has_label {
        let labels = d.labels.ok_or_else(|| {
            pyo3::exceptions::PyRuntimeError::new_err("load_csv: the loader returned no labels")
        })?;
        out.push(Bound::new(py, PyTensor::new(labels))?.into_any());
        out.push(PyList::new(py, &d.classes)?.into_any());
    }
    if return_header {
        out.push(names);
    }
    if out.len() == 1 {
        return Ok(out.swap_remove(0));
    }
    Ok(pyo3::types::PyTuple::new(py, out)?.into_any())
}

/// Writes a rank-1 or rank-2 tensor to a CSV file, one row per line.
///
/// `rt.save_csv(tensor, path, header=None, delimiter=',')`: `header` a list of column
/// names (one per column); floats are written in their shortest exact form, so
/// `rt.load_csv` with the same dtype reads back the same values (NaN is written as `NaN`,
/// read back with `allow_missing=True`); ints as ints, bools as 1/0. Raises `ValueError`
/// for another rank, a header of the wrong length or a bad delimiter, and an `OSError`
/// subclass if the file cannot be written.
#[pyfunction]
#[pyo3(signature = (tensor, path, header = None, delimiter = ","))]
fn save_csv(
    py: Python<'_>,
    tensor: &Bound<'_, PyAny>,
    path: PathBuf,
    header: Option<Vec<String>>,
    delimiter: &str,
) -> PyResult<()> {
    const OP: &str = "save_csv";
    let t = to_dyn(OP, tensor)?;
    let delimiter = delimiter_arg(OP, delimiter)?;
    let names: Option<Vec<&str>> = header
        .as_ref()
        .map(|h| h.iter().map(String::as_str).collect());
    py.detach(|| data::save_csv(&t, &path, names.as_deref(), delimiter))
        .py()
}

/// Standardizes over all elements: returns `(normalized, mean, std)`.
///
/// `(t - mean) / std` with the population std (correction 0); `mean` and `std` are 0-d
/// tensors. A constant tensor (std 0) comes out as zeros, not NaN. Float dtypes are kept;
/// integer and bool input is promoted to `float32`. Raises `rt.ShapeError` for an empty
/// tensor.
#[pyfunction]
fn normalize(py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<(PyTensor, PyTensor, PyTensor)> {
    let x = to_dyn("normalize", t)?;
    let (z, m, s) = run(py, x.numel(), || data::normalize(&x)).py()?;
    Ok((z.into(), m.into(), s.into()))
}

/// Standardizes each column along dim 0: returns `(normalized, mean, std)`.
///
/// For `[n, c..]` input, `mean` and `std` (population std) have shape `[c..]`. Constant
/// columns come out as zeros. Use `rt.Standardizer` to fit on training data and apply the
/// same scaling to other data. Raises `ValueError` for a 0-d tensor, `rt.ShapeError` for
/// one without rows.
#[pyfunction]
fn normalize_columns(
    py: Python<'_>,
    t: &Bound<'_, PyAny>,
) -> PyResult<(PyTensor, PyTensor, PyTensor)> {
    let x = to_dyn("normalize_columns", t)?;
    let (z, m, s) = run(py, x.numel(), || data::normalize_columns(&x)).py()?;
    Ok((z.into(), m.into(), s.into()))
}

/// Per-column standardization fitted on training data (`sklearn`'s `StandardScaler`).
///
/// `s = rt.Standardizer().fit(train)`; then `s.transform(x)` is `(x - s.mean) / s.std`
/// along dim 0 (population std; constant columns divided by 1), `s.inverse_transform(z)`
/// undoes it, and `fit_transform(x)` fits and transforms at once.
#[pyclass(name = "Standardizer", module = "rusttorch", frozen)]
struct PyStandardizer {
    fitted: RwLock<Option<data::Standardizer>>,
}

impl PyStandardizer {
    fn fitted(&self, op: &str) -> PyResult<data::Standardizer> {
        self.fitted
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{op}: this Standardizer is not fitted yet; call fit(data) first"
                ))
            })
    }
}

#[pymethods]
impl PyStandardizer {
    /// An unfitted standardizer; call `fit(data)`.
    #[new]
    fn new() -> Self {
        PyStandardizer {
            fitted: RwLock::new(None),
        }
    }

    /// Fits the per-column mean and population std of `data` along dim 0; returns self.
    fn fit<'py>(slf: &Bound<'py, Self>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        let x = to_dyn("Standardizer.fit", data)?;
        let s = run(slf.py(), x.numel(), || data::Standardizer::fit(&x)).py()?;
        *slf.get()
            .fitted
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(s);
        Ok(slf.clone())
    }

    /// `(data - mean) / std` per column, in the fitted dtype.
    fn transform(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let s = self.fitted("Standardizer.transform")?;
        let x = to_dyn("Standardizer.transform", data)?;
        Ok(run(py, x.numel(), || s.transform(&x)).py()?.into())
    }

    /// Fits on `data` and returns `transform(data)`.
    fn fit_transform(slf: &Bound<'_, Self>, data: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Self::fit(slf, data)?;
        slf.get().transform(slf.py(), data)
    }

    /// Undoes `transform`: `z * std + mean` per column.
    fn inverse_transform(&self, py: Python<'_>, z: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let s = self.fitted("Standardizer.inverse_transform")?;
        let x = to_dyn("Standardizer.inverse_transform", z)?;
        Ok(run(py, x.numel(), || s.inverse_transform(&x)).py()?.into())
    }

    /// The per-column mean of the training data.
    #[getter]
    fn mean(&self) -> PyResult<PyTensor> {
        self.fitted("Standardizer.mean")
            .map(|s| s.mean.into())
            .map_err(|e| PyAttributeError::new_err(e.to_string()))
    }

    /// The per-column population std of the training data (0 for a constant column).
    #[getter]
    fn std(&self) -> PyResult<PyTensor> {
        self.fitted("Standardizer.std")
            .map(|s| s.std.into())
            .map_err(|e| PyAttributeError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        match &*self.fitted.read().unwrap_or_else(PoisonError::into_inner) {
            Some(s) => format!("Standardizer(fitted, columns={:?})", s.mean.shape()),
            None => "Standardizer(not fitted)".to_owned(),
        }
    }
}

/// Splits `data` along dim 0 into consecutive batches of `batch_size` rows.
///
/// `rt.create_batches(data, batch_size, drop_last=False)` returns a list of tensors that
/// are views of `data` (as `torch.split(data, batch_size)`); the last batch is shorter
/// unless `drop_last` drops it. Raises `ValueError` for `batch_size < 1` or 0-d data.
#[pyfunction]
#[pyo3(signature = (data, batch_size, drop_last = false))]
fn create_batches<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    batch_size: &Bound<'py, PyAny>,
    drop_last: bool,
) -> PyResult<Bound<'py, PyList>> {
    const OP: &str = "create_batches";
    let bs = count_arg(OP, "batch_size", batch_size, 1)?;
    let x = to_dyn(OP, data)?;
    let batches = data::create_batches(&x, bs, drop_last).py()?;
    tensor_list(py, batches)
}

/// A random permutation of `range(n)` fixed by `seed`, as a list of ints.
///
/// The same `(n, seed)` gives the same order on every run and platform. Raises
/// `ValueError` for a negative `n`, `MemoryError` if `n` indices do not fit in memory.
#[pyfunction]
fn shuffle_indices(
    py: Python<'_>,
    n: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
) -> PyResult<Vec<usize>> {
    const OP: &str = "shuffle_indices";
    let n = count_arg(OP, "n", n, 0)?;
    let seed = seed_arg(OP, seed)?;
    // Check that the permutation fits before the core allocates it.
    Vec::<usize>::new().try_reserve_exact(n).map_err(|_| {
        PyMemoryError::new_err(format!(
            "{OP}: cannot allocate a permutation of {n} indices"
        ))
    })?;
    Ok(run(py, n, || data::shuffle_indices(n, seed)))
}

/// Splits `data` along dim 0 into `(train, val, test)` tensors.
///
/// `rt.train_val_test_split(data, train_ratio, val_ratio, shuffle=True, seed=0)`: the
/// parts have `floor(n * train_ratio)`, `floor(n * val_ratio)` and the remaining rows.
/// With `shuffle`, rows are first permuted by `shuffle_indices(n, seed)` (the same seed
/// gives the same split); without it the parts are consecutive views. Raises `ValueError`
/// unless both ratios are finite, in [0, 1] and sum to at most 1.
#[pyfunction]
#[pyo3(signature = (data, train_ratio, val_ratio, shuffle = true, seed = None),
    text_signature = "(data, train_ratio, val_ratio, shuffle=True, seed=0)")]
fn train_val_test_split(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    train_ratio: f64,
    val_ratio: f64,
    shuffle: bool,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyTensor, PyTensor, PyTensor)> {
    const OP: &str = "train_val_test_split";
    let seed = seed.map_or(Ok(0), |s| seed_arg(OP, s))?;
    let x = to_dyn(OP, data)?;
    let (a, b, c) = run(py, x.numel(), || {
        data::train_val_test_split(&x, train_ratio, val_ratio, shuffle, seed)
    })
    .py()?;
    Ok((a.into(), b.into(), c.into()))
}

type XyTensors = (PyTensor, PyTensor);

/// Splits features and labels with the same row permutation: returns
/// `((x_train, y_train), (x_val, y_val), (x_test, y_test))`.
///
/// `rt.train_val_test_split_xy(features, labels, train_ratio, val_ratio, shuffle=True,
/// seed=0)`: as `train_val_test_split`, and row `i` of each part's features goes with row
/// `i` of its labels. Raises `rt.ShapeError` if the row counts differ.
#[pyfunction]
#[pyo3(signature = (features, labels, train_ratio, val_ratio, shuffle = true, seed = None),
    text_signature = "(features, labels, train_ratio, val_ratio, shuffle=True, seed=0)")]
fn train_val_test_split_xy(
    py: Python<'_>,
    features: &Bound<'_, PyAny>,
    labels: &Bound<'_, PyAny>,
    train_ratio: f64,
    val_ratio: f64,
    shuffle: bool,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<(XyTensors, XyTensors, XyTensors)> {
    const OP: &str = "train_val_test_split_xy";
    let seed = seed.map_or(Ok(0), |s| seed_arg(OP, s))?;
    let x = to_dyn(OP, features)?;
    let y = to_dyn(OP, labels)?;
    let ((a, ya), (b, yb), (c, yc)) = run(py, x.numel(), || {
        data::train_val_test_split_xy(&x, &y, train_ratio, val_ratio, shuffle, seed)
    })
    .py()?;
    Ok((
        (a.into(), ya.into()),
        (b.into(), yb.into()),
        (c.into(), yc.into()),
    ))
}

/// Mini-batches of `(features, labels)` rows (`torch.utils.data.DataLoader` over a
/// `TensorDataset`).
///
/// `rt.DataLoader(features, labels, batch_size, shuffle=False, seed=0, drop_last=False)`.
/// Iterating yields `(x, y)` batches along dim 0; each new `for` loop over the loader is
/// a new epoch (0, 1, 2, ...). With `shuffle`, epoch `e` uses a permutation seeded from
/// `seed` and `e` (the core's `epoch_seed`), so epochs differ and a new loader with the
/// same seed repeats them; without it, batches are in row order and `seed` is unused.
/// `len(loader)` is the number of batches per epoch; the last batch is shorter unless
/// `drop_last`.
#[pyclass(name = "DataLoader", module = "rusttorch", frozen)]
struct PyDataLoader {
    loader: data::DataLoader,
    batch_size: usize,
    shuffle: bool,
    drop_last: bool,
    next_epoch: AtomicU64,
}

#[pymethods]
impl PyDataLoader {
    /// A loader over the rows of `features` and `labels` (the same number of rows).
    #[new]
    #[pyo3(signature = (features, labels, batch_size, shuffle = false, seed = None, drop_last = false),
        text_signature = "(features, labels, batch_size, shuffle=False, seed=0, drop_last=False)")]
    fn new(
        features: &Bound<'_, PyAny>,
        labels: &Bound<'_, PyAny>,
        batch_size: &Bound<'_, PyAny>,
        shuffle: bool,
        seed: Option<&Bound<'_, PyAny>>,
        drop_last: bool,
    ) -> PyResult<Self> {
        const OP: &str = "DataLoader";
        let bs = count_arg(OP, "batch_size", batch_size, 1)?;
        let seed = seed.map_or(Ok(0), |s| seed_arg(OP, s))?;
        let x = to_dyn(OP, features)?;
        let y = to_dyn(OP, labels)?;
        let mut loader = data::DataLoader::new(x, y, bs).py()?.drop_last(drop_last);
        if shuffle {
            loader = loader.shuffle(seed);
        }
        Ok(PyDataLoader {
            loader,
            batch_size: bs,
            shuffle,
            drop_last,
            next_epoch: AtomicU64::new(0),
        })
    }

    /// The batches of the next epoch, as an iterator of `(x, y)` tuples.
    fn __iter__(&self) -> PyDataLoaderIter {
        let epoch = self.next_epoch.fetch_add(1, Ordering::Relaxed);
        PyDataLoaderIter {
            batches: Mutex::new(self.loader.clone().into_epoch(epoch)),
        }
    }

    /// The number of batches per epoch.
    fn __len__(&self) -> usize {
        self.loader.len()
    }

    /// The number of rows per batch.
    #[getter]
    fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Whether the short last batch is dropped.
    #[getter]
    fn drop_last(&self) -> bool {
        self.drop_last
    }

    fn __repr__(&self) -> String {
        format!(
            "DataLoader(rows={}, batch_size={}, shuffle={}, drop_last={})",
            self.loader.num_rows(),
            self.batch_size,
            if self.shuffle { "True" } else { "False" },
            if self.drop_last { "True" } else { "False" },
        )
    }
}

/// The batches of one epoch of an `rt.DataLoader`.
#[pyclass(name = "_DataLoaderIter", module = "rusttorch", frozen)]
struct PyDataLoaderIter {
    batches: Mutex<OwnedBatches>,
}

#[pymethods]
impl PyDataLoaderIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self) -> PyResult<Option<XyTensors>> {
        let next = self
            .batches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .next();
        match next {
            None => Ok(None),
            Some(b) => {
                let (x, y) = b.py()?;
                Ok(Some((x.into(), y.into())))
            }
        }
    }

    fn __length_hint__(&self) -> usize {
        self.batches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(load_csv, m)?)?;
    m.add_function(wrap_pyfunction!(save_csv, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_columns, m)?)?;
    m.add_function(wrap_pyfunction!(create_batches, m)?)?;
    m.add_function(wrap_pyfunction!(shuffle_indices, m)?)?;
    m.add_function(wrap_pyfunction!(train_val_test_split, m)?)?;
    m.add_function(wrap_pyfunction!(train_val_test_split_xy, m)?)?;
    m.add_class::<PyStandardizer>()?;
    m.add_class::<PyDataLoader>()?;
    m.add_class::<PyDataLoaderIter>()?;
    Ok(())
}
