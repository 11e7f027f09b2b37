//! Where a CSV error happened: the op, the file, and helpers that build an [`Error::Csv`]
//! naming the line, field and column.

use crate::error::Error;

/// The op and the source name shared by every error of one load or save.
pub(crate) struct Place<'a> {
    pub(crate) op: &'static str,
    pub(crate) path: &'a str,
}

impl Place<'_> {
    /// An error about the whole file (it cannot be opened, it is empty, ...).
    pub(crate) fn file(&self, reason: impl Into<String>) -> Error {
        self.at(None, None, None, reason)
    }

    /// An error about one line (a ragged row, unreadable bytes).
    pub(crate) fn line(&self, line: Option<u64>, reason: impl Into<String>) -> Error {
        self.at(line, None, None, reason)
    }

    /// An error about one field: `index` is the 0-based column position, `name` its name.
    pub(crate) fn field(
        &self,
        line: Option<u64>,
        index: usize,
        name: Option<&str>,
        reason: impl Into<String>,
    ) -> Error {
        self.at(line, Some(index + 1), name.map(str::to_owned), reason)
    }

    fn at(
        &self,
        line: Option<u64>,
        field: Option<usize>,
        column: Option<String>,
        reason: impl Into<String>,
    ) -> Error {
        Error::Csv {
            op: self.op,
            path: self.path.to_owned(),
            line,
            field,
            column,
            reason: reason.into(),
        }
    }

    /// An [`Error::Io`]: `action` ("open", "read", "create", "write") on the file failed.
    pub(crate) fn io(&self, action: &str, err: &std::io::Error) -> Error {
        Error::Io {
            op: self.op,
            path: self.path.to_owned(),
            kind: err.kind(),
            reason: format!("cannot {action}: {err}"),
        }
    }

    /// A `csv` crate error: I/O while reading or writing (`action`) is an [`Error::Io`];
    /// anything else an [`Error::Csv`] at the position it reports.
    pub(crate) fn csv(&self, action: &str, err: &csv::Error) -> Error {
        match err.kind() {
            csv::ErrorKind::Io(e) => self.io(action, e),
            _ => self.line(err.position().map(csv::Position::line), err.to_string()),
        }
    }
}

/// `text` shortened to at most 40 characters for an error message.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_line_field_and_column() {
        let p = Place {
            op: "load_csv",
            path: "digits.csv",
        };
        assert_eq!(
            p.field(
                Some(12),
                2,
                Some("pixel_2"),
                "cannot parse \"abc\" as a number"
            )
            .to_string(),
            "load_csv: digits.csv:12:3 (column \"pixel_2\"): cannot parse \"abc\" as a number"
        );
        assert_eq!(
            p.line(Some(4), "expected 5 fields, found 3").to_string(),
            "load_csv: digits.csv:4: expected 5 fields, found 3"
        );
        assert_eq!(
            p.file("the file is empty").to_string(),
            "load_csv: digits.csv: the file is empty"
        );
    }

    #[test]
    fn excerpt_cuts_long_text_on_a_char_boundary() {
        assert_eq!(excerpt("abc"), "abc");
        let long = "é".repeat(50);
        assert_eq!(excerpt(&long), format!("{}...", "é".repeat(40)));
    }
}
