//! Fused row kernels: `softmax`, `log_softmax` and the cross entropy of one row of logits
//! in two or three passes over the row (which stays in L1), and the fused squared-error
//! sum of `mse_loss`.
//!
//! A kernel implements [`Rows`]: it computes the outputs of row `i` from inputs it holds
//! itself. [`run_rows`] splits the rows over the rayon pool and runs each piece through a
//! version of the loop compiled for AVX2 or AVX-512 (chosen at run time as in
//! [`super::simd`]); the row bodies are `#[inline(always)]`, so they are compiled, and
//! vectorized, with the features of the loop they land in. The helpers below keep
//! [`LANES`] independent accumulators so that the reductions are not bound by the latency
//! of one add (or max) chain.

use rayon::prelude::*;

use super::{Cost, PAR_MIN_WORK, simd};
use crate::dtype::{Element, Float};

/// Independent accumulators of the row reductions: one AVX-512 register of `f32`.
const LANES: usize = 16;

/// A kernel computed row by row: row `i` writes its [`Rows::out_len`] outputs.
pub(crate) trait Rows: Copy + Send + Sync {
    /// The output element.
    type Out: Copy + Send + Sync;
    /// Outputs per row (at least 1).
    fn out_len(self) -> usize;
    /// Work of one row in elements times [`super::Cost`]: sets where threads start to pay.
    fn work(self) -> usize;
    /// Writes the outputs of row `i` into `out` (of length [`Rows::out_len`]).
    fn row(self, i: usize, out: &mut [Self::Out]);
}

#[inline(always)]
fn rows_generic<K: Rows>(k: K, first: usize, out: &mut [K::Out]) {
    for (r, o) in out.chunks_exact_mut(k.out_len()).enumerate() {
        k.row(first + r, o);
    }
}

macro_rules! isa_rows {
    ($name:ident, $features:literal) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $features)]
        unsafe fn $name<K: Rows>(k: K, first: usize, out: &mut [K::Out]) {
            rows_generic(k, first, out)
        }
    };
}

isa_rows!(rows_avx2, "avx2,fma");
isa_rows!(rows_avx512, "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma");

/// Runs rows `first..` (as many as `out` holds) with the best compiled loop for this CPU.
fn rows_dispatch<K: Rows>(k: K, first: usize, out: &mut [K::Out]) {
    match simd::simd_level() {
        // SAFETY: `simd_level` reports "avx512" only after detecting every feature
        // `rows_avx512` is compiled with.
        #[cfg(target_arch = "x86_64")]
        "avx512" => unsafe { rows_avx512(k, first, out) },
        // SAFETY: as above, for avx2 and fma.
        #[cfg(target_arch = "x86_64")]
        "avx2" => unsafe { rows_avx2(k, first, out) },
        _ => rows_generic(k, first, out),
    }
}

/// Fills `out` (`k.out_len()` values per row) with kernel `k`, spreading the rows over the
/// pool when the work pays.
pub(crate) fn run_rows<K: Rows>(k: K, out: &mut [K::Out]) {
    let rows = out.len() / k.out_len();
    let work = rows.saturating_mul(k.work().max(1));
    let threads = rayon::current_num_threads();
    if work < PAR_MIN_WORK || threads == 1 || rows < 2 {
        rows_dispatch(k, 0, out);
        return;
    }
    // A few pieces per thread for balance, each worth at least a quarter of the
    // threshold.
    let min_rows = (PAR_MIN_WORK / 4).div_ceil(k.work().max(1));
    let per_task = rows.div_ceil(threads * 4).max(min_rows).max(1);
    out.par_chunks_mut(per_task * k.out_len())
        .enumerate()
        .for_each(|(t, o)| rows_dispatch(k, t * per_task, o));
}

/// Row `i` of a row-major buffer of rows of `len`.
#[inline(always)]
pub(crate) fn row<T>(x: &[T], i: usize, len: usize) -> &[T] {
    &x[i * len..(i + 1) * len]
}

/// Merges the lanes pairwise in a fixed tree (the result depends on the data only).
#[inline(always)]
fn fold_lanes<T: Copy>(mut acc: [T; LANES], f: impl Fn(T, T) -> T) -> T {
    let mut w = LANES;
    while w > 1 {
        w /= 2;
        for l in 0..w {
            acc[l] = f(acc[l], acc[l + w]);
        }
    }
    acc[0]
}

