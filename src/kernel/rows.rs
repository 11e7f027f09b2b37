//! Fused row kernels: `softmax`, `log_softmax` and the cross entropy of rows of logits in
//! one or two passes over each row (one from memory, the rest in L1), and the fused
//! squared-error sum of `mse_loss`.
//!
//! A kernel implements [`Rows`]: it computes the outputs of a run of rows from inputs it
//! holds itself. [`run_rows`] splits the rows over the rayon pool and runs each piece
//! through a version of the loop compiled for AVX2 or AVX-512 (chosen at run time as in
//! [`super::simd`]); the row bodies are `#[inline(always)]`, so they are compiled, and
//! vectorized, with the features of the loop they land in. The helpers below keep
//! [`LANES`] independent accumulators so that the reductions are not bound by the latency
//! of one add (or max) chain.
//!
//! The softmax family is pipelined across rows ([`pipelined_rows`]): the pass that sums a
//! row's `e^{x - max}` also takes the max of the next row, the one pass that reads that row
//! from memory. Its loads then overlap the exponentials instead of stalling a pass of their
//! own: with [`Float::exp_nonpositive_v`], cross entropy of 4096 x 1000 went from 2.24 to
//! 1.47 ms (criterion, 2 threads). Where the exponentials are only summed (cross entropy,
//! `log_softmax`), they are [`Float::exp_sum_term_v`]: 1.22 to 1.06 ms for cross entropy,
//! 1.53 to 1.34 ms for `log_softmax` (criterion, one session). Cross entropy's `f32` pass
//! on AVX2 is [`super::sum_exp`] (a table of `2^{j/8}` and a cubic: fewer multiplies),
//! 1.14-1.23 to 0.90-1.03 ms.

use super::{Cost, simd};
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
    /// Writes the outputs of rows `first..` (as many as `out` holds, [`Rows::out_len`]
    /// each) into `out`, in order.
    fn rows(self, first: usize, out: &mut [Self::Out]);
}

macro_rules! isa_rows {
    ($name:ident, $features:literal) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $features)]
        unsafe fn $name<K: Rows>(k: K, first: usize, out: &mut [K::Out]) {
            k.rows(first, out)
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
        _ => k.rows(first, out),
    }
}

/// Fills `out` (`k.out_len()` values per row) with kernel `k`, spreading the rows over the
/// pool when the work pays.
pub(crate) fn run_rows<K: Rows>(k: K, out: &mut [K::Out]) {
    let len = k.out_len();
    super::par_groups(out, len, k.work(), |start, o| {
        rows_dispatch(k, start / len, o)
    });
}

/// Calls `f(i, outputs of row i)` for the rows `first..` that `out` holds, `len` outputs
/// each: [`Rows::rows`] of a kernel whose rows are independent.
#[inline(always)]
fn each_row<O>(first: usize, out: &mut [O], len: usize, mut f: impl FnMut(usize, &mut [O])) {
    for (r, o) in out.chunks_exact_mut(len).enumerate() {
        f(first + r, o);
    }
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

/// How many rows past the next one [`exp_sum_and_next_max`] prefetches: with logits out of
/// the last-level cache (a 16 MB tensor after another library's 16 MB intermediate), the
/// hardware prefetcher alone left these loops waiting on memory. Measured in a scratch
/// copy of the cross-entropy loop, 4096 x 1000, 2 threads, median of 40 runs each after
/// touching 96 MB: 2.18 ms without, 1.75-1.99 with 1, 2 or 4 rows ahead; with the
/// logits in cache 1.19 against 1.10-1.13.
const PREFETCH_ROWS: usize = 2;

/// Hints the cache to load the `count` elements from `p` (a hint only: it never faults,
/// whatever `p`, and does nothing on targets without one).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T, count: usize) {
    #[cfg(target_arch = "x86_64")]
    for offset in (0..count * std::mem::size_of::<T>()).step_by(64) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of the x86-64 baseline, and a prefetch reads nothing the
        // program sees and never faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>().wrapping_add(offset)) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (p, count);
}

