//! Loader and writer tests: every option, every error message, and property tests for the
//! save/load round trip and for arbitrary bytes.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;

use super::*;
use crate::{DType, DynTensor, Error};

/// A file in the temp dir, removed on drop.
pub(super) struct TempFile(pub(super) PathBuf);

impl TempFile {
    pub(super) fn new(contents: &[u8]) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "rusttorch_data_test_{}_{n}.csv",
            std::process::id()
        ));
        std::fs::write(&path, contents).expect("the temp dir is writable");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Applies proptest's byte edits to `bytes`: `(where, byte, kind)` inserts (kind 0), removes
/// (1) or overwrites (2) at `where`, or appends past the end; the CSV fuzz tests' mutation.
pub(super) fn apply_edits(bytes: &mut Vec<u8>, edits: &[(prop::sample::Index, u8, u8)]) {
    for &(at, byte, kind) in edits {
        let i = at.index(bytes.len() + 1);
        match kind {
            0 => bytes.insert(i, byte),
            1 if i < bytes.len() => {
                bytes.remove(i);
            }
            _ if i < bytes.len() => bytes[i] = byte,
            _ => bytes.push(byte),
        }
    }
}

fn read(text: &str, opts: &CsvOptions) -> crate::Result<CsvData> {
    read_csv(text.as_bytes(), "t.csv", opts)
}

fn read_bytes(bytes: &[u8], opts: &CsvOptions) -> crate::Result<CsvData> {
    read_csv(bytes, "t.csv", opts)
}

fn err(text: &str, opts: &CsvOptions) -> String {
    read(text, opts).unwrap_err().to_string()
}

fn f32s(d: &CsvData) -> Vec<f32> {
    d.features.to_vec::<f32>().unwrap()
}

fn labels(d: &CsvData) -> Vec<i64> {
    d.labels.as_ref().unwrap().to_vec::<i64>().unwrap()
}

fn def() -> CsvOptions {
    CsvOptions::default()
}

#[test]
fn header_names_and_values_come_back_as_float32() {
    let d = read("a,b,c\n1,2,3\n4.5,-6e-1,7\n", &def()).unwrap();
    assert_eq!(d.columns, ["a", "b", "c"]);
    assert_eq!(d.features.dtype(), DType::Float32);
    assert_eq!(d.features.shape(), &[2, 3]);
    assert_eq!(f32s(&d), vec![1.0, 2.0, 3.0, 4.5, -0.6, 7.0]);
    assert!(d.labels.is_none());
    assert!(d.classes.is_empty());
    assert_eq!(d.label_column, None);
}

#[test]
fn without_header_columns_are_named_by_position() {
    let d = read("1;2\n3;4\n", &def().has_header(false).delimiter(b';')).unwrap();
    assert_eq!(d.columns, ["0", "1"]);
    assert_eq!(f32s(&d), vec![1.0, 2.0, 3.0, 4.0]);
    let d = read(
        "1\t2\n3\t4\n",
        &def().has_header(false).delimiter(b'\t').columns(["1"]),
    )
    .unwrap();
    assert_eq!(f32s(&d), vec![2.0, 4.0]);
}

#[test]
fn float64_keeps_digits_float32_rounds_and_other_dtypes_are_rejected() {
    let text = "x\n0.1\n16777217\n";
    let d = read(text, &def().dtype(DType::Float64)).unwrap();
    assert_eq!(d.features.to_vec::<f64>().unwrap(), vec![0.1, 16777217.0]);
    let d = read(text, &def()).unwrap();
    assert_eq!(f32s(&d), vec![0.1f32, 16777216.0]);
    let e = read(text, &def().dtype(DType::Int64)).unwrap_err();
    assert!(matches!(e, Error::DType { op: "load_csv", .. }), "{e}");
}

#[test]
fn label_column_is_encoded_in_sorted_class_order() {
    let text = "x,kind\n1,b\n2,c\n3,a\n4,b\n";
    let d = read(text, &def().label("kind")).unwrap();
    assert_eq!(d.classes, ["a", "b", "c"]);
    assert_eq!(labels(&d), vec![1, 2, 0, 1]);
    assert_eq!(d.labels.as_ref().unwrap().dtype(), DType::Int64);
    assert_eq!(d.columns, ["x"]);
    assert_eq!(d.label_column.as_deref(), Some("kind"));
    assert_eq!(f32s(&d), vec![1.0, 2.0, 3.0, 4.0]);
    // By index, and numeric classes sort as numbers ("10" after "2").
    let d = read("y,x\n10,1\n2,2\n-1,3\n2,4\n", &def().label(0usize)).unwrap();
    assert_eq!(d.classes, ["-1", "2", "10"]);
    assert_eq!(labels(&d), vec![2, 1, 0, 1]);
    assert_eq!(d.columns, ["x"]);
}

