//! The parallel path of [`load_csv_with`](super::load_csv_with) for plain numeric files.
//!
//! The file is read in blocks of a few MiB; each block is cut at line breaks into pieces
//! that the rayon pool parses at once, each into its own buffer, which are then appended to
//! the output in order. So the peak memory is the output plus one block and its pieces'
//! values. A record cannot span two pieces only if no field is quoted, so this path takes
//! only files without a quote byte (nor a lone `\r`, which `csv` reads as a line end but
//! which would shift the line count). Numbers of the form `-12.3456` are parsed in place
//! by [`CsvFloat::from_decimal`]; any other field goes through the sequential path's
//! [`parse_field`].
//!
//! Whatever this path does not handle, from a quote byte to a field that is not a number,
//! makes it give up (`Ok(None)`): the caller then reads the file again from the start on
//! the sequential path, which so reports every error with the same line, column and
//! message whichever path met it first.

use std::io::{self, Read};

use rayon::prelude::*;

use super::context::Place;
use super::load::{CsvData, CsvFloat, FieldError, Layout, parse_field, reserve_from_size};
use super::options::CsvOptions;
use crate::error::Result;

/// Bytes read per block: 16 pieces to spread over the pool.
const BLOCK: usize = 8 << 20;
/// Bytes per piece, about: big enough that a piece's set-up cost is nothing.
const PIECE: usize = 512 << 10;

/// Reads `reader` as [`read_with`] does, with the default block and piece sizes.
pub(super) fn read<T: CsvFloat, R: Read>(
    reader: R,
    place: &Place<'_>,
    options: &CsvOptions,
    size: Option<u64>,
) -> Result<Option<CsvData>> {
    read_with::<T, R>(reader, place, options, size, BLOCK, PIECE)
}

/// The loaded data, or `None` where the file needs the sequential path (see the module
/// docs). An error only for a failed read.
pub(super) fn read_with<T: CsvFloat, R: Read>(
    mut reader: R,
    place: &Place<'_>,
    options: &CsvOptions,
    size: Option<u64>,
    block: usize,
    piece: usize,
) -> Result<Option<CsvData>> {
    if options.label.is_some() {
        return Ok(None);
    }
    // `buf[..filled]` holds the bytes read and not yet parsed.
    let mut buf = vec![0u8; block];
    let (mut filled, mut eof) = fill(&mut reader, &mut buf, 0).map_err(|e| place.io("read", &e))?;
    let bom = if buf[..filled].starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let delim = options.delimiter;
    let Some((first, after_first)) = first_record(&buf[..filled], bom, delim, eof) else {
        return Ok(None);
    };
    let width = first.split(|&b| b == delim).count();
    let (names, data_start) = if options.has_header {
        let names: Option<Vec<String>> = first
            .split(|&b| b == delim)
            .map(|f| std::str::from_utf8(f.trim_ascii()).ok().map(str::to_owned))
            .collect();
        match names {
            Some(names) => (names, after_first),
            None => return Ok(None),
        }
    } else {
        ((0..width).map(|i| i.to_string()).collect(), bom)
    };
    let Ok(layout) = Layout::new(names, options, place) else {
        return Ok(None);
    };
    let shape = Shape::new(&layout, delim, options.allow_missing);

    let mut values: Vec<T> = Vec::new();
    let mut pool: Vec<Vec<T>> = Vec::new();
    let mut rows = 0usize;
    // Bytes of the file before `buf[0]`.
    let mut base = 0u64;
    let mut start = data_start;
    loop {
        // The complete lines of the block; at the end of the file, all of it.
        let end = if eof {
            filled
        } else {
            match buf[start..filled].iter().rposition(|&b| b == b'\n') {
                Some(i) => start + i + 1,
                None => start,
            }
        };
        let cuts = cut(&buf[start..end], piece);
        if pool.len() < cuts.len() {
            pool.resize_with(cuts.len(), Vec::new);
        }
        let text = &buf[start..end];
        let parsed: Option<usize> = cuts
            .par_iter()
            .zip(pool[..cuts.len()].par_iter_mut())
            .map(|(&(a, b), out)| shape.parse(&text[a..b], out))
            .sum();
        let Some(block_rows) = parsed else {
            return Ok(None);
        };
        for out in &pool[..cuts.len()] {
            values.extend_from_slice(out);
        }
        if rows == 0 && block_rows > 0 {
            let first_data = base + data_start as u64;
            let consumed = base + end as u64;
            reserve_from_size(
                &mut values,
                size,
                first_data,
                consumed,
                block_rows,
                shape.nfeat,
            );
        }
        rows += block_rows;
        if eof {
            break;
        }
        // Keep the unfinished line; a line longer than the block makes the block grow.
        buf.copy_within(end..filled, 0);
        base += end as u64;
        filled -= end;
        start = 0;
        if filled == buf.len() {
            buf.resize(buf.len() + block, 0);
        }
        (filled, eof) = fill(&mut reader, &mut buf, filled).map_err(|e| place.io("read", &e))?;
    }
    if rows == 0 {
        return Ok(None);
    }
    layout.finish(values, rows, None).map(Some)
}

