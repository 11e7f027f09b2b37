//! [`load_csv`], [`load_csv_with`] and [`read_csv`]: CSV text in, a [`CsvData`] out.
//!
//! One pass over the file with `csv`'s [`ByteRecord`] (no per-field allocation): each
//! selected field is trimmed, checked as UTF-8 and parsed by the standard library's
//! correctly rounded float parser straight into the output `Vec`, which is reserved from
//! the file size once the first rows show the average row length. So the peak memory is
//! about the output tensor plus the reader's buffer, not the file.
//!
//! A regular file without a label column is first tried on the parallel path
//! ([`super::parallel`]), which parses blocks of plain numeric lines on every core and hands
//! any file it does not take (quotes, a field that is not a number, ...) back to this one.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use csv::ByteRecord;

use super::context::{Place, excerpt};
use super::options::{Column, CsvOptions};
use super::parallel;
use crate::dtype::{DType, Element};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::tensor_impl::TensorImpl;

pub(super) const OP: &str = "load_csv";

/// The markers read as a missing value (besides an empty field), as in `pandas`' default
/// `na_values`.
const MISSING: &[&str] = &[
    "NA", "N/A", "n/a", "NaN", "nan", "NAN", "-NaN", "-nan", "null", "NULL", "None", "<NA>",
    "#N/A", "#NA", "#N/A N/A", "-1.#IND", "1.#IND", "-1.#QNAN", "1.#QNAN",
];

/// A loaded CSV file: the feature matrix, its column names and, with a label column, the
/// encoded labels and the class names.
///
/// # Examples
/// ```
/// use rusttorch::data::{CsvOptions, load_csv_with};
/// let iris = load_csv_with("data/iris.csv", &CsvOptions::default().label("species"))?;
/// assert_eq!(iris.features.shape(), &[150, 4]);
/// assert_eq!(iris.columns[0], "sepal_length");
/// assert_eq!(iris.classes, ["setosa", "versicolor", "virginica"]);
/// assert_eq!(iris.labels.as_ref().unwrap().to_vec::<i64>()?[100], 2);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CsvData {
    /// The feature columns as a `[rows, columns.len()]` tensor of the requested dtype
    /// (`float32` by default).
    pub features: DynTensor,
    /// The names of the feature columns, in the order of `features`' columns: the header's
    /// names, or the 0-based positions as text (`"0"`, `"1"`, ...) without a header.
    pub columns: Vec<String>,
    /// With a label column: its values as `int64` class codes, shape `[rows]`; the code of a
    /// value is its index in [`classes`](Self::classes).
    pub labels: Option<DynTensor>,
    /// With a label column: the distinct values, sorted as `sklearn`'s `LabelEncoder` (and
    /// `pandas`' `factorize(sort=True)`) sort them: numerically when every value is a number
    /// (so `"2" < "10"`), otherwise by their text (byte order). Empty without a label column.
    pub classes: Vec<String>,
    /// The name of the label column, if one was asked for.
    pub label_column: Option<String>,
}

