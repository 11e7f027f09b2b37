//! `Σ e^{x[j] - m}` of an `f32` row with the max of the next row, in AVX2 or AVX-512: the
//! log-sum-exp pass of `cross_entropy` with fewer multiplies.
//!
//! The generic pass ([`super::rows`]) spends 9 of its ~18 vector ops per 8 terms on the
//! multiply-add units (`x log2 e`, a degree-6 `2^f`, the scaling by `2^n`), and those are
//! what the two cores of this machine share: measured in a scratch copy, one thread took
//! 0.43 ns a term alone and 0.55 with the other core busy. Here `2^f` for `|f| <= 1/16` is
//! a cubic times an entry of an 8-entry table of `2^{j/8}` (one `vpermps`, the table in a
//! register), and `2^n` is an integer add to the exponent field: 5 multiply-adds per 8
//! terms. Same scratch copy: 0.43 ns a term per thread with both cores busy, 0.55 before.
//!
//! [`exp_sum_term_eighths`] is the same arithmetic on one value, the reference the tests
//! hold the kernel to. Arguments below `math::LN_MIN_POSITIVE`, where `e^x` is subnormal,
//! are clamped up to it.

use super::math::LN_MIN_POSITIVE;

/// `2^{j/8}` for `j = 0..8`, rounded to `f32`.
const EXP2_EIGHTHS: [f32; 8] = [
    1.0,
    1.090_507_7,
    1.189_207_1,
    1.296_839_6,
    std::f32::consts::SQRT_2,
    1.542_210_8,
    1.681_792_8,
    1.834_008_1,
];

/// `2^f = 1 + f (c0 + c1 f + c2 f^2)` on `[-1/16, 1/16]`: relative error 2.7e-8 (0.46 units
/// of `2^-24`; a least-squares fit reweighted towards minimax, coefficients rounded to
/// `f32` one at a time with the rest refitted).
const EXP2_CUBIC: [f32; 3] = [0.693_147_24, 0.240_257_55, 0.055_496_186];

/// `1.5 * 2^20`: adding it rounds to a multiple of 1/8, leaving `8 n + j` in the low bits.
const EIGHTHS_MAGIC: f32 = 1_572_864.0;

/// `e^x` for `x <= 0` as a term of a sum of at least 1, by the kernel's arithmetic:
/// relative error at most `(2 + 1.25 |x|) 2^-24` (as `math::exp_sum_term_f32`); below
/// `LN_MIN_POSITIVE` and at `-inf` a term under `2^-125` instead of 0 (nothing next to a
/// total of at least 1); NaN stays NaN.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn exp_sum_term_eighths(x: f32) -> f32 {
    // A comparison that keeps NaN, as `maxps(floor, x)` does.
    let x = if LN_MIN_POSITIVE > x {
        LN_MIN_POSITIVE
    } else {
        x
    };
    let y = x * std::f32::consts::LOG2_E;
    let t = y + EIGHTHS_MAGIC;
    let f = y - (t - EIGHTHS_MAGIC);
    let c = EXP2_CUBIC;
    // `2^{j/8} (1 + q)` as `2^{j/8} + 2^{j/8} q`, rounded once.
    let q = c[2].mul_add(f, c[1]).mul_add(f, c[0]) * f;
    let bits = t.to_bits();
    let s = EXP2_EIGHTHS[(bits & 7) as usize];
    let e = q.mul_add(s, s);
    f32::from_bits(e.to_bits().wrapping_add((bits & !7) << 20))
}

