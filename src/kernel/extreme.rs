//! `max`/`min` of an `f32` slice, NaN propagating, in two vector ops per 8 elements.
//!
//! The generic reducer ([`crate::ops::reduce::Max`] through [`super::simd::reduce`]) needs
//! four ops per vector to keep a NaN once seen (a compare, a NaN test, an or and a blend),
//! which made `max` 1.4x slower than `sum` at 1e5 elements and 1.7x along rows of 1000.
//! Here the value and the NaN are kept apart: `maxps(x, acc)` takes the larger of the
//! numbers and skips a NaN `x` (it returns its second operand when either is NaN), and a
//! separate flag collects `cmpunordps`, whose all-ones result is itself a NaN bit pattern,
//! so that flags combine with the same compare. The flags are combined pairwise within an
//! iteration (`unord(unord(x0, x1), unord(x2, x3))`), one op per vector all told, so that
//! each carried flag sees one compare per 64 elements and no latency chain bounds the
//! loop. With AVX-512 the same runs in 512-bit registers, the flags as compare masks. Only
//! f32 has this path (the benchmarked dtype); other types use the generic one.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// The largest (`MAX`) or smallest element of `x`, NaN if any element is NaN; `None` if
/// `x` is shorter than one vector or the CPU lacks AVX (the caller falls back to the
/// generic reducer). Which of equal zeros (`-0.0`, `0.0`) is returned is unspecified, as in
/// PyTorch.
#[inline]
pub(crate) fn extreme_f32<const MAX: bool>(x: &[f32]) -> Option<f32> {
    #[cfg(target_arch = "x86_64")]
    if x.len() >= 16 && super::simd::simd_level() == "avx512" {
        // SAFETY: the level is "avx512" only on a CPU with AVX-512F (detected), which
        // `extreme_avx512` is compiled with; `x` holds at least 16 elements.
        return Some(unsafe { extreme_avx512::<MAX>(x) });
    }
    #[cfg(target_arch = "x86_64")]
    if x.len() >= 8 && matches!(super::simd::simd_level(), "avx2" | "avx512") {
        // SAFETY: the level is "avx2" or "avx512" only on a CPU with AVX2 (detected), which
        // includes the AVX `extreme_avx` is compiled with; `x` holds at least 8 elements.
        return Some(unsafe { extreme_avx::<MAX>(x) });
    }
    let _ = x;
    None
}

/// `v` if it is strictly more extreme than `acc`, else `acc` (so a NaN `v` gives `acc`).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn pick<const MAX: bool>(v: __m256, acc: __m256) -> __m256 {
    // SAFETY: called only from `extreme_avx`, which runs on a CPU with AVX.
    unsafe {
        if MAX {
            _mm256_max_ps(v, acc)
        } else {
            _mm256_min_ps(v, acc)
        }
    }
}

/// All-ones lanes (a NaN pattern) where `a` or `b` is NaN, zero elsewhere.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn unord(a: __m256, b: __m256) -> __m256 {
    // SAFETY: as `pick`.
    unsafe { _mm256_cmp_ps::<_CMP_UNORD_Q>(a, b) }
}

/// # Safety
/// The CPU must support AVX, and `x.len() >= 8`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn extreme_avx<const MAX: bool>(x: &[f32]) -> f32 {
    const V: usize = 8;
    let n = x.len();
    debug_assert!(n >= V);
    let p = x.as_ptr();
    // SAFETY: every load below reads 8 elements at an offset `i` with `i + 8 <= n`.
    let load = |i: usize| unsafe { _mm256_loadu_ps(p.add(i)) };
    let identity = if MAX {
        f32::NEG_INFINITY
    } else {
        f32::INFINITY
    };
    // SAFETY: the intrinsics below need AVX, which the caller guarantees.
    unsafe {
        let mut acc = [_mm256_set1_ps(identity); 8];
        let mut nan = [_mm256_setzero_ps(); 2];
        let mut i = 0;
        while i + 8 * V <= n {
            let v: [__m256; 8] = std::array::from_fn(|k| load(i + k * V));
            for k in 0..8 {
                acc[k] = pick::<MAX>(v[k], acc[k]);
            }
            let lo = unord(unord(v[0], v[1]), unord(v[2], v[3]));
            let hi = unord(unord(v[4], v[5]), unord(v[6], v[7]));
            nan[0] = unord(nan[0], lo);
            nan[1] = unord(nan[1], hi);
            i += 8 * V;
        }
        while i + V <= n {
            let v = load(i);
            acc[0] = pick::<MAX>(v, acc[0]);
            nan[0] = unord(nan[0], v);
            i += V;
        }
        if i < n {
            // The last 8 elements, overlapping ones already seen: taking an extreme twice
            // changes nothing, and no element goes through scalar code.
            let v = load(n - V);
            acc[1] = pick::<MAX>(v, acc[1]);
            nan[1] = unord(nan[1], v);
        }
        if _mm256_movemask_ps(unord(nan[0], nan[1])) != 0 {
            return f32::NAN;
        }
        let mut a = acc[0];
        for &b in &acc[1..] {
            a = pick::<MAX>(b, a);
        }
        let mut lanes = [0.0f32; V];
        _mm256_storeu_ps(lanes.as_mut_ptr(), a);
        lanes.into_iter().fold(identity, |m, v| {
            if (MAX && v > m) || (!MAX && v < m) {
                v
            } else {
                m
            }
        })
    }
}