/// Reads a CSV file of numbers into a `[rows, columns]` `float32` tensor with its column
/// names (the seed's `load_csv(path, has_header, delimiter)`).
///
/// Every column must be numeric; use [`load_csv_with`] to pick columns, read a label
/// column, choose `float64` or allow missing values. Quoted fields (RFC 4180, with
/// delimiters and line breaks inside quotes), CRLF or LF line ends, a UTF-8 byte-order
/// mark, spaces around fields and blank lines are all accepted.
///
/// # Examples
/// ```
/// let wine = rusttorch::load_csv("data/wine.csv", true, b',')?;
/// assert_eq!(wine.features.shape(), &[178, 14]);
/// assert_eq!(wine.columns[13], "class");
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the file if it cannot be opened or read (its `kind` says why:
/// `NotFound`, `PermissionDenied`, `IsADirectory`, ...); [`Error::Csv`] naming the file
/// and, where it applies, the line, the field and the column: the file is empty or has no data rows, a row has
/// another field count than the header (or first row), a field is not a number, is a
/// missing value or is not UTF-8. No tensor is returned with an error.
pub fn load_csv(path: impl AsRef<Path>, has_header: bool, delimiter: u8) -> Result<CsvData> {
    load_csv_with(
        path,
        &CsvOptions::default()
            .has_header(has_header)
            .delimiter(delimiter),
    )
}

/// Reads a CSV file as [`load_csv`] does, with the choices in `options` (columns, a label
/// column, dtype, missing values; see [`CsvOptions`]).
///
/// # Examples
/// ```
/// use rusttorch::{DType, data::{CsvOptions, load_csv_with}};
/// let opts = CsvOptions::default().dtype(DType::Float64).columns(["petal_width", "sepal_length"]);
/// let iris = load_csv_with("data/iris.csv", &opts)?;
/// assert_eq!(iris.features.to_vec::<f64>()?[..2], [0.2, 5.1]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// As [`load_csv`], and also [`Error::Csv`] for a column or label column that is not in the
/// file, a column chosen twice, and [`Error::DType`] for a dtype other than `float32` or
/// `float64`.
pub fn load_csv_with(path: impl AsRef<Path>, options: &CsvOptions) -> Result<CsvData> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let place = Place {
        op: OP,
        path: &name,
    };
    let mut file = File::open(path).map_err(|e| place.io("open", &e))?;
    let meta = file.metadata().ok();
    let size = meta.as_ref().map(std::fs::Metadata::len);
    // A regular file can be read again from the start, so it is first tried on the
    // parallel path, which hands any file it does not take back to the sequential one.
    if meta.is_some_and(|m| m.is_file()) && options.label.is_none() {
        check_delimiter(options.delimiter, OP)?;
        let fast = match options.dtype {
            DType::Float32 => parallel::read::<f32, _>(&mut file, &place, options, size)?,
            DType::Float64 => parallel::read::<f64, _>(&mut file, &place, options, size)?,
            other => return Err(Error::dtype(OP, "float32 or float64", other)),
        };
        if let Some(data) = fast {
            return Ok(data);
        }
        file.seek(SeekFrom::Start(0))
            .map_err(|e| place.io("read", &e))?;
    }
    read_impl(file, &place, options, size)
}

/// Reads CSV text from any reader as [`load_csv_with`] reads a file; `source` names the
/// input in error messages (in place of a path).
///
/// # Examples
/// ```
/// use rusttorch::data::{CsvOptions, read_csv};
/// let text = "x,y,kind\n1,2,b\n3,4,a\n";
/// let d = read_csv(text.as_bytes(), "inline", &CsvOptions::default().label("kind"))?;
/// assert_eq!(d.features.to_vec::<f32>()?, vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(d.classes, ["a", "b"]);
/// assert_eq!(d.labels.unwrap().to_vec::<i64>()?, vec![1, 0]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// As [`load_csv_with`].
pub fn read_csv<R: Read>(reader: R, source: &str, options: &CsvOptions) -> Result<CsvData> {
    let place = Place {
        op: OP,
        path: source,
    };
    read_impl(reader, &place, options, None)
}

fn read_impl<R: Read>(
    reader: R,
    place: &Place<'_>,
    options: &CsvOptions,
    size: Option<u64>,
) -> Result<CsvData> {
    check_delimiter(options.delimiter, OP)?;
    match options.dtype {
        DType::Float32 => read_typed::<f32, R>(reader, place, options, size),
        DType::Float64 => read_typed::<f64, R>(reader, place, options, size),
        other => Err(Error::dtype(OP, "float32 or float64", other)),
    }
}

/// Rejects a delimiter the CSV grammar cannot use.
pub(crate) fn check_delimiter(delimiter: u8, op: &'static str) -> Result<()> {
    if matches!(delimiter, b'"' | b'\n' | b'\r') || !delimiter.is_ascii() {
        return Err(Error::invalid(
            op,
            "delimiter",
            format!(
                "{:?} cannot separate fields (use an ASCII byte other than a quote or a line break)",
                delimiter as char
            ),
        ));
    }
    Ok(())
}

