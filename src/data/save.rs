//! [`save_csv`]: a rank-1 or rank-2 tensor out as CSV text that [`load_csv`](super::load_csv)
//! reads back to the same values.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::context::Place;
use super::load::check_delimiter;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::tensor_impl::TensorImpl;

const OP: &str = "save_csv";

/// Writes a `[rows, cols]` tensor (or a `[rows]` tensor as one column) to a CSV file, one
/// row per line, with an optional header row.
///
/// Floats are written in the shortest form that parses back to the same bits (Rust's
/// `Display`: `0.1`, `1e-7` as `0.0000001`, `inf`, `-0`), so [`load_csv`](super::load_csv)
/// with the same dtype reads back the same values exactly; NaN is written as `NaN`, which
/// reads back as NaN with [`allow_missing`](super::CsvOptions::allow_missing). Integers
/// are written as integers and `bool` as `1`/`0` (pandas writes `True`/`False`, which a
/// numeric loader cannot read). Header names with the delimiter, quotes or line breaks are
/// quoted (RFC 4180). Lines end in `\n`.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, data::{load_csv, save_csv}};
/// let path = std::env::temp_dir().join(format!("rusttorch_doc_save_{}.csv", std::process::id()));
/// let t = DynTensor::from_vec(vec![0.1f32, -2.5, 1e-7, 3.0], &[2, 2])?;
/// save_csv(&t, &path, Some(&["a", "b"]), b',')?;
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n0.1,-2.5\n0.0000001,3\n");
/// let back = load_csv(&path, true, b',')?;
/// assert_eq!(back.features.to_vec::<f32>()?, t.to_vec::<f32>()?);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a tensor that is not rank 1 or 2, a rank-2 tensor with
/// zero columns, a header whose length is not the column count, or a delimiter that is a
/// quote or a line break; [`Error::Io`] naming the path if the file cannot be created or
/// written.
pub fn save_csv(
    tensor: &DynTensor,
    path: impl AsRef<Path>,
    header: Option<&[&str]>,
    delimiter: u8,
) -> Result<()> {
    check_delimiter(delimiter, OP)?;
    let cols = match *tensor.shape() {
        [_] => 1,
        [_, 0] => {
            return Err(Error::invalid(
                OP,
                "tensor",
                format!(
                    "a tensor of shape {:?} has no columns to write",
                    tensor.shape()
                ),
            ));
        }
        [_, c] => c,
        ref s => {
            return Err(Error::invalid(
                OP,
                "tensor",
                format!("expected a rank-1 or rank-2 tensor, got shape {s:?}"),
            ));
        }
    };
    if let Some(h) = header
        && h.len() != cols
    {
        return Err(Error::invalid(
            OP,
            "header",
            format!(
                "{} names for a tensor of shape {:?} ({cols} columns)",
                h.len(),
                tensor.shape()
            ),
        ));
    }
    let path = path.as_ref();
    let name = path.display().to_string();
    let place = Place {
        op: OP,
        path: &name,
    };
    let file = File::create(path).map_err(|e| place.io("create", &e))?;
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(BufWriter::with_capacity(1 << 16, file));
    let io_err = |e: csv::Error| place.csv("write", &e);
    if let Some(h) = header {
        out.write_record(h).map_err(io_err)?;
    }
    with_any!(tensor, t => write_rows(t, cols, &mut out).map_err(io_err)?);
    let inner = out.into_inner().map_err(|e| place.io("write", e.error()))?;
    inner
        .into_inner()
        .map_err(|e| place.io("write", e.error()))?
        .sync_all()
        .map_err(|e| place.io("write", &e))
}

/// Formats each element with [`CsvText`] into reused buffers, one record per row.
fn write_rows<T: CsvText, W: Write>(
    t: &TensorImpl<T>,
    cols: usize,
    out: &mut csv::Writer<W>,
) -> std::result::Result<(), csv::Error> {
    let values = t.to_vec();
    let mut text = String::new();
    let mut record = csv::ByteRecord::with_capacity(cols * 12, cols);
    for row in values.chunks(cols) {
        record.clear();
        for &v in row {
            text.clear();
            v.write_text(&mut text);
            record.push_field(text.as_bytes());
        }
        out.write_byte_record(&record)?;
    }
    Ok(())
}

/// How an element is written: `Display` (shortest round-trip for floats), `bool` as 1/0.
trait CsvText: Element {
    fn write_text(self, out: &mut String);
}

macro_rules! display_text {
    ($($t:ty),*) => {$(
        impl CsvText for $t {
            fn write_text(self, out: &mut String) {
                write!(out, "{self}").expect("writing to a String cannot fail");
            }
        }
    )*};
}
display_text!(i32, i64, f32, f64);

impl CsvText for bool {
    fn write_text(self, out: &mut String) {
        out.push(if self { '1' } else { '0' });
    }
}