/// Reads into `buf[filled..]` until it is full or the input ends: the bytes now held, and
/// whether the input ended.
fn fill<R: Read>(reader: &mut R, buf: &mut [u8], mut filled: usize) -> io::Result<(usize, bool)> {
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => return Ok((filled, true)),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((filled, false))
}

/// The first non-blank line after `from` (without its line end) and where the next line
/// starts; `None` if there is none, it is not complete in `buf`, or it holds a quote or a
/// lone `\r`.
fn first_record(buf: &[u8], from: usize, delim: u8, eof: bool) -> Option<(&[u8], usize)> {
    let mut at = from;
    while at < buf.len() {
        let (line, next) = match buf[at..].iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[at..at + i], at + i + 1),
            None if eof => (&buf[at..], buf.len()),
            None => return None,
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().any(|&b| b == b'"' || b == b'\r') {
            return None;
        }
        if line.contains(&delim) || !line.trim_ascii().is_empty() {
            return Some((line, next));
        }
        at = next;
    }
    None
}

/// Cuts `text` into pieces of about `piece` bytes, each ending just after a `\n` (the
/// last one where `text` ends).
fn cut(text: &[u8], piece: usize) -> Vec<(usize, usize)> {
    let mut cuts = Vec::with_capacity(text.len() / piece + 1);
    let mut a = 0;
    while a < text.len() {
        let b = match text
            .get(a + piece..)
            .and_then(|t| t.iter().position(|&c| c == b'\n'))
        {
            Some(i) => a + piece + i + 1,
            None => text.len(),
        };
        cuts.push((a, b));
        a = b;
    }
    cuts
}

/// How a record is laid out, shared by the pieces' parsers.
struct Shape {
    delim: u8,
    allow_missing: bool,
    /// For each column of the file, its position in the output row, or `None` if unused.
    slot: Vec<Option<usize>>,
    /// Features per row.
    nfeat: usize,
}

/// What ends a field.
enum End {
    /// The delimiter: another field follows.
    Field,
    /// A line end (or the end of the text); the next record starts at the index given.
    Line(usize),
}

impl Shape {
    fn new(layout: &Layout, delim: u8, allow_missing: bool) -> Self {
        let mut slot = vec![None; layout.names.len()];
        for (k, &i) in layout.selected.iter().enumerate() {
            slot[i] = Some(k);
        }
        Shape {
            delim,
            allow_missing,
            slot,
            nfeat: layout.selected.len(),
        }
    }