#[test]
fn columns_by_name_or_index_come_in_the_order_given() {
    let text = "a,b,c,d\n1,2,3,4\n5,6,7,8\n";
    let d = read(text, &def().columns(["c", "a"])).unwrap();
    assert_eq!(d.columns, ["c", "a"]);
    assert_eq!(f32s(&d), vec![3.0, 1.0, 7.0, 5.0]);
    let d = read(text, &def().columns([3usize, 1])).unwrap();
    assert_eq!(d.columns, ["d", "b"]);
    assert_eq!(f32s(&d), vec![4.0, 2.0, 8.0, 6.0]);
    // Unselected text columns are not parsed.
    let d = read("n,s\n1,abc\n", &def().columns(["n"])).unwrap();
    assert_eq!(f32s(&d), vec![1.0]);
    let d = read(text, &def().columns(Vec::<usize>::new()).label("a")).unwrap();
    assert_eq!(d.features.shape(), &[2, 0]);
    assert_eq!(labels(&d), vec![0, 1]);
}

#[test]
fn column_choice_errors_name_the_column() {
    let text = "a,b\n1,2\n";
    assert_eq!(
        err(text, &def().columns(["a", "z"])),
        "load_csv: t.csv: column \"z\" is not in the file (columns: a, b)"
    );
    assert_eq!(
        err(text, &def().label("species")),
        "load_csv: t.csv: label column \"species\" is not in the file (columns: a, b)"
    );
    assert_eq!(
        err(text, &def().columns([5usize])),
        "load_csv: t.csv: column index 5 is out of range: the file has 2 columns"
    );
    assert_eq!(
        err(text, &def().columns(["a", "a"])),
        "load_csv: t.csv: column \"a\" is selected twice"
    );
    assert_eq!(
        err(text, &def().columns(["a", "b"]).label("b")),
        "load_csv: t.csv: column \"b\" is both a feature column and the label column"
    );
}

#[test]
fn rfc4180_quotes_crlf_bom_spaces_and_blank_lines() {
    // Quoted header with the delimiter, quoted numbers, an escaped quote and a line break
    // inside a quoted label.
    let text = "\u{feff}\"x,1\",\"y\" ,lab\r\n\r\n\"1.5\" , 2 ,\"a \"\"q\"\"\"\r\n   \r\n3,4,\"two\nlines\"\n\n5,6,a \"\"q\"\"";
    let d = read(text, &def().label("lab")).unwrap();
    assert_eq!(d.columns, ["x,1", "y"]);
    assert_eq!(f32s(&d), vec![1.5, 2.0, 3.0, 4.0, 5.0, 6.0]);
    // Byte order: '"' (0x22) sorts before 'q'.
    assert_eq!(d.classes, ["a \"\"q\"\"", "a \"q\"", "two\nlines"]);
    assert_eq!(labels(&d), vec![1, 2, 0]);
    // Lines count blank lines, CRLF ends and the line break inside the quoted label.
    let bad = text.replace("5,6", "5,x");
    assert_eq!(
        err(&bad, &def().label("lab")),
        "load_csv: t.csv:8:2 (column \"y\"): cannot parse \"x\" as a number"
    );
    let crlf = "a,b\r\n1,2\r\n\r\n\r\n3,?\r\n";
    assert_eq!(
        err(crlf, &def()),
        "load_csv: t.csv:5:2 (column \"b\"): cannot parse \"?\" as a number"
    );
    // A BOM before a header-less first row.
    let d = read("\u{feff}7,8\n", &def().has_header(false)).unwrap();
    assert_eq!(f32s(&d), vec![7.0, 8.0]);
}

#[test]
fn missing_values_are_nan_only_when_allowed() {
    let text = "a,b,c,d\n,NA,NaN,nan\n1, ,N/A,null\n";
    let d = read(text, &def().allow_missing(true)).unwrap();
    let v = f32s(&d);
    assert_eq!(v.len(), 8);
    assert!(
        v.iter().enumerate().all(|(i, x)| (i == 4) != x.is_nan()),
        "{v:?}"
    );
    assert_eq!(v[4], 1.0);
    assert_eq!(
        err(text, &def()),
        "load_csv: t.csv:2:1 (column \"a\"): empty field (a missing value; allow_missing reads it as NaN)"
    );
    assert_eq!(
        err("a,b\n1,NA\n", &def()),
        "load_csv: t.csv:2:2 (column \"b\"): missing value \"NA\" (allow_missing reads it as NaN)"
    );
    assert_eq!(
        err("a,b\n1,2\n1,NaN\n", &def()),
        "load_csv: t.csv:3:2 (column \"b\"): missing value \"NaN\" (allow_missing reads it as NaN)"
    );
    // Infinities are numbers, not missing values.
    let d = read("a,b\ninf,-inf\n", &def()).unwrap();
    assert_eq!(f32s(&d), vec![f32::INFINITY, f32::NEG_INFINITY]);
}