/// [`extreme_avx`] in 512-bit registers: with AVX-512, `sum` runs at 16 lanes, and the
/// 8-lane kernel made `max` 1.5x slower than `sum` at 1e5 elements (timed alternately).
/// Compares give masks here, so the NaN flags are the `or` of `cmpunordps` masks, one
/// compare per two vectors.
///
/// # Safety
/// The CPU must support AVX-512F, and `x.len() >= 16`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn extreme_avx512<const MAX: bool>(x: &[f32]) -> f32 {
    const V: usize = 16;
    let n = x.len();
    debug_assert!(n >= V);
    let p = x.as_ptr();
    // SAFETY: every load below reads 16 elements at an offset `i` with `i + 16 <= n`.
    let load = |i: usize| unsafe { _mm512_loadu_ps(p.add(i)) };
    let pick = |v: __m512, acc: __m512| {
        // `v` if strictly more extreme than `acc`, else `acc` (a NaN `v` gives `acc`).
        if MAX {
            _mm512_max_ps(v, acc)
        } else {
            _mm512_min_ps(v, acc)
        }
    };
    let unord = |a: __m512, b: __m512| _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(a, b);
    let identity = if MAX {
        f32::NEG_INFINITY
    } else {
        f32::INFINITY
    };
    let mut acc = [_mm512_set1_ps(identity); 8];
    let mut nan: __mmask16 = 0;
    let mut i = 0;
    while i + 8 * V <= n {
        let v: [__m512; 8] = std::array::from_fn(|k| load(i + k * V));
        for k in 0..8 {
            acc[k] = pick(v[k], acc[k]);
        }
        nan |= unord(v[0], v[1]) | unord(v[2], v[3]) | unord(v[4], v[5]) | unord(v[6], v[7]);
        i += 8 * V;
    }
    while i + V <= n {
        let v = load(i);
        acc[0] = pick(v, acc[0]);
        nan |= unord(v, v);
        i += V;
    }
    if i < n {
        // The last 16 elements, overlapping ones already seen (as in `extreme_avx`).
        let v = load(n - V);
        acc[1] = pick(v, acc[1]);
        nan |= unord(v, v);
    }
    if nan != 0 {
        return f32::NAN;
    }
    let mut a = acc[0];
    for &b in &acc[1..] {
        a = pick(b, a);
    }
    let mut lanes = [0.0f32; V];
    // SAFETY: `lanes` holds 16 `f32`.
    unsafe { _mm512_storeu_ps(lanes.as_mut_ptr(), a) };
    lanes.into_iter().fold(identity, |m, v| {
        if (MAX && v > m) || (!MAX && v < m) {
            v
        } else {
            m
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: the extreme by plain comparisons, NaN if any element is NaN.
    fn reference(x: &[f32], max: bool) -> f32 {
        if x.iter().any(|v| v.is_nan()) {
            return f32::NAN;
        }
        x.iter().fold(
            if max {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            },
            |m, &v| {
                if (max && v > m) || (!max && v < m) {
                    v
                } else {
                    m
                }
            },
        )
    }

    fn check(x: &[f32]) {
        for (got, max) in [
            (extreme_f32::<true>(x), true),
            (extreme_f32::<false>(x), false),
        ] {
            let Some(got) = got else {
                // No AVX (or a short slice): nothing of this kernel to test.
                assert!(
                    x.len() < 8 || !matches!(crate::kernel::simd::simd_level(), "avx2" | "avx512")
                );
                continue;
            };
            let want = reference(x, max);
            assert!(
                got == want || (got.is_nan() && want.is_nan()),
                "len {} max {max}: got {got}, want {want}",
                x.len()
            );
        }
    }

    /// Distinct values with the extreme placed at every position in turn, at lengths
    /// around each loop's edges (7 falls back; 8, one AVX vector; 63/64/65 its unrolled
    /// loop and the tails; 15/16/17 and 127/128/129 the same for AVX-512).
    #[test]
    fn finds_the_extreme_at_every_position_and_length() {
        for n in [
            7usize, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 72, 127, 128, 129, 143, 144, 200,
        ] {
            let base: Vec<f32> = (0..n).map(|i| ((i * 37) % 101) as f32 - 50.0).collect();
            check(&base);
            for at in 0..n {
                let mut x = base.clone();
                x[at] = 1e6;
                check(&x);
                x[at] = -1e6;
                check(&x);
                // A NaN anywhere, including the tail that is read twice or once.
                x[at] = f32::NAN;
                check(&x);
            }
        }
    }

    #[test]
    fn infinities_and_all_equal() {
        for n in [8usize, 13, 64, 100] {
            check(&vec![f32::NEG_INFINITY; n]);
            check(&vec![f32::INFINITY; n]);
            check(&vec![f32::NAN; n]);
            check(&vec![-3.5; n]);
            let mut x = vec![f32::NEG_INFINITY; n];
            x[n - 1] = f32::INFINITY;
            check(&x);
        }
    }

    #[test]
    fn zeros_compare_equal() {
        let mut x = vec![-0.0f32; 70];
        x[3] = 0.0;
        for v in [extreme_f32::<true>(&x), extreme_f32::<false>(&x)]
            .into_iter()
            .flatten()
        {
            assert_eq!(v, 0.0);
        }
    }
}