    /// Parses the records of `text` (whole lines) into `out`, which it clears first; the
    /// number of rows, or `None` if something needs the sequential path.
    fn parse<T: CsvFloat>(&self, text: &[u8], out: &mut Vec<T>) -> Option<usize> {
        out.clear();
        // About 9 bytes per field in a typical file; a wrong guess only costs a regrowth.
        out.reserve(text.len() / 9 + self.nfeat);
        let width = self.slot.len();
        let mut row = vec![T::NAN; self.nfeat];
        let mut rows = 0;
        let mut pos = 0;
        'lines: while pos < text.len() {
            if let Some(next) = self.parse_plain_row(text, pos, &mut row) {
                out.extend_from_slice(&row);
                rows += 1;
                pos = next;
                continue;
            }
            let mut col = 0;
            loop {
                let slot = self.slot[col];
                let (end, value) = match slot.and_then(|_| parse_number::<T>(text, pos)) {
                    Some((v, e)) if self.ends_field(text, e) => (e, Some(v)),
                    _ => (self.field_end(text, pos)?, None),
                };
                let next = match self.end_kind(text, end)? {
                    End::Line(next) => Some(next),
                    End::Field => None,
                };
                if value.is_none() {
                    let field = &text[pos..end];
                    if col == 0 && next.is_some() && field.trim_ascii().is_empty() {
                        // A blank line.
                        pos = next.unwrap_or(end);
                        continue 'lines;
                    }
                    match slot {
                        Some(k) => row[k] = self.parse_slow(field)?,
                        None => {
                            std::str::from_utf8(field).ok()?;
                        }
                    }
                } else if let (Some(k), Some(v)) = (slot, value) {
                    row[k] = v;
                }
                col += 1;
                match next {
                    None if col < width => pos = end + 1,
                    Some(n) if col == width => {
                        pos = n;
                        break;
                    }
                    // Too many or too few fields.
                    _ => return None,
                }
            }
            out.extend_from_slice(&row);
            rows += 1;
        }
        Some(rows)
    }

    /// The row at `text[pos..]` when it is the common case: every column a feature and
    /// every field a number [`parse_number`] takes, ended by the delimiter or, for the last,
    /// a line end. The index after the row, or `None` for the general parser to redo it.
    #[inline]
    fn parse_plain_row<T: CsvFloat>(
        &self,
        text: &[u8],
        mut pos: usize,
        row: &mut [T],
    ) -> Option<usize> {
        let last = self.slot.len() - 1;
        for (col, &slot) in self.slot.iter().enumerate() {
            let (v, end) = parse_number::<T>(text, pos)?;
            row[slot?] = v;
            let b = *text.get(end)?;
            pos = if col < last && b == self.delim || col == last && b == b'\n' {
                end + 1
            } else if col == last && b == b'\r' && text.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                return None;
            };
        }
        Some(pos)
    }

    /// Whether the byte at `at` can end a field (the fast parser stopped there).
    #[inline]
    fn ends_field(&self, text: &[u8], at: usize) -> bool {
        match text.get(at) {
            None => true,
            Some(&b) => b == self.delim || b == b'\n' || b == b'\r',
        }
    }

    /// Where the field starting at `pos` ends; `None` at a quote.
    fn field_end(&self, text: &[u8], pos: usize) -> Option<usize> {
        let rest = &text[pos..];
        let n = rest
            .iter()
            .position(|&b| b == self.delim || b == b'\n' || b == b'\r' || b == b'"')
            .unwrap_or(rest.len());
        (rest.get(n) != Some(&b'"')).then_some(pos + n)
    }

    /// What the byte at `at` (a delimiter or a line end) ends; `None` for a lone `\r`.
    #[inline]
    fn end_kind(&self, text: &[u8], at: usize) -> Option<End> {
        match text.get(at) {
            None => Some(End::Line(at)),
            Some(b'\n') => Some(End::Line(at + 1)),
            Some(b'\r') if text.get(at + 1) == Some(&b'\n') => Some(End::Line(at + 2)),
            Some(b'\r') => None,
            Some(_) => Some(End::Field),
        }
    }

    /// A field the fast parser did not take, as the sequential path reads it.
    fn parse_slow<T: CsvFloat>(&self, field: &[u8]) -> Option<T> {
        match parse_field::<T>(field.trim_ascii()) {
            Ok(v) => Some(v),
            Err(FieldError::Missing(_)) if self.allow_missing => Some(T::NAN),
            Err(_) => None,
        }
    }
}

/// Parses `[-]digits[.digits]` (at least one digit) at `text[pos..]` when
/// [`CsvFloat::from_decimal`] gives its correctly rounded value: the value and the index
/// after the number. A `+` sign and other forms are left to the slow path.
#[inline(always)]
fn parse_number<T: CsvFloat>(text: &[u8], pos: usize) -> Option<(T, usize)> {
    let neg = text.get(pos) == Some(&b'-');
    let pos = pos + usize::from(neg);
    let swar = text.get(pos..pos + 16).and_then(decimal_swar);
    let (mantissa, frac_digits, end) = match swar {
        Some((m, f, n)) => (m, f, pos + n),
        None => decimal_bytes(text, pos)?,
    };
    let v = T::from_decimal(mantissa, frac_digits)?;
    Some((if neg { -v } else { v }, end))
}