/// A float type the loader parses into.
pub(super) trait CsvFloat:
    Element + std::fmt::Display + std::ops::Neg<Output = Self>
{
    const NAN: Self;
    fn parse_str(s: &str) -> Option<Self>;
    /// `mantissa / 10^frac_digits` when one correctly rounded division of two exactly
    /// representable numbers gives it (Clinger's fast path), so the result is the
    /// correctly rounded value `parse_str` would give; `None` otherwise.
    fn from_decimal(mantissa: u64, frac_digits: usize) -> Option<Self>;
    fn is_nan_value(self) -> bool;
}

impl CsvFloat for f32 {
    const NAN: Self = f32::NAN;
    #[inline]
    fn parse_str(s: &str) -> Option<Self> {
        s.parse().ok()
    }
    #[inline]
    fn from_decimal(mantissa: u64, frac_digits: usize) -> Option<Self> {
        // m * 10^-k in f64 (m <= 2^24 and both roundings within 2^-52 of the true
        // quotient), then rounded to f32. The second rounding is right unless the quotient
        // lies within 2^-52 (relative) of a midpoint between two f32s; a midpoint is
        // M / 2^j with M an odd 25-bit integer, so a quotient m / 10^k that is not one is at
        // least 1 / (10^k 2^j) from it, 1 / (10^k 2^25) relative: more than 2^-52 for k <= 7.
        // It is never one: it would need 5^k | m, and then m / 10^k has at most 24
        // significant bits (an f32, which the f64 error cannot move off).
        const RECIP10: [f64; 8] = [1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7];
        (mantissa <= 1 << 24 && frac_digits < RECIP10.len())
            .then(|| (exact_f64(mantissa) * RECIP10[frac_digits]) as f32)
    }
    #[inline]
    fn is_nan_value(self) -> bool {
        self.is_nan()
    }
}

impl CsvFloat for f64 {
    const NAN: Self = f64::NAN;
    #[inline]
    fn parse_str(s: &str) -> Option<Self> {
        s.parse().ok()
    }
    #[inline]
    fn from_decimal(mantissa: u64, frac_digits: usize) -> Option<Self> {
        // 2^53 and 10^22 (= 2^22 * 5^22, 5^22 < 2^53) are exact in f64.
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        (mantissa <= 1 << 53 && frac_digits < POW10.len())
            .then(|| exact_f64(mantissa) / POW10[frac_digits])
    }
    #[inline]
    fn is_nan_value(self) -> bool {
        self.is_nan()
    }
}

/// `m` (at most 2^53) as an `f64`. Below 2^52 it is built from its bits: `2^52 + m` has
/// `m` as its mantissa field, and subtracting 2^52 is exact. Unlike `m as f64`
/// (`cvtsi2sd`, which keeps the upper lane of its destination register), this starts no
/// dependency on the previous conversion, so that consecutive fields' arithmetic overlaps.
#[inline]
fn exact_f64(m: u64) -> f64 {
    const TWO_52: u64 = 1 << 52;
    if m < TWO_52 {
        f64::from_bits(0x4330_0000_0000_0000 | m) - TWO_52 as f64
    } else {
        m as f64
    }
}

/// Why a field is not a number.
pub(super) enum FieldError<'a> {
    NotUtf8,
    Missing(&'a str),
    NotNumber(&'a str),
}

/// Parses one trimmed field: a number, or why not. NaN written as text counts as missing.
#[inline]
pub(super) fn parse_field<T: CsvFloat>(bytes: &[u8]) -> std::result::Result<T, FieldError<'_>> {
    let s = std::str::from_utf8(bytes).map_err(|_| FieldError::NotUtf8)?;
    match T::parse_str(s) {
        Some(v) if !v.is_nan_value() => Ok(v),
        Some(_) => Err(FieldError::Missing(s)),
        None if s.is_empty() || MISSING.contains(&s) => Err(FieldError::Missing(s)),
        None => Err(FieldError::NotNumber(s)),
    }
}

/// A record with one field that is blank after trimming: a blank line (`csv` already skips
/// empty ones; this also skips lines of spaces).
fn is_blank(record: &ByteRecord) -> bool {
    record.len() == 1 && record[0].trim_ascii().is_empty()
}