#[inline(always)]
fn max2<T: Float>(a: T, b: T) -> T {
    if b > a { b } else { a }
}

/// The largest element of `x`, skipping NaN (`-inf` for an empty or all-NaN row).
#[inline(always)]
pub(crate) fn max<T: Float>(x: &[T]) -> T {
    let mut acc = [T::neg_infinity(); LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for l in 0..LANES {
            acc[l] = max2(acc[l], c[l]);
        }
    }
    tail.iter()
        .fold(fold_lanes(acc, |a, b| max2(a, b)), |m, &v| max2(m, v))
}

/// `Σ f(x[j])`, and `out[j] = f(x[j])` when `out` is given (the same length as `x`).
#[inline(always)]
fn map_sum<T: Float>(x: &[T], out: Option<&mut [T]>, f: impl Fn(T) -> T) -> T {
    let mut acc = [T::ZERO; LANES];
    let n = x.len() - x.len() % LANES;
    let mut tail = T::ZERO;
    match out {
        Some(out) => {
            let out = &mut out[..x.len()];
            for (c, o) in x[..n]
                .chunks_exact(LANES)
                .zip(out[..n].chunks_exact_mut(LANES))
            {
                for l in 0..LANES {
                    let v = f(c[l]);
                    o[l] = v;
                    acc[l] = acc[l] + v;
                }
            }
            for (o, &v) in out[n..].iter_mut().zip(&x[n..]) {
                *o = f(v);
                tail = tail + *o;
            }
        }
        None => {
            for c in x[..n].chunks_exact(LANES) {
                for l in 0..LANES {
                    acc[l] = acc[l] + f(c[l]);
                }
            }
            for &v in &x[n..] {
                tail = tail + f(v);
            }
        }
    }
    fold_lanes(acc, |a, b| a + b) + tail
}

/// `softmax` of one row: `e^{x - max}` written to `out` while summing, then scaled by
/// `1 / Σ`. Subtracting the max keeps every exponent <= 0, so the sum is at least 1 (NaN
/// for a row with NaN or `+inf`, or all `-inf`, as in PyTorch).
#[inline(always)]
pub(crate) fn softmax_row<T: Float>(x: &[T], out: &mut [T]) {
    let m = max(x);
    let sum = map_sum(x, Some(&mut *out), |v| (v - m).exp_v());
    let inv = T::ONE / sum;
    for o in out.iter_mut() {
        *o = *o * inv;
    }
}

/// `(max, ln Σ e^{x - max})` of one row: its log-sum-exp is their sum, kept apart so that
/// `x - max - ln Σ` rounds as little as possible.
#[inline(always)]
pub(crate) fn log_sum_exp<T: Float>(x: &[T]) -> (T, T) {
    let m = max(x);
    (m, map_sum(x, None, |v| (v - m).exp_v()).ln_v())
}

/// `log_softmax` of one row: `(x - max) - ln Σ e^{x - max}`.
#[inline(always)]
pub(crate) fn log_softmax_row<T: Float>(x: &[T], out: &mut [T]) {
    let (m, ls) = log_sum_exp(x);
    for (o, &v) in out.iter_mut().zip(x) {
        *o = (v - m) - ls;
    }
}

/// A function of one row, as a type (a fn item passed by value would be called through a
/// shim compiled without the loop's target features, and not vectorized).
trait RowFn: Copy + Send + Sync {
    /// Writes the result for row `x` into `out` (same length).
    fn apply<T: Float>(self, x: &[T], out: &mut [T]);
}

#[derive(Clone, Copy)]
struct SoftmaxFn;

impl RowFn for SoftmaxFn {
    #[inline(always)]
    fn apply<T: Float>(self, x: &[T], out: &mut [T]) {
        softmax_row(x, out)
    }
}

#[derive(Clone, Copy)]
struct LogSoftmaxFn;

impl RowFn for LogSoftmaxFn {
    #[inline(always)]
    fn apply<T: Float>(self, x: &[T], out: &mut [T]) {
        log_softmax_row(x, out)
    }
}

/// Row function `F` over the rows of `len` of `x`.
#[derive(Clone, Copy)]
struct RowMap<'a, T, F> {
    x: &'a [T],
    len: usize,
    f: F,
}

