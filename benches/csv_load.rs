//! CSV loading throughput: a generated 1,000,000 x 20 numeric file (about 150 MB) read by
//! `load_csv` into a `float32` tensor; the target is 100 MB/s or more.
//!
//! `cargo bench --bench csv_load`

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const ROWS: usize = 1_000_000;
const COLS: usize = 20;

/// Writes the file once: a header and `ROWS` rows of numbers like `-12.3456` from a fixed
/// xorshift stream, so every run reads the same bytes.
fn generate() -> PathBuf {
    let path = std::env::temp_dir().join(format!("rusttorch_csv_bench_{}.csv", std::process::id()));
    let file = std::fs::File::create(&path).expect("the temp dir is writable");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let header: Vec<String> = (0..COLS).map(|i| format!("feature_{i}")).collect();
    writeln!(out, "{}", header.join(",")).expect("write header");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut line = String::new();
    for _ in 0..ROWS {
        line.clear();
        for c in 0..COLS {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = (state >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0;
            if c > 0 {
                line.push(',');
            }
            write!(line, "{x:.4}").expect("write to String");
        }
        line.push('\n');
        out.write_all(line.as_bytes()).expect("write row");
    }
    out.flush().expect("flush");
    path
}

fn csv_load(c: &mut Criterion) {
    let path = generate();
    let bytes = std::fs::metadata(&path).expect("file exists").len();
    let mut g = c.benchmark_group("csv_load");
    g.throughput(Throughput::Bytes(bytes))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("1e6x20_f32", |b| {
        b.iter(|| {
            let d = rusttorch::load_csv(black_box(&path), true, b',').expect("valid file");
            assert_eq!(d.features.shape(), &[ROWS, COLS]);
            d
        })
    });
    g.finish();
    let _ = std::fs::remove_file(&path);
}

criterion_group!(benches, csv_load);
criterion_main!(benches);
