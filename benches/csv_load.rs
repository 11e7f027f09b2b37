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

/// The process's peak resident memory in kB (`VmHWM`), after resetting it to the current
/// resident size when `reset`; `None` off Linux or where `/proc` refuses.
fn peak_rss_kb(reset: bool) -> Option<u64> {
    if reset {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints how far one load raises the peak resident memory above what the process held
/// before, against the size of the output tensor (the target is about 2x at most).
fn report_peak_memory(path: &std::path::Path) {
    let Some(before) = peak_rss_kb(true) else {
        println!("csv_load peak memory: not measurable here (no /proc/self/clear_refs)");
        return;
    };
    let d = rusttorch::load_csv(path, true, b',').expect("valid file");
    let output_kb = (d.features.numel() * std::mem::size_of::<f32>()) as u64 / 1024;
    let after = peak_rss_kb(false).unwrap_or(before);
    let grown = after.saturating_sub(before);
    println!(
        "csv_load peak memory: +{} MiB during one load, output tensor {} MiB ({:.2}x)",
        grown / 1024,
        output_kb / 1024,
        grown as f64 / output_kb as f64
    );
}

fn csv_load(c: &mut Criterion) {
    let path = generate();
    let bytes = std::fs::metadata(&path).expect("file exists").len();
    report_peak_memory(&path);
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