/// `(Σ e^{x[j] - m}, max of next)` in one pass over `x` and `next` (of one length; `m` is
/// `x`'s max), writing `out[j] = keep(x[j] - m, e^{x[j] - m})` too if `STORE` (`out` as
/// long as `x`, else unused): writing the output here, where the arithmetic hides its
/// first-touch cache misses, leaves the row's last pass in L1. A row of at least [`LANES`]
/// ends with its last `LANES` elements, the ones already counted masked out of the sum, so
/// that no element goes through scalar code. The terms are [`Float::exp_nonpositive_v`] if
/// `TERMS_OUT` (softmax keeps them), else the cheaper [`Float::exp_sum_term_v`], accurate
/// as a sum only.
#[inline(always)]
fn exp_sum_and_next_max<T: Float, const STORE: bool, const TERMS_OUT: bool>(
    x: &[T],
    m: T,
    out: &mut [T],
    next: &[T],
    keep: impl Fn(T, T) -> T,
) -> (T, T) {
    let len = x.len();
    let next = &next[..len];
    let out = if STORE { &mut out[..len] } else { out };
    let mut acc = [T::ZERO; LANES];
    let mut mx = [T::neg_infinity(); LANES];
    let n = len - len % LANES;
    let chunks = x[..n]
        .chunks_exact(LANES)
        .zip(next[..n].chunks_exact(LANES));
    // The row `PREFETCH_ROWS` after `next`, whose lines are requested one iteration's
    // worth at a time (past the end of the buffer the hint is dropped).
    let ahead = next.as_ptr().wrapping_add(PREFETCH_ROWS * len);
    for (i, (c, nc)) in chunks.enumerate() {
        prefetch(ahead.wrapping_add(i * LANES), LANES);
        let mut kept = [T::ZERO; LANES];
        for l in 0..LANES {
            let d = c[l] - m;
            let e = term::<T, TERMS_OUT>(d);
            kept[l] = keep(d, e);
            acc[l] = acc[l] + e;
            mx[l] = max2(mx[l], nc[l]);
        }
        if STORE {
            out[i * LANES..(i + 1) * LANES].copy_from_slice(&kept);
        }
    }
    let rem = len - n;
    let mut tail = T::ZERO;
    if rem > 0 && len >= LANES {
        let w = len - LANES;
        let (c, nc) = (&x[w..], &next[w..]);
        let mut kept = [T::ZERO; LANES];
        for l in 0..LANES {
            let d = c[l] - m;
            let e = term::<T, TERMS_OUT>(d);
            kept[l] = keep(d, e);
            acc[l] = acc[l] + if l >= LANES - rem { e } else { T::ZERO };
            mx[l] = max2(mx[l], nc[l]);
        }
        if STORE {
            // Rewrites the overlap with the values it already holds.
            out[w..].copy_from_slice(&kept);
        }
    } else {
        for j in n..len {
            let d = x[j] - m;
            let e = term::<T, TERMS_OUT>(d);
            if STORE {
                out[j] = keep(d, e);
            }
            tail = tail + e;
            mx[0] = max2(mx[0], next[j]);
        }
    }
    (
        fold_lanes(acc, |a, b| a + b) + tail,
        fold_lanes(mx, |a, b| max2(a, b)),
    )
}

/// `e^d` for `d <= 0`: exact to 1 ulp if the term is an output, else as a term of a sum.
#[inline(always)]
fn term<T: Float, const TERMS_OUT: bool>(d: T) -> T {
    if TERMS_OUT {
        d.exp_nonpositive_v()
    } else {
        d.exp_sum_term_v()
    }
}

/// Runs `f(r, row r, its max, row r + 1)` over the rows of `len` of `x` in order, where `f`
/// returns the max of the row it was given as the next one (the last row is its own next);
/// only the first row has a pass of its own for its max.
#[inline(always)]
fn pipelined_rows<T: Float>(x: &[T], len: usize, mut f: impl FnMut(usize, &[T], T, &[T]) -> T) {
    let count = x.len().checked_div(len).unwrap_or(0);
    if count == 0 {
        return;
    }
    let mut m = max(row(x, 0, len));
    for r in 0..count {
        let this = row(x, r, len);
        let next = if r + 1 < count {
            row(x, r + 1, len)
        } else {
            this
        };
        m = f(r, this, m, next);
    }
}

/// `softmax` of row `x` with max `m`: `e^{x - m}` written to `out` while summing, then
/// scaled by `1 / Σ`. Subtracting the max keeps every exponent <= 0, so the sum is at least
/// 1 (NaN for a row with NaN or `+inf`, or all `-inf`, as in PyTorch). Returns the max of
/// `next`.
#[inline(always)]
fn softmax_row<T: Float>(x: &[T], m: T, next: &[T], out: &mut [T]) -> T {
    let (sum, next_max) = exp_sum_and_next_max::<T, true, true>(x, m, out, next, |_, e| e);
    let inv = T::ONE / sum;
    for o in out.iter_mut() {
        *o = *o * inv;
    }
    next_max
}