/// `digits[.digits]` at the start of `window` with at most 7 digits on each side, read 8
/// bytes at a time: the mantissa, the fraction digits and the bytes used.
#[inline(always)]
fn decimal_swar(window: &[u8]) -> Option<(u64, usize, usize)> {
    let word =
        |at: usize| u64::from_le_bytes(window[at..at + 8].try_into().expect("an 8-byte slice"));
    let (int, int_digits) = digit_run(word(0))?;
    let (frac, frac_digits, used) = if window[int_digits] == b'.' {
        let (frac, n) = digit_run(word(int_digits + 1))?;
        (frac, n, int_digits + 1 + n)
    } else {
        (0, 0, int_digits)
    };
    if int_digits + frac_digits == 0 {
        return None;
    }
    Some((int * POW10[frac_digits] + frac, frac_digits, used))
}

/// 10^0 .. 10^7.
const POW10: [u64; 8] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/// The value and length of the run of ASCII digits that starts `word` (bytes in memory
/// order); `None` if all 8 bytes are digits (a longer number, for the byte-wise parser).
#[inline]
fn digit_run(word: u64) -> Option<(u64, usize)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let d = word.wrapping_sub(ONES * b'0' as u64);
    // A byte is a digit iff `d`'s byte is below 10: its high nibble is zero and adding 6
    // does not carry into it. Each byte's test stays within the byte (no borrow or carry
    // crosses a byte boundary once the high nibble is known to be zero in both).
    let high = (d | d.wrapping_add(ONES * 6)) & (ONES * 0xF0);
    // `high` can be wrong in bytes after the first non-digit (a borrow from it), never
    // before, so only the first flagged byte is used.
    if high == 0 {
        return None;
    }
    let n = (high.trailing_zeros() / 8) as usize;
    // The digits moved to the top bytes, zero bytes (digit 0) below them.
    let digits = if n == 0 { 0 } else { d << (64 - 8 * n) };
    Some((eight_digits(digits), n))
}

/// The number written by 8 digit values 0..9, one per byte, the first in the low byte.
#[inline]
fn eight_digits(d: u64) -> u64 {
    // Pairs, then quads, then the eight (the well-known SWAR reduction).
    let d = d.wrapping_mul(10).wrapping_add(d >> 8);
    let lo = (d & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32));
    let hi = ((d >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32));
    lo.wrapping_add(hi) >> 32
}

/// [`decimal_swar`] byte by byte, for the last bytes of a piece and long numbers: up to 19
/// digits in all.
fn decimal_bytes(text: &[u8], pos: usize) -> Option<(u64, usize, usize)> {
    let mut mantissa = 0u64;
    let (pos, int_digits) = digits(text, pos, &mut mantissa);
    let (pos, frac_digits) = match text.get(pos) {
        Some(b'.') => digits(text, pos + 1, &mut mantissa),
        _ => (pos, 0),
    };
    // Up to 19 digits cannot overflow a u64.
    let n = int_digits + frac_digits;
    (n > 0 && n <= 19).then_some((mantissa, frac_digits, pos))
}