/// Reads the next non-blank record into `record`; `false` at the end of the input.
fn next_record<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut ByteRecord,
    place: &Place<'_>,
) -> Result<bool> {
    loop {
        match reader.read_byte_record(record) {
            Ok(false) => return Ok(false),
            Ok(true) if is_blank(record) => continue,
            Ok(true) => return Ok(true),
            Err(e) => return Err(place.csv("read", &e)),
        }
    }
}

/// Remembers where the line breaks are in the bytes the `csv` reader has consumed, so that
/// an error can name the line a record starts on (`csv`'s own line count lags behind
/// blank lines and CRLF ends).
#[derive(Default)]
struct Lines {
    /// Line feeds before the first kept mark.
    dropped_lf: u64,
    /// Offsets of `\r` and `\n` bytes (`true` for `\n`) not yet dropped.
    marks: VecDeque<(u64, bool)>,
    /// Bytes seen so far.
    seen: u64,
}

impl Lines {
    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.marks.push_back((self.seen + i as u64, b == b'\n'));
            }
        }
        self.seen += bytes.len() as u64;
    }

    /// Forgets the marks before `offset` (keeping their count of line feeds).
    fn drop_before(&mut self, offset: u64) {
        while let Some(&(at, lf)) = self.marks.front() {
            if at >= offset {
                break;
            }
            self.dropped_lf += u64::from(lf);
            self.marks.pop_front();
        }
    }

    /// The 1-based line of the first byte at or after `offset` that is not a line break:
    /// where a record read from `offset` (after any blank lines) starts.
    fn line_at(&mut self, offset: u64) -> u64 {
        self.drop_before(offset);
        let blank_lf = (offset..)
            .zip(&self.marks)
            .take_while(|&(at, &(o, _))| o == at)
            .filter(|&(_, &(_, is_lf))| is_lf)
            .count();
        self.dropped_lf + blank_lf as u64 + 1
    }
}

/// A reader that records its line breaks in a shared [`Lines`].
struct Tracked<R> {
    inner: R,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines.borrow_mut().scan(&buf[..n]);
        Ok(n)
    }
}

/// The input without a leading UTF-8 byte-order mark.
fn skip_bom<R: Read>(mut reader: R, place: &Place<'_>) -> Result<impl Read> {
    let mut head = [0u8; 3];
    let mut n = 0;
    while n < head.len() {
        match reader.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(place.io("read", &e)),
        }
    }
    let start = if head[..n] == [0xEF, 0xBB, 0xBF] {
        n
    } else {
        0
    };
    Ok(io::Cursor::new(head[start..n].to_vec()).chain(reader))
}

/// Finds `column` among `names`, or an error naming it (`what` says which option asked).
fn resolve(column: &Column, names: &[String], what: &str, place: &Place<'_>) -> Result<usize> {
    match column {
        Column::Index(i) if *i < names.len() => Ok(*i),
        Column::Index(i) => Err(place.file(format!(
            "{what} index {i} is out of range: the file has {} columns",
            names.len()
        ))),
        Column::Name(n) => names.iter().position(|c| c == n).ok_or_else(|| {
            let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
            let more = if names.len() > 8 { ", ..." } else { "" };
            place.file(format!(
                "{what} {n:?} is not in the file (columns: {}{more})",
                shown.join(", ")
            ))
        }),
    }
}