#[test]
fn non_numeric_field_error_names_line_field_and_column() {
    let text = "pixel_0,pixel_1,pixel_2\n1,2,3\n\n4,5,abc\n";
    assert_eq!(
        err(text, &def()),
        "load_csv: t.csv:4:3 (column \"pixel_2\"): cannot parse \"abc\" as a number"
    );
    // Iris's species without naming it as the label column.
    assert_eq!(
        err("x,species\n5.1,setosa\n", &def()),
        "load_csv: t.csv:2:2 (column \"species\"): cannot parse \"setosa\" as a number"
    );
    let long = "z".repeat(100);
    let e = err(&format!("a\n{long}\n"), &def());
    assert!(
        e.ends_with(&format!(
            "cannot parse \"{}...\" as a number",
            "z".repeat(40)
        )),
        "{e}"
    );
}

#[test]
fn ragged_rows_report_expected_and_found_counts() {
    assert_eq!(
        err("a,b,c\n1,2,3\n4,5\n", &def()),
        "load_csv: t.csv:3: expected 3 fields, found 2"
    );
    assert_eq!(
        err("1,2\n\n3,4,5\n", &def().has_header(false)),
        "load_csv: t.csv:3: expected 2 fields, found 3"
    );
    // Line numbers count the lines inside a quoted field.
    assert_eq!(
        err("a,b\n\"x\ny\",1\n2\n", &def().label("a")),
        "load_csv: t.csv:4: expected 2 fields, found 1"
    );
}

#[test]
fn invalid_utf8_is_an_error_naming_the_place() {
    let e = read_bytes(b"a,b\n1,\xff\n", &def())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "load_csv: t.csv:2:2 (column \"b\"): the field is not valid UTF-8"
    );
    let e = read_bytes(b"a,\xc3(\n1,2\n", &def())
        .unwrap_err()
        .to_string();
    assert_eq!(e, "load_csv: t.csv:1:2: the header is not valid UTF-8");
    let e = read_bytes(b"a,b\n1,\xfe\n", &def().label("b"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "load_csv: t.csv:2:2 (column \"b\"): the field is not valid UTF-8"
    );
    let e = read_bytes(b"a,b\n1,\xfe\n", &def().columns(["a"]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "load_csv: t.csv:2:2 (column \"b\"): the field is not valid UTF-8"
    );
}

#[test]
fn empty_and_header_only_files_are_errors() {
    for text in ["", "\n\n", "\u{feff}", "  \r\n\r\n"] {
        assert_eq!(
            err(text, &def()),
            "load_csv: t.csv: the file is empty (no header and no data rows)",
            "{text:?}"
        );
    }
    assert_eq!(
        err("a,b\n\n", &def()),
        "load_csv: t.csv: the file has a header but no data rows"
    );
}

#[test]
fn files_load_and_a_missing_file_names_its_path() {
    let f = TempFile::new(b"a,b\n1,2\n3,4\n");
    let d = load_csv(&f.0, true, b',').unwrap();
    assert_eq!(f32s(&d), vec![1.0, 2.0, 3.0, 4.0]);
    let e = load_csv(&f.0, true, b';').unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "load_csv: {}:2:1 (column \"a,b\"): cannot parse \"1,2\" as a number",
            f.0.display()
        )
    );
    let missing = std::env::temp_dir().join("rusttorch_no_such_dir/none.csv");
    let e = load_csv(&missing, true, b',').unwrap_err();
    assert!(
        matches!(&e, Error::Io { op: "load_csv", path, kind: std::io::ErrorKind::NotFound, .. }
            if *path == missing.display().to_string()),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with(&format!("load_csv: {}: cannot open: ", missing.display()))
    );
    // A directory opens on Unix but cannot be read: an I/O error of kind IsADirectory.
    let dir = std::env::temp_dir();
    let e = load_csv(&dir, true, b',').unwrap_err();
    assert!(
        matches!(&e, Error::Io { kind, .. } if *kind == std::io::ErrorKind::IsADirectory),
        "{e:?}"
    );
}