/// Accumulates the decimal digits at `text[pos..]` into `mantissa` (wrapping: the caller
/// rejects more than 19 digits); the index after them and their count.
#[inline]
fn digits(text: &[u8], mut pos: usize, mantissa: &mut u64) -> (usize, usize) {
    let start = pos;
    while let Some(&b) = text.get(pos) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        pos += 1;
    }
    (pos, pos - start)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::DType;
    use crate::data::read_csv;
    use crate::data::tests::{TempFile, apply_edits};

    const PLACE: Place<'static> = Place {
        op: "load_csv",
        path: "t.csv",
    };

    /// The parallel path with tiny blocks and pieces, so that lines cross blocks and
    /// pieces; `None` where it hands the input to the sequential path.
    fn parallel(bytes: &[u8], opts: &CsvOptions) -> Option<CsvData> {
        let size = Some(bytes.len() as u64);
        match opts.get_dtype() {
            DType::Float64 => read_with::<f64, _>(bytes, &PLACE, opts, size, 16, 5),
            _ => read_with::<f32, _>(bytes, &PLACE, opts, size, 16, 5),
        }
        .expect("reading a slice cannot fail")
    }

    fn bits(d: &CsvData) -> Vec<u64> {
        match d.features.dtype() {
            DType::Float64 => d
                .features
                .to_vec::<f64>()
                .unwrap()
                .iter()
                .map(|x| x.to_bits())
                .collect(),
            _ => d
                .features
                .to_vec::<f32>()
                .unwrap()
                .iter()
                .map(|x| u64::from(x.to_bits()))
                .collect(),
        }
    }

    /// Checks that the parallel path gives the sequential path's data or hands over, and
    /// that `load_csv_with` on a file gives the same data or error text as `read_csv`;
    /// whether the parallel path took the input.
    fn same_as_sequential(bytes: &[u8], opts: &CsvOptions) -> bool {
        let seq = read_csv(bytes, "t.csv", opts);
        let par = parallel(bytes, opts);
        match (&seq, &par) {
            (Ok(s), Some(p)) => {
                assert_eq!(
                    s.features.shape(),
                    p.features.shape(),
                    "{:?}",
                    String::from_utf8_lossy(bytes)
                );
                assert_eq!(bits(s), bits(p), "{:?}", String::from_utf8_lossy(bytes));
                assert_eq!(s.columns, p.columns);
            }
            (Err(e), Some(_)) => panic!(
                "sequential error {e}, parallel ok: {:?}",
                String::from_utf8_lossy(bytes)
            ),
            (_, None) => {}
        }
        let f = TempFile::new(bytes);
        let via_file = crate::data::load_csv_with(&f.0, opts);
        match (&seq, &via_file) {
            (Ok(s), Ok(p)) => assert_eq!(bits(s), bits(p)),
            (Err(s), Err(p)) => assert_eq!(
                s.to_string().replace("t.csv", ""),
                p.to_string().replace(&f.0.display().to_string(), "")
            ),
            _ => panic!(
                "file and reader disagree: {:?} {:?}",
                seq.is_ok(),
                via_file.is_ok()
            ),
        }
        par.is_some()
    }

    #[test]
    fn plain_numeric_files_take_the_parallel_path_with_the_same_values() {
        let def = CsvOptions::default;
        let text =
            "a,b,c\n1.5,-2.25,3\n-0.0,+4,.5\n\n  \n6.,7e2, 8 \r\n0.1234567,-99.9999,12345678.9\n";
        assert!(same_as_sequential(text.as_bytes(), &def()));
        assert!(same_as_sequential(
            text.as_bytes(),
            &def().dtype(DType::Float64)
        ));
        assert!(same_as_sequential(
            text.as_bytes(),
            &def().columns(["c", "a"])
        ));
        assert!(same_as_sequential(
            b"\xEF\xBB\xBF1,2\n3,4",
            &def().has_header(false)
        ));
        assert!(same_as_sequential(b"x\n1\n\n2\n", &def()));
        assert!(same_as_sequential(
            b"a,b\n1,NA\n,2\n",
            &def().allow_missing(true)
        ));
        assert!(same_as_sequential(b"a,b\n1,inf\n-Infinity,1e-50\n", &def()));
        // A long line crosses several 16-byte blocks.
        let long = format!("a,b\n{},1\n", "1".repeat(60));
        assert!(same_as_sequential(long.as_bytes(), &def()));
    }

    #[test]
    fn quotes_lone_cr_labels_and_errors_go_to_the_sequential_path() {
        let def = CsvOptions::default;
        for (text, opts) in [
            ("a,b\n\"1\",2\n", def()),
            ("\"a\",b\n1,2\n", def()),
            ("a,b\r1,2\r", def()),
            ("a,b\n1,2\r3,4\n", def()),
            ("a,b\n1,x\n", def()),
            ("a,b\n1,2,3\n", def()),
            ("a,b\n1\n", def()),
            ("a,b\n1,\n", def()),
            ("a,b\n", def()),
            ("", def()),
            ("a,b\n1,2\n", def().label("b")),
            ("a,b\n1,2\n", def().columns(["z"])),
        ] {
            assert!(!same_as_sequential(text.as_bytes(), &opts), "{text:?}");
        }
        assert!(!same_as_sequential(b"a,b\n1,\xFF\n", &def().columns(["a"])));
    }

    #[test]
    fn swar_digits_match_the_bytewise_parser() {
        let samples = [
            "0",
            "7",
            "-12.3456",
            "99.9999",
            "1234567.1234567",
            "12345678",
            "0.00000001",
            ".5",
            "5.",
            "-.",
            ".",
            "-",
            "1.2.3",
            "00000012.5",
            "3.14e2",
            "1,2",
            "9999999.9999999",
        ];
        for s in samples {
            let mut padded = s.as_bytes().to_vec();
            padded.extend_from_slice(b",abcdefghijklmnopq");
            let swar = decimal_swar(&padded[..16]);
            let bytes = decimal_bytes(&padded, 0);
            if let Some(x) = swar {
                assert_eq!(Some(x), bytes, "{s}");
            }
            // The number at the start, if taken, is the one `str::parse` reads there.
            match parse_number::<f64>(&padded, 0) {
                Some((v, end)) => {
                    assert_eq!(v.to_bits(), s[..end].parse::<f64>().unwrap().to_bits())
                }
                None => assert!(!s.starts_with(|c: char| c.is_ascii_digit()), "{s}"),
            }
        }
    }

    /// `m` with `k` fraction digits, as `str::parse` reads it.
    fn decimal_text(m: u64, k: usize) -> String {
        let digits = format!("{m:0>width$}", width = k + 1);
        let (int, frac) = digits.split_at(digits.len() - k);
        format!("{int}.{frac}")
    }

    #[test]
    fn fast_f32_decimals_over_the_whole_mantissa_range_are_correctly_rounded() {
        for k in 0..8 {
            // A sweep over 0..=2^24 with an odd stride, plus both ends.
            let ms = (0..=1u64 << 24)
                .step_by(1021)
                .chain((1 << 24) - 64..=1 << 24);
            for m in ms {
                let text = decimal_text(m, k);
                let (v, end) = parse_number::<f32>(text.as_bytes(), 0).expect("a fast decimal");
                assert_eq!(end, text.len());
                assert_eq!(
                    v.to_bits(),
                    text.parse::<f32>().unwrap().to_bits(),
                    "{text}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn fast_f32_decimals_are_correctly_rounded(m in 0u64..=(1 << 24), k in 0usize..8) {
            let text = decimal_text(m, k);
            let (v, _) = parse_number::<f32>(text.as_bytes(), 0).expect("a fast decimal");
            prop_assert_eq!(v.to_bits(), text.parse::<f32>().unwrap().to_bits(), "{}", text);
        }

        #[test]
        fn fast_decimals_are_correctly_rounded(m in 0u64..(1 << 54), k in 0usize..24, neg in any::<bool>()) {
            let digits = m.to_string();
            let text = if k == 0 || k > digits.len() {
                digits
            } else {
                format!("{}.{}", &digits[..digits.len() - k], &digits[digits.len() - k..])
            };
            let text = if neg { format!("-{text}") } else { text };
            let bytes = format!("{text}\n");
            if let Some((v, end)) = parse_number::<f32>(bytes.as_bytes(), 0) {
                prop_assert_eq!(end, text.len());
                prop_assert_eq!(v.to_bits(), text.parse::<f32>().unwrap().to_bits(), "{}", text);
            }
            if let Some((v, _)) = parse_number::<f64>(bytes.as_bytes(), 0) {
                prop_assert_eq!(v.to_bits(), text.parse::<f64>().unwrap().to_bits(), "{}", text);
            }
        }

        #[test]
        fn mutated_numeric_files_load_as_the_sequential_path_reads_them(
            edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(
                b"0123456789.-+e, \r\n\"xN".to_vec()), 0u8..3), 0..6),
            header in any::<bool>(), missing in any::<bool>(), f64s in any::<bool>(),
        ) {
            let mut bytes = b"a,b,c\n1.5,-22.25,3\r\n-0.5,4,.5\n\n6.,7.125,-8\n12.5,0.001,99.9999\n".to_vec();
            apply_edits(&mut bytes, &edits);
            let opts = CsvOptions::default().has_header(header).allow_missing(missing);
            let opts = if f64s { opts.dtype(DType::Float64) } else { opts };
            same_as_sequential(&bytes, &opts);
        }
    }
}