/// `(Σ e^{x[j] - m}, the max of next[..x.len()] skipping NaN)`, `m` the max of `x`, with
/// the terms of [`exp_sum_term_eighths`] (16 lanes with AVX-512 from 16 elements, else 8
/// with AVX2; the lanes' sums are added in a fixed order, so the result depends on the data
/// and that width only); `None` if `x` is shorter than 8 elements or the CPU lacks AVX2 and
/// FMA (the caller's generic pass then runs). `next` must be at least as
/// long as `x`. Lines `ahead` (one row's worth) are prefetched on the way.
///
/// # Panics
/// If `next` is shorter than `x` (a bug in the caller).
#[inline]
pub(crate) fn sum_exp_and_next_max_f32(
    x: &[f32],
    m: f32,
    next: &[f32],
    ahead: *const f32,
) -> Option<(f32, f32)> {
    #[cfg(target_arch = "x86_64")]
    if x.len() >= 16 && super::simd::simd_level() == "avx512" {
        let next = &next[..x.len()];
        // SAFETY: the level is "avx512" only after AVX-512F was detected; `x` and `next`
        // have one length, at least 16.
        return Some(unsafe { avx512::sum_exp_and_next_max(x, m, next, ahead) });
    }
    #[cfg(target_arch = "x86_64")]
    if x.len() >= 8 && matches!(super::simd::simd_level(), "avx2" | "avx512") {
        let next = &next[..x.len()];
        // SAFETY: the level is "avx2" or "avx512" only after AVX2 and FMA were detected;
        // `x` and `next` have one length, at least 8.
        return Some(unsafe { avx2::sum_exp_and_next_max(x, m, next, ahead) });
    }
    let _ = (x, m, next, ahead);
    None
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{EIGHTHS_MAGIC, EXP2_CUBIC, EXP2_EIGHTHS, LN_MIN_POSITIVE};
    use crate::kernel::rows::prefetch;

    /// The constants of [`terms`], loaded once per row.
    struct Consts {
        floor: __m256,
        log2e: __m256,
        magic: __m256,
        c: [__m256; 3],
        table: __m256,
        seven: __m256i,
    }

    /// `e^{x - m}` of 8 lanes as [`super::exp_sum_term_eighths`] computes each.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn terms(x: __m256, m: __m256, k: &Consts) -> __m256 {
        // `maxps(floor, d)` returns `d` when `d` is NaN: NaN passes.
        let d = _mm256_max_ps(k.floor, _mm256_sub_ps(x, m));
        let y = _mm256_mul_ps(d, k.log2e);
        let t = _mm256_add_ps(y, k.magic);
        let f = _mm256_sub_ps(y, _mm256_sub_ps(t, k.magic));
        let q = _mm256_fmadd_ps(k.c[2], f, k.c[1]);
        let q = _mm256_mul_ps(_mm256_fmadd_ps(q, f, k.c[0]), f);
        // `t`'s bits are those of the magic plus `8 n + j`: `vpermps` takes the low 3
        // (j), and `(bits & !7) << 20` is `n << 23` mod 2^32 (the magic's bits shift out).
        let bits = _mm256_castps_si256(t);
        let s = _mm256_permutevar8x32_ps(k.table, bits);
        let e = _mm256_fmadd_ps(q, s, s);
        let n = _mm256_slli_epi32::<20>(_mm256_andnot_si256(k.seven, bits));
        _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(e), n))
    }

    /// # Safety
    /// The CPU must support AVX2 and FMA; `x.len() == next.len() >= 8`.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn sum_exp_and_next_max(
        x: &[f32],
        m: f32,
        next: &[f32],
        ahead: *const f32,
    ) -> (f32, f32) {
        const V: usize = 8;
        let n = x.len();
        debug_assert!(n >= V && next.len() == n);
        let (px, pn) = (x.as_ptr(), next.as_ptr());
        // SAFETY: each call below reads 8 elements at an `i` with `i + 8 <= n`, inside `x`
        // and `next` (of length n).
        let load = |p: *const f32, i: usize| unsafe { _mm256_loadu_ps(p.add(i)) };
        let k = Consts {
            floor: _mm256_set1_ps(LN_MIN_POSITIVE),
            log2e: _mm256_set1_ps(std::f32::consts::LOG2_E),
            magic: _mm256_set1_ps(EIGHTHS_MAGIC),
            c: EXP2_CUBIC.map(|c| _mm256_set1_ps(c)),
            // SAFETY: the table holds 8 f32.
            table: unsafe { _mm256_loadu_ps(EXP2_EIGHTHS.as_ptr()) },
            seven: _mm256_set1_epi32(7),
        };
        let mv = _mm256_set1_ps(m);
        let mut acc = [_mm256_setzero_ps(); 2];
        let mut mx = [_mm256_set1_ps(f32::NEG_INFINITY); 2];
        let mut i = 0;
        while i + 2 * V <= n {
            prefetch(ahead.wrapping_add(i), 2 * V);
            for h in 0..2 {
                acc[h] = _mm256_add_ps(acc[h], terms(load(px, i + h * V), mv, &k));
                // `maxps(v, acc)` returns `acc` when `v` is NaN: NaN is skipped.
                mx[h] = _mm256_max_ps(load(pn, i + h * V), mx[h]);
            }
            i += 2 * V;
        }
        if i + V <= n {
            acc[0] = _mm256_add_ps(acc[0], terms(load(px, i), mv, &k));
            mx[0] = _mm256_max_ps(load(pn, i), mx[0]);
            i += V;
        }
        if i < n {
            // The last 8 elements; the first `8 - rest` were counted above and are masked
            // out of the sum (a max may see them twice).
            let rest = (n - i) as i32;
            let lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            let new = _mm256_cmpgt_epi32(lane, _mm256_set1_epi32(7 - rest));
            let e = terms(load(px, n - V), mv, &k);
            acc[1] = _mm256_add_ps(acc[1], _mm256_and_ps(_mm256_castsi256_ps(new), e));
            mx[1] = _mm256_max_ps(load(pn, n - V), mx[1]);
        }
        let mut sums = [0.0f32; V];
        let mut maxes = [0.0f32; V];
        // SAFETY: both arrays hold 8 f32.
        unsafe {
            _mm256_storeu_ps(sums.as_mut_ptr(), _mm256_add_ps(acc[0], acc[1]));
            _mm256_storeu_ps(maxes.as_mut_ptr(), _mm256_max_ps(mx[0], mx[1]));
        }
        // Fixed pairwise orders: the result depends on the data only.
        let s = ((sums[0] + sums[4]) + (sums[2] + sums[6]))
            + ((sums[1] + sums[5]) + (sums[3] + sums[7]));
        let max2 = |a: f32, b: f32| if b > a { b } else { a };
        let mx = maxes.into_iter().fold(f32::NEG_INFINITY, max2);
        (s, mx)
    }
}