#[test]
fn quote_and_line_break_delimiters_are_rejected() {
    for d in [b'"', b'\n', b'\r', 0xE9] {
        let e = read("a\n1\n", &def().delimiter(d)).unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidArgument {
                    op: "load_csv",
                    arg: "delimiter",
                    ..
                }
            ),
            "{e}"
        );
    }
}

#[test]
fn save_csv_writes_values_headers_and_every_dtype() {
    let f = TempFile::new(b"");
    let t = DynTensor::from_vec(vec![1.5f64, -0.0, 1e300, f64::INFINITY, 2.0, 0.1], &[2, 3])
        .unwrap()
        .t()
        .unwrap();
    save_csv(&t, &f.0, Some(&["a;b", "q\"", "c"][..2]), b';').unwrap();
    let text = std::fs::read_to_string(&f.0).unwrap();
    let big = format!("1{}", "0".repeat(300));
    assert_eq!(
        text,
        format!("\"a;b\";\"q\"\"\"\n1.5;inf\n-0;2\n{big};0.1\n")
    );
    let back = load_csv_with(&f.0, &def().delimiter(b';').dtype(DType::Float64)).unwrap();
    assert_eq!(back.columns, ["a;b", "q\""]);
    let v = back.features.to_vec::<f64>().unwrap();
    assert_eq!(v, t.to_vec::<f64>().unwrap());
    assert!(v[2].is_sign_negative());

    let ints = DynTensor::from_vec(vec![3i64, -7, 9], &[3]).unwrap();
    save_csv(&ints, &f.0, None, b',').unwrap();
    assert_eq!(std::fs::read_to_string(&f.0).unwrap(), "3\n-7\n9\n");
    let bools = DynTensor::from_vec(vec![true, false], &[1, 2]).unwrap();
    save_csv(&bools, &f.0, Some(&["x", "y"]), b',').unwrap();
    assert_eq!(std::fs::read_to_string(&f.0).unwrap(), "x,y\n1,0\n");
    let nan = DynTensor::from_vec(vec![f32::NAN, 1.0], &[2]).unwrap();
    save_csv(&nan, &f.0, Some(&["x"]), b',').unwrap();
    let back = load_csv_with(&f.0, &def().allow_missing(true)).unwrap();
    let v = f32s(&back);
    assert!(v[0].is_nan() && v[1] == 1.0);
    // Zero rows: a header-only file.
    let empty = DynTensor::from_vec(Vec::<f32>::new(), &[0, 2]).unwrap();
    save_csv(&empty, &f.0, Some(&["x", "y"]), b',').unwrap();
    assert_eq!(std::fs::read_to_string(&f.0).unwrap(), "x,y\n");
}

#[test]
fn save_csv_errors() {
    let f = TempFile::new(b"");
    let scalar = DynTensor::from_vec(vec![1.0f32], &[]).unwrap();
    let cube = DynTensor::from_vec(vec![1.0f32; 8], &[2, 2, 2]).unwrap();
    let no_cols = DynTensor::from_vec(Vec::<f32>::new(), &[3, 0]).unwrap();
    let m = DynTensor::from_vec(vec![1.0f32; 4], &[2, 2]).unwrap();
    for (t, h, msg) in [
        (
            &scalar,
            None,
            "save_csv: invalid tensor: expected a rank-1 or rank-2 tensor, got shape []",
        ),
        (
            &cube,
            None,
            "save_csv: invalid tensor: expected a rank-1 or rank-2 tensor, got shape [2, 2, 2]",
        ),
        (
            &no_cols,
            None,
            "save_csv: invalid tensor: a tensor of shape [3, 0] has no columns to write",
        ),
        (
            &m,
            Some(&["a"][..]),
            "save_csv: invalid header: 1 names for a tensor of shape [2, 2] (2 columns)",
        ),
    ] {
        assert_eq!(save_csv(t, &f.0, h, b',').unwrap_err().to_string(), msg);
    }
    let dir = std::env::temp_dir().join("rusttorch_no_such_dir/out.csv");
    let e = save_csv(&m, &dir, None, b',').unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Io {
                op: "save_csv",
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{e:?}"
    );
    let e = e.to_string();
    assert!(
        e.starts_with(&format!("save_csv: {}: cannot create: ", dir.display())),
        "{e}"
    );
    let e = save_csv(&m, &f.0, None, b'\n').unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidArgument {
                arg: "delimiter",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn typed_rows_check_the_column_count() {
    let f = TempFile::new(b"a,b,y\n1,2,p\n3,4,q\n");
    let opts = def().label("y");
    let x = load_csv_typed::<f64, 2>(&f.0, &opts).unwrap();
    assert_eq!(x.dims(), &[2, 2]);
    assert_eq!(x.to_vec(), vec![1.0, 2.0, 3.0, 4.0]);
    let e = load_csv_typed::<f32, 3>(&f.0, &opts)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "load_csv_typed: {}: expected 3 feature columns for shape (usize, Const<3>), found 2",
            f.0.display()
        )
    );
    let d = load_csv_with(&f.0, &opts).unwrap();
    assert_eq!(
        d.features_typed::<f32, 2>().unwrap().to_vec(),
        vec![1.0, 2.0, 3.0, 4.0]
    );
    let e = d.features_typed::<f32, 5>().unwrap_err().to_string();
    assert_eq!(
        e,
        "features_typed: a tensor of shape [2, 2] does not fit the shape type `(usize, Const<5>)`"
    );
    assert!(matches!(
        d.features_typed::<f64, 2>(),
        Err(Error::DType { .. })
    ));
}

