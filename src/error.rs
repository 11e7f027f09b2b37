//! The one error type of rusttorch.
//!
//! Every failure a caller can cause returns an [`Error`] that names the op and prints the
//! shapes involved as `[2, 3]`. Panics are reserved for bugs in rusttorch itself.

use std::fmt;

use crate::dtype::DType;

/// A shape as printed in error messages: `[2, 3]`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShapeVec(pub Vec<usize>);

impl From<&[usize]> for ShapeVec {
    fn from(dims: &[usize]) -> Self {
        ShapeVec(dims.to_vec())
    }
}

impl fmt::Display for ShapeVec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl fmt::Debug for ShapeVec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Everything that can go wrong in a rusttorch call the caller made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two shapes cannot be broadcast together (NumPy rules: trailing dims equal or 1).
    #[error("{op}: shapes {lhs} and {rhs} cannot be broadcast together")]
    Broadcast {
        /// The op that was called.
        op: &'static str,
        /// Shape of the left operand.
        lhs: ShapeVec,
        /// Shape of the right operand.
        rhs: ShapeVec,
    },
    /// Two shapes that must agree under the op's rule do not.
    #[error("{op}: shapes {lhs} and {rhs} do not match ({rule})")]
    ShapeMismatch {
        /// The op that was called.
        op: &'static str,
        /// Shape of the first operand.
        lhs: ShapeVec,
        /// Shape of the second operand.
        rhs: ShapeVec,
        /// The rule that was broken, e.g. "inner dims 3 and 4 differ".
        rule: String,
    },
    /// A dim index outside `-ndim..ndim`.
    #[error("{op}: dim {dim} is out of range for a tensor of shape {shape} (expected {range})")]
    DimOutOfRange {
        /// The op that was called.
        op: &'static str,
        /// The dim the caller passed.
        dim: isize,
        /// The shape of the tensor.
        shape: ShapeVec,
        /// The accepted range, e.g. "-2..2".
        range: String,
    },
    /// An index outside a dim's extent.
    #[error("{op}: index {index} is out of range for dim {dim} of size {size} in shape {shape}")]
    IndexOutOfRange {
        /// The op that was called.
        op: &'static str,
        /// The index the caller passed.
        index: i64,
        /// The dim it indexes.
        dim: usize,
        /// The size of that dim.
        size: usize,
        /// The shape of the tensor.
        shape: ShapeVec,
    },
    /// A buffer whose length does not match the element count of the requested shape.
    #[error("{op}: {len} elements cannot fill shape {shape} ({numel} elements)")]
    LengthMismatch {
        /// The op that was called.
        op: &'static str,
        /// Length of the data.
        len: usize,
        /// Requested shape.
        shape: ShapeVec,
        /// Element count of the requested shape.
        numel: usize,
    },
    /// A reshape or view to a shape with another element count, or a view the strides forbid.
    #[error("{op}: cannot view shape {from} as {to:?}{}", reason_suffix(.reason))]
    InvalidReshape {
        /// The op that was called.
        op: &'static str,
        /// The tensor's shape.
        from: ShapeVec,
        /// The requested shape (with any `-1` shown as given).
        to: Vec<isize>,
        /// Why, when it is not the element count.
        reason: String,
    },
    /// An op that is undefined on empty input, such as `max` of nothing.
    #[error("{op}: undefined on an empty tensor of shape {shape}")]
    Empty {
        /// The op that was called.
        op: &'static str,
        /// The empty shape.
        shape: ShapeVec,
    },
    /// A dtype the op does not support.
    #[error("{op}: expected {expected} tensor, got {got}")]
    DType {
        /// The op that was called.
        op: &'static str,
        /// What the op accepts, e.g. "a floating-point".
        expected: &'static str,
        /// The dtype that was passed.
        got: DType,
    },
    /// A shape whose element count (or byte size) overflows `usize`.
    #[error("{op}: the element count of shape {shape} overflows usize")]
    Overflow {
        /// The op that was called.
        op: &'static str,
        /// The shape.
        shape: ShapeVec,
    },
    /// The system could not provide a buffer of the requested size.
    #[error("{op}: cannot allocate {bytes} bytes")]
    Alloc {
        /// The op that was called.
        op: &'static str,
        /// The requested size.
        bytes: usize,
    },
    /// A tensor crossing into the typed face whose shape does not fit the static shape type.
    #[error("{op}: a tensor of shape {got} does not fit the shape type `{expected}`")]
    StaticShape {
        /// The op that was called.
        op: &'static str,
        /// The shape type, e.g. `(usize, Const<64>)`.
        expected: String,
        /// The tensor's shape.
        got: ShapeVec,
    },
    /// A misuse of autograd: backward through a freed graph, on a non-scalar, on a tensor
    /// that does not require grad; or a gradient check that failed.
    #[error("{op}: {reason}")]
    Autograd {
        /// The op that was called.
        op: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// An argument outside the values the op accepts.
    #[error("{op}: invalid {arg}: {reason}")]
    InvalidArgument {
        /// The op that was called.
        op: &'static str,
        /// The argument's name.
        arg: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A file that cannot be opened, read or written: the message names the op, the path
    /// and what failed (`load_csv: data/x.csv: cannot open: No such file or directory (os
    /// error 2)`); `kind` is the operating system's reason, so callers (and the Python
    /// bindings, which raise the matching `OSError` subclass) can tell a missing file from
    /// a permission problem.
    #[error("{op}: {path}: {reason}")]
    Io {
        /// The op that was called.
        op: &'static str,
        /// The file, as the caller named it.
        path: String,
        /// The kind of the underlying I/O error (`NotFound`, `PermissionDenied`, ...).
        kind: std::io::ErrorKind,
        /// What failed and why, e.g. "cannot open: No such file or directory (os error 2)".
        reason: String,
    },
    /// A CSV file that cannot be parsed, at a place in the file: `path:line:field`
    /// (1-based, where known) and the column's name.
    #[error("{op}: {path}{}{}{}: {reason}", place_suffix(*.line), place_suffix(.field.map(|f| f as u64)), column_suffix(.column))]
    Csv {
        /// The op that was called.
        op: &'static str,
        /// The file, as the caller named it.
        path: String,
        /// 1-based line number, where the problem is on a line.
        line: Option<u64>,
        /// 1-based field number on that line, where the problem is in a field.
        field: Option<usize>,
        /// The column's name (the header's, or its 0-based index without a header).
        column: Option<String>,
        /// What is wrong.
        reason: String,
    },
}

fn place_suffix(n: Option<u64>) -> String {
    n.map_or_else(String::new, |n| format!(":{n}"))
}

fn column_suffix(column: &Option<String>) -> String {
    column
        .as_ref()
        .map_or_else(String::new, |c| format!(" (column {c:?})"))
}

fn reason_suffix(reason: &str) -> String {
    if reason.is_empty() {
        String::new()
    } else {
        format!(" ({reason})")
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn broadcast(op: &'static str, lhs: &[usize], rhs: &[usize]) -> Self {
        Error::Broadcast {
            op,
            lhs: lhs.into(),
            rhs: rhs.into(),
        }
    }

    pub(crate) fn mismatch(
        op: &'static str,
        lhs: &[usize],
        rhs: &[usize],
        rule: impl Into<String>,
    ) -> Self {
        Error::ShapeMismatch {
            op,
            lhs: lhs.into(),
            rhs: rhs.into(),
            rule: rule.into(),
        }
    }

    pub(crate) fn invalid(op: &'static str, arg: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            op,
            arg,
            reason: reason.into(),
        }
    }

    pub(crate) fn dtype(op: &'static str, expected: &'static str, got: DType) -> Self {
        Error::DType { op, expected, got }
    }
}