/// [`avx2`] in 512-bit registers, the same arithmetic on 16 lanes: `vpermps` of 16
/// entries takes the low 4 bits of `t`, so the table holds the 8 eighths twice (bit 3, the
/// low bit of `n`, then picks the same entry). The tail is a masked load, whose lanes past
/// the end are never read.
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::{EIGHTHS_MAGIC, EXP2_CUBIC, EXP2_EIGHTHS, LN_MIN_POSITIVE};
    use crate::kernel::rows::prefetch;

    /// [`EXP2_EIGHTHS`] twice over, for the 16-entry `vpermps`.
    const EIGHTHS_TWICE: [f32; 16] = {
        let mut t = [0.0; 16];
        let mut j = 0;
        while j < 16 {
            t[j] = EXP2_EIGHTHS[j % 8];
            j += 1;
        }
        t
    };

    /// The constants of [`terms`], loaded once per row.
    struct Consts {
        floor: __m512,
        log2e: __m512,
        magic: __m512,
        c: [__m512; 3],
        table: __m512,
        seven: __m512i,
    }

    /// `e^{x - m}` of 16 lanes as [`super::exp_sum_term_eighths`] computes each.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn terms(x: __m512, m: __m512, k: &Consts) -> __m512 {
        // `vmaxps(floor, d)` returns `d` when `d` is NaN: NaN passes.
        let d = _mm512_max_ps(k.floor, _mm512_sub_ps(x, m));
        let y = _mm512_mul_ps(d, k.log2e);
        let t = _mm512_add_ps(y, k.magic);
        let f = _mm512_sub_ps(y, _mm512_sub_ps(t, k.magic));
        let q = _mm512_fmadd_ps(k.c[2], f, k.c[1]);
        let q = _mm512_mul_ps(_mm512_fmadd_ps(q, f, k.c[0]), f);
        let bits = _mm512_castps_si512(t);
        let s = _mm512_permutexvar_ps(bits, k.table);
        let e = _mm512_fmadd_ps(q, s, s);
        let n = _mm512_slli_epi32::<20>(_mm512_andnot_si512(k.seven, bits));
        _mm512_castsi512_ps(_mm512_add_epi32(_mm512_castps_si512(e), n))
    }

    /// # Safety
    /// The CPU must support AVX-512F; `x.len() == next.len() >= 16`.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn sum_exp_and_next_max(
        x: &[f32],
        m: f32,
        next: &[f32],
        ahead: *const f32,
    ) -> (f32, f32) {
        const V: usize = 16;
        let n = x.len();
        debug_assert!(n >= V && next.len() == n);
        let (px, pn) = (x.as_ptr(), next.as_ptr());
        // SAFETY: each call below reads 16 elements at an `i` with `i + 16 <= n`, inside
        // `x` and `next` (of length n).
        let load = |p: *const f32, i: usize| unsafe { _mm512_loadu_ps(p.add(i)) };
        let k = Consts {
            floor: _mm512_set1_ps(LN_MIN_POSITIVE),
            log2e: _mm512_set1_ps(std::f32::consts::LOG2_E),
            magic: _mm512_set1_ps(EIGHTHS_MAGIC),
            c: EXP2_CUBIC.map(|c| _mm512_set1_ps(c)),
            // SAFETY: the table holds 16 f32.
            table: unsafe { _mm512_loadu_ps(EIGHTHS_TWICE.as_ptr()) },
            seven: _mm512_set1_epi32(7),
        };
        let mv = _mm512_set1_ps(m);
        let mut acc = [_mm512_setzero_ps(); 2];
        let mut mx = [_mm512_set1_ps(f32::NEG_INFINITY); 2];
        let mut i = 0;
        while i + 2 * V <= n {
            prefetch(ahead.wrapping_add(i), 2 * V);
            for h in 0..2 {
                acc[h] = _mm512_add_ps(acc[h], terms(load(px, i + h * V), mv, &k));
                // `vmaxps(v, acc)` returns `acc` when `v` is NaN: NaN is skipped.
                mx[h] = _mm512_max_ps(load(pn, i + h * V), mx[h]);
            }
            i += 2 * V;
        }
        if i + V <= n {
            acc[0] = _mm512_add_ps(acc[0], terms(load(px, i), mv, &k));
            mx[0] = _mm512_max_ps(load(pn, i), mx[0]);
            i += V;
        }
        if i < n {
            // The last `n - i < 16` elements, by a masked load: lanes past the end are not
            // read (no fault) and add nothing.
            let live: __mmask16 = (1u16 << (n - i)) - 1;
            // SAFETY: the lanes of `live` are `i..n`, inside `x` and `next`; masked-off
            // lanes are neither read nor faulted on.
            let (vx, vn) = unsafe {
                (
                    _mm512_maskz_loadu_ps(live, px.add(i)),
                    _mm512_maskz_loadu_ps(live, pn.add(i)),
                )
            };
            acc[1] = _mm512_mask_add_ps(acc[1], live, acc[1], terms(vx, mv, &k));
            mx[1] = _mm512_mask_max_ps(mx[1], live, vn, mx[1]);
        }
        let mut sums = [0.0f32; V];
        let mut maxes = [0.0f32; V];
        // SAFETY: both arrays hold 16 f32.
        unsafe {
            _mm512_storeu_ps(sums.as_mut_ptr(), _mm512_add_ps(acc[0], acc[1]));
            _mm512_storeu_ps(maxes.as_mut_ptr(), _mm512_max_ps(mx[0], mx[1]));
        }
        // A fixed pairwise order: the result depends on the data only.
        let mut w = V;
        while w > 1 {
            w /= 2;
            for j in 0..w {
                sums[j] += sums[j + w];
            }
        }
        let max2 = |a: f32, b: f32| if b > a { b } else { a };
        let mx = maxes.into_iter().fold(f32::NEG_INFINITY, max2);
        (sums[0], mx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(got: f32, want: f64) -> f64 {
        (f64::from(got) - want).abs() / want / 2f64.powi(-24)
    }

    /// The reference arithmetic against `f64`, every 97th `f32` in `[LN_MIN_POSITIVE, 0]`
    /// (about 11 million values): within `(2 + 1.25 |x|) 2^-24`, and within half of that
    /// somewhere.
    #[test]
    fn term_error_is_within_the_sum_term_bound() {
        let (lo, hi) = (0u32, (-LN_MIN_POSITIVE).to_bits());
        let mut worst = 0.0f64;
        for b in (lo..=hi).step_by(97).chain([hi]) {
            let x = -f32::from_bits(b);
            let x = if b == 0 { 0.0 } else { x };
            let rel = units(exp_sum_term_eighths(x), f64::from(x).exp());
            let bound = 2.0 + 1.25 * f64::from(x).abs();
            assert!(rel <= bound, "e^{x}: {rel} units, bound {bound}");
            worst = worst.max(rel / bound);
        }
        assert!(worst > 0.5, "{worst}");
        assert_eq!(exp_sum_term_eighths(0.0), 1.0);
        assert_eq!(exp_sum_term_eighths(-0.0), 1.0);
        assert!(exp_sum_term_eighths(f32::NAN).is_nan());
        assert!(exp_sum_term_eighths(LN_MIN_POSITIVE) >= f32::MIN_POSITIVE);
        let floor = exp_sum_term_eighths(LN_MIN_POSITIVE);
        for x in [
            LN_MIN_POSITIVE.next_down(),
            -100.0,
            -1e30,
            f32::NEG_INFINITY,
        ] {
            let e = exp_sum_term_eighths(x);
            assert!(
                (0.0..=floor).contains(&e) && floor < 2f32.powi(-125),
                "{x}: {e}"
            );
        }
    }

    /// The kernel against the reference summed in `f64`, and the next row's max, at
    /// lengths around each loop's edges (the masked tail: 9..15, 17..23, ...).
    #[test]
    fn kernel_sums_the_reference_terms_and_takes_the_next_max() {
        for n in [
            7usize, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 47, 48, 49, 63, 100, 1000, 1001,
        ] {
            let x: Vec<f32> = (0..n)
                .map(|i| ((i * 37) % 101) as f32 * 0.25 - 20.0)
                .collect();
            let m = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut next: Vec<f32> = (0..n).map(|i| ((i * 53) % 89) as f32 - 44.0).collect();
            next[n / 2] = f32::NAN;
            let Some((s, mx)) = sum_exp_and_next_max_f32(&x, m, &next, next.as_ptr()) else {
                assert!(n < 8 || !matches!(crate::kernel::simd::simd_level(), "avx2" | "avx512"));
                continue;
            };
            let want: f64 = x
                .iter()
                .map(|&v| f64::from(exp_sum_term_eighths(v - m)))
                .sum();
            assert!(
                (f64::from(s) - want).abs() <= want * 1e-6,
                "n {n}: {s} vs {want}"
            );
            let exact: f64 = x.iter().map(|&v| f64::from(v - m).exp()).sum();
            assert!(
                (f64::from(s) - exact).abs() <= exact * 2e-6,
                "n {n}: {s} vs {exact}"
            );
            let want_max = next
                .iter()
                .copied()
                .filter(|v| !v.is_nan())
                .fold(f32::NEG_INFINITY, f32::max);
            assert_eq!(mx, want_max, "n {n}");
            // A NaN logit (anywhere, the tail included) makes the sum NaN.
            for at in [0, n / 2, n - 1] {
                let mut y = x.clone();
                y[at] = f32::NAN;
                let (s, _) = sum_exp_and_next_max_f32(&y, m, &next, next.as_ptr()).unwrap();
                assert!(s.is_nan(), "n {n}, NaN at {at}");
            }
        }
    }
}