fn round_trip_f32() -> impl Strategy<Value = (usize, usize, Vec<f32>)> {
    (1usize..6, 1usize..5).prop_flat_map(|(r, c)| {
        let v = prop::collection::vec(
            any::<f32>().prop_filter("NaN reads back as a missing value", |x| !x.is_nan()),
            r * c,
        );
        (Just(r), Just(c), v)
    })
}

fn round_trip_f64() -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    (1usize..6, 1usize..5).prop_flat_map(|(r, c)| {
        let v = prop::collection::vec(
            any::<f64>().prop_filter("NaN reads back as a missing value", |x| !x.is_nan()),
            r * c,
        );
        (Just(r), Just(c), v)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn save_then_load_is_bit_exact_f32((r, c, v) in round_trip_f32(), header in any::<bool>()) {
        let f = TempFile::new(b"");
        let t = DynTensor::from_vec(v.clone(), &[r, c]).unwrap();
        let names: Vec<String> = (0..c).map(|i| format!("col {i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        save_csv(&t, &f.0, header.then_some(&names[..]), b',').unwrap();
        let back = load_csv(&f.0, header, b',').unwrap();
        prop_assert_eq!(back.features.shape(), &[r, c]);
        let got: Vec<u32> = f32s(&back).iter().map(|x| x.to_bits()).collect();
        let want: Vec<u32> = v.iter().map(|x| x.to_bits()).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn save_then_load_is_bit_exact_f64((r, c, v) in round_trip_f64()) {
        let f = TempFile::new(b"");
        let t = DynTensor::from_vec(v.clone(), &[r * c]).unwrap();
        save_csv(&t, &f.0, None, b'\t').unwrap();
        let opts = def().has_header(false).delimiter(b'\t').dtype(DType::Float64);
        let back = load_csv_with(&f.0, &opts).unwrap();
        prop_assert_eq!(back.features.shape(), &[r * c, 1]);
        let got: Vec<u64> = back.features.to_vec::<f64>().unwrap().iter().map(|x| x.to_bits()).collect();
        let want: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn arbitrary_bytes_give_ok_or_err(bytes in prop::collection::vec(any::<u8>(), 0..200),
                                      header in any::<bool>(), missing in any::<bool>()) {
        let opts = def().has_header(header).allow_missing(missing);
        if let Ok(d) = read_bytes(&bytes, &opts) {
            prop_assert_eq!(d.features.shape()[1], d.columns.len());
        }
        let _ = read_bytes(&bytes, &opts.clone().label(0usize));
    }

    #[test]
    fn mutated_valid_files_give_ok_or_err(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
        label in any::<bool>(),
    ) {
        let mut bytes = b"\xef\xbb\xbfa,b,\"c\"\r\n1.5,2e3,x\r\n\"3\",  4 ,\"y\ny\"\n\n5,NA,z\n".to_vec();
        apply_edits(&mut bytes, &edits);
        let opts = def().allow_missing(true);
        let opts = if label { opts.label("c") } else { opts };
        if let Ok(d) = read_bytes(&bytes, &opts) {
            let rows = d.features.shape()[0];
            prop_assert!(rows >= 1);
            if let Some(l) = &d.labels {
                prop_assert_eq!(l.shape(), &[rows]);
                let codes = l.to_vec::<i64>().unwrap();
                prop_assert!(codes.iter().all(|&c| c >= 0 && (c as usize) < d.classes.len()));
            }
        }
    }
}