fn read_typed<T: CsvFloat, R: Read>(
    reader: R,
    place: &Place<'_>,
    options: &CsvOptions,
    size: Option<u64>,
) -> Result<CsvData> {
    let lines = Rc::new(RefCell::new(Lines::default()));
    let input = Tracked {
        inner: skip_bom(reader, place)?,
        lines: Rc::clone(&lines),
    };
    let line_of = |record: &ByteRecord| {
        record
            .position()
            .map(|p| lines.borrow_mut().line_at(p.byte()))
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let mut record = ByteRecord::new();

    if !next_record(&mut reader, &mut record, place)? {
        return Err(place.file("the file is empty (no header and no data rows)"));
    }
    let width = record.len();
    let names: Vec<String> = if options.has_header {
        let line = line_of(&record);
        let names = record
            .iter()
            .enumerate()
            .map(|(i, f)| {
                std::str::from_utf8(f.trim_ascii())
                    .map(str::to_owned)
                    .map_err(|_| place.field(line, i, None, "the header is not valid UTF-8"))
            })
            .collect::<Result<Vec<_>>>()?;
        if !next_record(&mut reader, &mut record, place)? {
            return Err(place.file("the file has a header but no data rows"));
        }
        names
    } else {
        (0..width).map(|i| i.to_string()).collect()
    };

    let layout = Layout::new(names, options, place)?;
    let Layout {
        names,
        label,
        selected,
        unused,
    } = &layout;
    let (label, width) = (*label, names.len());
    let nfeat = selected.len();
    let mut values: Vec<T> = Vec::new();
    let mut codes: Vec<i64> = Vec::new();
    let mut class_ids: HashMap<String, i64> = HashMap::new();
    let mut class_names: Vec<String> = Vec::new();
    let mut rows = 0usize;
    let data_start = record.position().map_or(0, csv::Position::byte);
    let column_name = |i: usize| Some(names[i].as_str());

    loop {
        // Keep the line-break marks to the current record; on a well-formed file nothing
        // reads the line, so it is only computed for an error.
        if lines.borrow().marks.len() > 1 << 16 {
            let start = record.position().map_or(0, csv::Position::byte);
            lines.borrow_mut().drop_before(start);
        }
        let line = || line_of(&record);
        if record.len() != width {
            return Err(place.line(
                line(),
                format!("expected {width} fields, found {}", record.len()),
            ));
        }
        for &i in selected {
            match parse_field::<T>(record[i].trim_ascii()) {
                Ok(v) => values.push(v),
                Err(FieldError::Missing(_)) if options.allow_missing => values.push(T::NAN),
                Err(e) => return Err(field_error(place, line(), i, column_name(i), e)),
            }
        }
        if let Some(i) = label {
            let text = std::str::from_utf8(record[i].trim_ascii())
                .map_err(|_| field_error(place, line(), i, column_name(i), FieldError::NotUtf8))?;
            let code = match class_ids.get(text) {
                Some(&c) => c,
                None => {
                    let c = class_names.len() as i64;
                    class_ids.insert(text.to_owned(), c);
                    class_names.push(text.to_owned());
                    c
                }
            };
            codes.push(code);
        }
        for &i in unused {
            if std::str::from_utf8(&record[i]).is_err() {
                return Err(field_error(
                    place,
                    line(),
                    i,
                    column_name(i),
                    FieldError::NotUtf8,
                ));
            }
        }
        rows += 1;
        if rows == 64 {
            reserve_from_size(
                &mut values,
                size,
                data_start,
                reader.position().byte(),
                rows,
                nfeat,
            );
        }
        if !next_record(&mut reader, &mut record, place)? {
            break;
        }
    }

    let codes = label.map(|_| sort_classes(codes, class_names));
    layout.finish(values, rows, codes)
}

/// Which columns of a file are read, and how: resolved once from the header (or the
/// first row's width) and the options.
pub(super) struct Layout {
    /// Every column's name, in file order.
    pub(super) names: Vec<String>,
    /// The label column's position.
    pub(super) label: Option<usize>,
    /// The feature columns' positions, in output order.
    pub(super) selected: Vec<usize>,
    /// The columns read neither as features nor labels (still checked as UTF-8).
    pub(super) unused: Vec<usize>,
}

impl Layout {
    /// Resolves the options' columns and label against `names`.
    pub(super) fn new(names: Vec<String>, options: &CsvOptions, place: &Place<'_>) -> Result<Self> {
        let width = names.len();
        let label = match &options.label {
            Some(c) => Some(resolve(c, &names, "label column", place)?),
            None => None,
        };
        let selected: Vec<usize> = match &options.columns {
            Some(cols) => {
                let mut idx = Vec::with_capacity(cols.len());
                for c in cols {
                    let i = resolve(c, &names, "column", place)?;
                    if idx.contains(&i) {
                        return Err(place.file(format!("column {:?} is selected twice", names[i])));
                    }
                    if Some(i) == label {
                        return Err(place.file(format!(
                            "column {:?} is both a feature column and the label column",
                            names[i]
                        )));
                    }
                    idx.push(i);
                }
                idx
            }
            None => (0..width).filter(|&i| Some(i) != label).collect(),
        };
        let mut used = vec![false; width];
        for &i in selected.iter().chain(label.iter()) {
            used[i] = true;
        }
        let unused = (0..width).filter(|&i| !used[i]).collect();
        Ok(Layout {
            names,
            label,
            selected,
            unused,
        })
    }

    /// The loaded data: `values` row-major `[rows, selected.len()]`, and with a label
    /// column its sorted codes and classes.
    pub(super) fn finish<T: CsvFloat>(
        self,
        mut values: Vec<T>,
        rows: usize,
        codes: Option<(Vec<i64>, Vec<String>)>,
    ) -> Result<CsvData> {
        if values.capacity() > values.len() + values.len() / 8 {
            values.shrink_to_fit();
        }
        let features: DynTensor =
            TensorImpl::from_vec(values, &[rows, self.selected.len()], OP)?.into();
        let columns = self
            .selected
            .iter()
            .map(|&i| self.names[i].clone())
            .collect();
        let (labels, classes) = match codes {
            Some((codes, classes)) => {
                let n = codes.len();
                (Some(TensorImpl::from_vec(codes, &[n], OP)?.into()), classes)
            }
            None => (None, Vec::new()),
        };
        Ok(CsvData {
            features,
            columns,
            labels,
            classes,
            label_column: self.label.map(|i| self.names[i].clone()),
        })
    }
}

fn field_error(
    place: &Place<'_>,
    line: Option<u64>,
    index: usize,
    name: Option<&str>,
    err: FieldError<'_>,
) -> Error {
    let reason = match err {
        FieldError::NotUtf8 => "the field is not valid UTF-8".to_owned(),
        FieldError::Missing("") => {
            "empty field (a missing value; allow_missing reads it as NaN)".to_owned()
        }
        FieldError::Missing(s) => format!(
            "missing value {:?} (allow_missing reads it as NaN)",
            excerpt(s)
        ),
        FieldError::NotNumber(s) => format!("cannot parse {:?} as a number", excerpt(s)),
    };
    place.field(line, index, name, reason)
}

/// Reserves room for the rest of the file, estimated from the bytes per row so far, with a
/// 5% margin: one allocation instead of a doubling `Vec` that would briefly hold 3x the data.
pub(super) fn reserve_from_size<T>(
    values: &mut Vec<T>,
    size: Option<u64>,
    data_start: u64,
    pos: u64,
    rows: usize,
    nfeat: usize,
) {
    let Some(size) = size else { return };
    let used = pos.saturating_sub(data_start).max(1);
    let rest = size.saturating_sub(pos);
    let per_row = used as f64 / rows as f64;
    let more_rows = (rest as f64 / per_row * 1.05) as usize + 1;
    if let Some(n) = more_rows.checked_mul(nfeat) {
        // A failed reservation only means the Vec grows as usual.
        let _ = values.try_reserve_exact(n);
    }
}

/// Renumbers first-appearance codes so that classes are in sorted order: numerically when
/// every class is a number, else by text.
fn sort_classes(mut codes: Vec<i64>, classes: Vec<String>) -> (Vec<i64>, Vec<String>) {
    let numeric: Option<Vec<f64>> = classes.iter().map(|c| c.parse::<f64>().ok()).collect();
    let mut order: Vec<usize> = (0..classes.len()).collect();
    match &numeric {
        Some(v) => order.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then(classes[a].cmp(&classes[b]))),
        None => order.sort_by(|&a, &b| classes[a].cmp(&classes[b])),
    }
    let mut new_code = vec![0i64; classes.len()];
    for (new, &old) in order.iter().enumerate() {
        new_code[old] = new as i64;
    }
    for c in &mut codes {
        *c = new_code[*c as usize];
    }
    let mut slots: Vec<Option<String>> = classes.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .map(|&i| {
            slots[i]
                .take()
                .expect("each class index appears once in the order")
        })
        .collect();
    (codes, sorted)
}