/// `ln Σ e^{x - m}` of row `x` with max `m` (its log-sum-exp is `m` plus that, kept apart
/// so that `x - m - ln Σ` rounds as little as possible), and the max of `next`.
#[inline(always)]
fn log_sum_exp<T: Float>(x: &[T], m: T, next: &[T]) -> (T, T) {
    let ahead = next.as_ptr().wrapping_add(PREFETCH_ROWS * x.len());
    if let Some((sum, next_max)) = T::sum_exp_and_next_max(x, m, next, ahead) {
        return (sum.ln_v(), next_max);
    }
    let (sum, next_max) = exp_sum_and_next_max::<T, false, false>(x, m, &mut [], next, |d, _| d);
    (sum.ln_v(), next_max)
}

/// `log_softmax` of row `x` with max `m`: `(x - m) - ln Σ e^{x - m}`, `x - m` stored by
/// the pass that sums. Returns the max of `next`.
#[inline(always)]
fn log_softmax_row<T: Float>(x: &[T], m: T, next: &[T], out: &mut [T]) -> T {
    let (sum, next_max) = exp_sum_and_next_max::<T, true, false>(x, m, out, next, |d, _| d);
    let ls = sum.ln_v();
    for o in out.iter_mut() {
        *o = *o - ls;
    }
    next_max
}

/// A function of a row given its max, returning the next row's, as a type (a fn item
/// passed by value would be called through a shim compiled without the loop's target
/// features, and not vectorized).
trait RowFn: Copy + Send + Sync {
    /// Writes the result for row `x` (with max `m`) into `out` (same length); returns the
    /// max of `next`.
    fn apply<T: Float>(self, x: &[T], m: T, next: &[T], out: &mut [T]) -> T;
}

#[derive(Clone, Copy)]
struct SoftmaxFn;

impl RowFn for SoftmaxFn {
    #[inline(always)]
    fn apply<T: Float>(self, x: &[T], m: T, next: &[T], out: &mut [T]) -> T {
        softmax_row(x, m, next, out)
    }
}

#[derive(Clone, Copy)]
struct LogSoftmaxFn;