impl<T: Float, F: RowFn> Rows for RowMap<'_, T, F> {
    type Out = T;
    fn out_len(self) -> usize {
        self.len
    }
    fn work(self) -> usize {
        self.len * Cost::Heavy as usize
    }
    #[inline(always)]
    fn row(self, i: usize, out: &mut [T]) {
        self.f.apply(row(self.x, i, self.len), out)
    }
}

/// Runs row function `f` on the single row `x`, with the best loop for this CPU.
fn one_row<T: Float, F: RowFn>(f: F, x: &[T], out: &mut [T]) {
    if !x.is_empty() {
        rows_dispatch(RowMap { x, len: x.len(), f }, 0, out);
    }
}

/// `softmax` of one row `x` into `out` (same length), with the best loop for this CPU.
pub(crate) fn softmax<T: Float>(x: &[T], out: &mut [T]) {
    one_row(SoftmaxFn, x, out)
}

/// `log_softmax` of one row `x` into `out` (same length), with the best loop for this CPU.
pub(crate) fn log_softmax<T: Float>(x: &[T], out: &mut [T]) {
    one_row(LogSoftmaxFn, x, out)
}

/// The cross entropy of each row of `(N, classes)` logits against its class index
/// (checked to lie in `0..classes` by the caller): per row `[loss, max, ln Σ e^{x - max}]`,
/// the last two being what the backward needs. Two passes over the row, no `log_softmax`
/// tensor.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CrossEntropy<'a, T> {
    /// Row-major logits.
    pub logits: &'a [T],
    /// The row length.
    pub classes: usize,
    /// One class index per row.
    pub target: &'a [i64],
}

impl<T: Float> Rows for CrossEntropy<'_, T> {
    type Out = T;
    fn out_len(self) -> usize {
        3
    }
    fn work(self) -> usize {
        self.classes * Cost::Heavy as usize
    }
    #[inline(always)]
    fn row(self, i: usize, out: &mut [T]) {
        let x = row(self.logits, i, self.classes);
        let (m, ls) = log_sum_exp(x);
        // -log_softmax(x)[t], rounded as log_softmax rounds it.
        out[0] = -((x[self.target[i] as usize] - m) - ls);
        out[1] = m;
        out[2] = ls;
    }
}

/// The gradient of [`CrossEntropy`]'s per-row losses with respect to the logits: row `i`
/// is `g[i] * (softmax(x_i) - onehot(target[i]))`, with the softmax from the saved
/// `[loss, max, ln Σ]` per row.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CrossEntropyGrad<'a, T> {
    /// The forward's kernel (logits, classes and targets).
    pub fwd: CrossEntropy<'a, T>,
    /// The forward's output, three values per row.
    pub stats: &'a [T],
    /// The gradient of each row's loss.
    pub g: &'a [T],
}

impl<T: Float> Rows for CrossEntropyGrad<'_, T> {
    type Out = T;
    fn out_len(self) -> usize {
        self.fwd.classes
    }
    fn work(self) -> usize {
        self.fwd.classes * Cost::Heavy as usize
    }
    #[inline(always)]
    fn row(self, i: usize, out: &mut [T]) {
        let x = row(self.fwd.logits, i, self.fwd.classes);
        let (m, ls, g) = (self.stats[3 * i + 1], self.stats[3 * i + 2], self.g[i]);
        for (o, &v) in out.iter_mut().zip(x) {
            *o = g * ((v - m) - ls).exp_v();
        }
        let t = self.fwd.target[i] as usize;
        out[t] = g * (((x[t] - m) - ls).exp_v() - T::ONE);
    }
}

/// `Σ f(a[j], b[j])` over equally long slices, one [`super::REDUCE_CHUNK`] piece per row.
#[derive(Clone, Copy, Debug)]
struct PairSum<'a, T, F> {
    a: &'a [T],
    b: &'a [T],
    f: F,
}

impl<T: Float, F: Fn(T, T) -> T + Copy + Send + Sync> Rows for PairSum<'_, T, F> {
    type Out = T;
    fn out_len(self) -> usize {
        1
    }
    fn work(self) -> usize {
        super::REDUCE_CHUNK
    }
    #[inline(always)]
    fn row(self, i: usize, out: &mut [T]) {
        let end = ((i + 1) * super::REDUCE_CHUNK).min(self.a.len());
        let r = i * super::REDUCE_CHUNK..end;
        let (a, b) = (&self.a[r.clone()], &self.b[r]);
        let mut acc = [T::ZERO; LANES];
        let n = a.len() - a.len() % LANES;
        for (ca, cb) in a[..n].chunks_exact(LANES).zip(b[..n].chunks_exact(LANES)) {
            for l in 0..LANES {
                acc[l] = acc[l] + (self.f)(ca[l], cb[l]);
            }
        }
        let tail = (a[n..].iter().zip(&b[n..])).fold(T::ZERO, |s, (&x, &y)| s + (self.f)(x, y));
        out[0] = fold_lanes(acc, |x, y| x + y) + tail;
    }
}

/// `Σ f(a[j], b[j])` of two equally long slices in one pass (a loss reduced without its
/// per-element tensor): summed in `T` over fixed [`super::REDUCE_CHUNK`] pieces, and the
/// pieces in `f64` in order, so the result does not depend on the thread count.
///
/// # Panics
/// If the slices differ in length (a bug in the caller).
pub(crate) fn pair_sum<T: Float>(
    a: &[T],
    b: &[T],
    f: impl Fn(T, T) -> T + Copy + Send + Sync,
) -> f64 {
    assert_eq!(a.len(), b.len(), "pair_sum: slices of one length");
    let mut parts = vec![T::ZERO; a.len().div_ceil(super::REDUCE_CHUNK)];
    run_rows(PairSum { a, b, f }, &mut parts);
    parts.iter().map(|&p| Element::to_f64(p)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_skips_nan_and_handles_every_tail_length() {
        for n in 0..40 {
            let x: Vec<f32> = (0..n).map(|i| ((i * 7) % 13) as f32 - 6.0).collect();
            let want = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            assert_eq!(max(&x), want, "n = {n}");
        }
        let mut x = vec![1.0f32; 33];
        x[5] = f32::NAN;
        x[32] = 2.0;
        assert_eq!(max(&x), 2.0);
        assert_eq!(max(&[f32::NAN; 3]), f32::NEG_INFINITY);
    }

    #[test]
    fn softmax_and_log_softmax_rows_match_f64_at_every_length() {
        for n in 1..40 {
            let x: Vec<f32> = (0..n).map(|i| ((i * 5) % 17) as f32 * 0.9 - 7.0).collect();
            let xd: Vec<f64> = x.iter().map(|&v| v as f64).collect();
            let m = xd.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let s: f64 = xd.iter().map(|v| (v - m).exp()).sum();
            let (mut sm, mut ls) = (vec![0.0f32; n], vec![0.0f32; n]);
            softmax_row(&x, &mut sm);
            log_softmax_row(&x, &mut ls);
            for j in 0..n {
                let p = (xd[j] - m).exp() / s;
                assert!((sm[j] as f64 - p).abs() <= 1e-6 * p + 1e-12, "n {n} j {j}");
                let l = (xd[j] - m) - s.ln();
                assert!(
                    (ls[j] as f64 - l).abs() <= 2e-6 * (1.0 + l.abs()),
                    "n {n} j {j}"
                );
            }
        }
    }

    #[test]
    fn pair_sum_matches_f64_across_pieces_and_threads() {
        // Longer than several REDUCE_CHUNK pieces, with a ragged end.
        let n = 5 * super::super::REDUCE_CHUNK + 37;
        let a: Vec<f32> = (0..n).map(|i| ((i * 31) % 101) as f32 * 0.01).collect();
        let b: Vec<f32> = (0..n).map(|i| ((i * 17) % 89) as f32 * 0.02).collect();
        let want: f64 = a
            .iter()
            .zip(&b)
            .map(|(&x, &y)| (x as f64 - y as f64).powi(2))
            .sum();
        let sq = |x: f32, y: f32| (x - y) * (x - y);
        let got = pair_sum(&a, &b, sq);
        assert!((got - want).abs() <= 1e-6 * want, "{got} vs {want}");
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| pair_sum(&a, &b, sq));
        assert_eq!(one, got);
        assert_eq!(pair_sum::<f64>(&[], &[], |x, y| x * y), 0.0);
    }
}