impl RowFn for LogSoftmaxFn {
    #[inline(always)]
    fn apply<T: Float>(self, x: &[T], m: T, next: &[T], out: &mut [T]) -> T {
        log_softmax_row(x, m, next, out)
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
    fn rows(self, first: usize, out: &mut [T]) {
        let x = &self.x[first * self.len..][..out.len()];
        pipelined_rows(x, self.len, |r, x, m, next| {
            let o = &mut out[r * self.len..(r + 1) * self.len];
            self.f.apply(x, m, next, o)
        });
    }
}

/// Runs row function `f` on the consecutive rows of `len` in `x`, with the best loop for
/// this CPU.
fn block<T: Float, F: RowFn>(f: F, x: &[T], len: usize, out: &mut [T]) {
    if !x.is_empty() {
        rows_dispatch(RowMap { x, len, f }, 0, out);
    }
}

/// `softmax` of each row of `len` of `x` into `out` (same length), with the best loop for
/// this CPU.
pub(crate) fn softmax<T: Float>(x: &[T], len: usize, out: &mut [T]) {
    block(SoftmaxFn, x, len, out)
}

/// `log_softmax` of each row of `len` of `x` into `out` (same length), with the best loop
/// for this CPU.
pub(crate) fn log_softmax<T: Float>(x: &[T], len: usize, out: &mut [T]) {
    block(LogSoftmaxFn, x, len, out)
}

/// The cross entropy of each row of `(N, classes)` logits against its class index
/// (checked to lie in `0..classes` by the caller): per row `[loss, max, ln Σ e^{x - max}]`,
/// the last two being what the backward needs. One pass over each row but a block's first
/// (its max is taken in the previous row's pass, see [`pipelined_rows`]), no `log_softmax`
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
    fn rows(self, first: usize, out: &mut [T]) {
        let c = self.classes;
        let x = &self.logits[first * c..][..out.len() / 3 * c];
        pipelined_rows(x, c, |r, x, m, next| {
            let (ls, next_max) = log_sum_exp(x, m, next);
            // -log_softmax(x)[t], rounded as log_softmax rounds it.
            let o = &mut out[3 * r..3 * r + 3];
            o[0] = -((x[self.target[first + r] as usize] - m) - ls);
            o[1] = m;
            o[2] = ls;
            next_max
        });
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
    fn rows(self, first: usize, out: &mut [T]) {
        let c = self.fwd.classes;
        each_row(first, out, c, |i, out| {
            let x = row(self.fwd.logits, i, c);
            let (m, ls, g) = (self.stats[3 * i + 1], self.stats[3 * i + 2], self.g[i]);
            // `(v - m) - ls <= 0`: `v <= m` and `ls >= 0` (the max's own term is 1).
            for (o, &v) in out.iter_mut().zip(x) {
                *o = g * ((v - m) - ls).exp_nonpositive_v();
            }
            let t = self.fwd.target[i] as usize;
            out[t] = g * (((x[t] - m) - ls).exp_nonpositive_v() - T::ONE);
        });
    }
}

/// How many elements ahead [`PairSum`] prefetches both of its inputs: two streams out of
/// the last-level cache (PyTorch's run of the same loss in between) otherwise left the loop
/// waiting on memory at each 4 KiB page, where the hardware prefetcher stops. Measured from
/// Python, `mse_loss` of 4096x1000 `f32`, 2 threads: 2.06 -> 1.48 ms.
const PAIR_PREFETCH: usize = 1024;

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
    fn rows(self, first: usize, out: &mut [T]) {
        each_row(first, out, 1, |i, out| {
            let end = ((i + 1) * super::REDUCE_CHUNK).min(self.a.len());
            let r = i * super::REDUCE_CHUNK..end;
            let (a, b) = (&self.a[r.clone()], &self.b[r]);
            let mut acc = [T::ZERO; LANES];
            let n = a.len() - a.len() % LANES;
            for (ca, cb) in a[..n].chunks_exact(LANES).zip(b[..n].chunks_exact(LANES)) {
                prefetch(ca.as_ptr().wrapping_add(PAIR_PREFETCH), LANES);
                prefetch(cb.as_ptr().wrapping_add(PAIR_PREFETCH), LANES);
                for l in 0..LANES {
                    acc[l] = acc[l] + (self.f)(ca[l], cb[l]);
                }
            }
            let tail = (a[n..].iter().zip(&b[n..])).fold(T::ZERO, |s, (&x, &y)| s + (self.f)(x, y));
            out[0] = fold_lanes(acc, |x, y| x + y) + tail;
        });
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

    /// The prefetch's edge: addresses outside any allocation (as past the last rows) are
    /// dropped hints, not faults; and a softmax of one row, whose prefetch lands past
    /// the buffer's end, is unchanged by it.
    #[test]
    fn prefetch_never_faults() {
        prefetch(std::ptr::null::<f32>(), 64);
        prefetch(usize::MAX as *const f64, 16);
        prefetch(8usize as *const u8, 1);
        let x = [0.0f32; 2 * LANES];
        let mut out = [0.0f32; 2 * LANES];
        softmax(&x, 2 * LANES, &mut out);
        assert_eq!(out, [1.0 / (2 * LANES) as f32; 2 * LANES]);
    }

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
        // Three rows per length, each with its max at a different place and 100 above the
        // previous row's (the next row's max comes from the previous row's pass: a stale
        // max would overflow e^{x - max}), in the scalar (below LANES), exact and
        // masked-tail shapes.
        for n in 1..70 {
            let x: Vec<f32> = (0..3 * n)
                .map(|i| ((i * 5) % 17) as f32 * 0.9 - 7.0 + (i / n) as f32 * 100.0)
                .collect();
            for log in [false, true] {
                let f = if log {
                    log_softmax::<f32>
                } else {
                    softmax::<f32>
                };
                let mut got = vec![0.0f32; 3 * n];
                f(&x, n, &mut got);
                for (r, (x, got)) in x.chunks(n).zip(got.chunks(n)).enumerate() {
                    let xd: Vec<f64> = x.iter().map(|&v| v as f64).collect();
                    let m = xd.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let s: f64 = xd.iter().map(|v| (v - m).exp()).sum();
                    for j in 0..n {
                        let (want, tol) = if log {
                            let l = (xd[j] - m) - s.ln();
                            (l, 2e-6 * (1.0 + l.abs()))
                        } else {
                            let p = (xd[j] - m).exp() / s;
                            (p, 1e-6 * p + 1e-12)
                        };
                        let e = (got[j] as f64 - want).abs();
                        assert!(e <= tol, "log {log} n {n} row {r} j {j}: {}", got[j]);
                    }
                }
            }
        }
    }

    #[test]
    fn softmax_rows_keep_nan_inf_and_tiny_terms_apart() {
        // Row 0 holds a NaN, row 1 a +inf, row 2 is all -inf: NaN rows, as in PyTorch; row 3
        // has a term 100 below its max, whose e^-100 is subnormal and flushes to 0.
        let mut x = vec![0.0f32; 4 * 20];
        x[3] = f32::NAN;
        x[20 + 7] = f32::INFINITY;
        x[40..60].fill(f32::NEG_INFINITY);
        x[60 + 19] = -100.0;
        let mut y = vec![1.0f32; 80];
        softmax(&x, 20, &mut y);
        for r in 0..3 {
            assert!(
                y[20 * r..20 * (r + 1)].iter().all(|v| v.is_nan()),
                "row {r}"
            );
        }
        assert!(y[60..79].iter().all(|&v| v == 1.0 / 19.0));
        assert_eq!(y[79], 0.0);
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
