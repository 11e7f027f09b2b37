//! Runtime instruction-set dispatch for the contiguous inner loops.
//!
//! A library is compiled for baseline x86-64 (SSE2) unless the user sets `target-cpu`, so the
//! hot loops are compiled three times: baseline, AVX2+FMA and AVX-512, and the best one the
//! CPU supports is chosen at run time (detected once, then one predictable branch per call).
//! The loops are plain iterator code; LLVM vectorizes them with the enabled features, and the
//! closures (the op's scalar function) are inlined into each version.

use std::sync::OnceLock;

use super::reduce::Reducer;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Base,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

fn level() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            if std::env::var_os("RUSTTORCH_NO_SIMD").is_some() {
                return Level::Base;
            }
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("avx512dq")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("fma")
            {
                return Level::Avx512;
            }
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                return Level::Avx2;
            }
        }
        Level::Base
    })
}

/// The instruction set the kernels use on this CPU: `"avx512"`, `"avx2"` or `"baseline"`.
/// Setting the environment variable `RUSTTORCH_NO_SIMD` forces the baseline.
pub fn simd_level() -> &'static str {
    match level() {
        Level::Base => "baseline",
        #[cfg(target_arch = "x86_64")]
        Level::Avx2 => "avx2",
        #[cfg(target_arch = "x86_64")]
        Level::Avx512 => "avx512",
    }
}

#[inline(always)]
fn map1_generic<A: Copy, U, F: Fn(A) -> U>(dst: &mut [U], a: &[A], f: F) {
    for (d, &x) in dst.iter_mut().zip(a) {
        *d = f(x);
    }
}

#[inline(always)]
fn map2_generic<A: Copy, B: Copy, U, F: Fn(A, B) -> U>(dst: &mut [U], a: &[A], b: &[B], f: F) {
    for ((d, &x), &y) in dst.iter_mut().zip(a).zip(b) {
        *d = f(x, y);
    }
}

#[inline(always)]
fn map3_generic<A: Copy, B: Copy, C: Copy, U, F: Fn(A, B, C) -> U>(
    dst: &mut [U],
    a: &[A],
    b: &[B],
    c: &[C],
    f: F,
) {
    for (((d, &x), &y), &z) in dst.iter_mut().zip(a).zip(b).zip(c) {
        *d = f(x, y, z);
    }
}

#[inline(always)]
fn apply_generic<U: Copy, F: Fn(U) -> U>(dst: &mut [U], f: F) {
    for d in dst.iter_mut() {
        *d = f(*d);
    }
}

#[inline(always)]
fn update_generic<U: Copy, B: Copy, F: Fn(U, B) -> U>(dst: &mut [U], b: &[B], f: F) {
    for (d, &y) in dst.iter_mut().zip(b) {
        *d = f(*d, y);
    }
}

/// Lanes of independent accumulators: eight AVX2 registers (four AVX-512 ones) of f32, so
/// that the loop is bound by loads rather than by the latency of one add chain.
const LANES: usize = 64;

#[inline(always)]
fn reduce_generic<T: Copy, R: Reducer<T>>(x: &[T], base: usize, r: R) -> R::Acc {
    if x.len() < LANES {
        // Too short for the lanes to pay: a plain fold (short rows of a dim reduction).
        return x
            .iter()
            .enumerate()
            .fold(r.init(), |acc, (j, &v)| r.step(acc, v, base + j));
    }
    let mut lanes = [r.init(); LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder();
    let mut i0 = base;
    for chunk in chunks {
        // NOTE: a fixed-size array and a zip (rather than indexing `lanes[l]` of a slice):
        // this is the form LLVM turns into full-width vector ops; the indexed form was
        // vectorized two lanes at a time.
        let chunk: &[T; LANES] = chunk.try_into().expect("chunks_exact gives LANES");
        for (l, (a, &v)) in lanes.iter_mut().zip(chunk).enumerate() {
            *a = r.step(*a, v, i0 + l);
        }
        i0 += LANES;
    }
    // The tail goes into the first lanes too (a vectorized loop, where a serial fold of up
    // to 63 elements cost as much as a row of 1000 in the lanes).
    for (l, (a, &v)) in lanes.iter_mut().zip(tail).enumerate() {
        *a = r.step(*a, v, i0 + l);
    }
    // A fixed merge tree, so the result depends on the data only.
    let mut w = LANES;
    while w > 1 {
        w /= 2;
        for l in 0..w {
            lanes[l] = r.merge(lanes[l], lanes[l + w]);
        }
    }
    lanes[0]
}

#[inline(always)]
fn step_rows_generic<T: Copy, R: Reducer<T>>(acc: &mut [R::Acc], row: &[T], index: usize, r: R) {
    for (a, &x) in acc.iter_mut().zip(row) {
        *a = r.step(*a, x, index);
    }
}

#[inline(always)]
fn update3_generic<U: Copy, F: Fn(&mut U, &mut U, &mut U, U)>(
    a: &mut [U],
    b: &mut [U],
    c: &mut [U],
    s: &[U],
    f: F,
) {
    for (((x, y), z), &w) in a.iter_mut().zip(b.iter_mut()).zip(c.iter_mut()).zip(s) {
        f(x, y, z, w);
    }
}

#[inline(always)]
fn update4_generic<U: Copy, F: Fn(&mut U, &mut U, &mut U, &mut U, U)>(
    a: &mut [U],
    b: &mut [U],
    c: &mut [U],
    d: &mut [U],
    s: &[U],
    f: F,
) {
    let quads = a
        .iter_mut()
        .zip(b.iter_mut())
        .zip(c.iter_mut())
        .zip(d.iter_mut());
    for ((((x, y), z), u), &w) in quads.zip(s) {
        f(x, y, z, u, w);
    }
}

#[inline(always)]
fn merge_rows_generic<T: Copy, R: Reducer<T>>(acc: &mut [R::Acc], other: &[R::Acc], r: R) {
    for (a, &b) in acc.iter_mut().zip(other) {
        *a = r.merge(*a, b);
    }
}

macro_rules! isa_module {
    ($name:ident, $features:literal) => {
        #[cfg(target_arch = "x86_64")]
        mod $name {
            use super::*;

            #[target_feature(enable = $features)]
            pub(super) unsafe fn map1<A: Copy, U, F: Fn(A) -> U>(dst: &mut [U], a: &[A], f: F) {
                map1_generic(dst, a, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn map2<A: Copy, B: Copy, U, F: Fn(A, B) -> U>(
                dst: &mut [U],
                a: &[A],
                b: &[B],
                f: F,
            ) {
                map2_generic(dst, a, b, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn map3<A: Copy, B: Copy, C: Copy, U, F: Fn(A, B, C) -> U>(
                dst: &mut [U],
                a: &[A],
                b: &[B],
                c: &[C],
                f: F,
            ) {
                map3_generic(dst, a, b, c, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn apply<U: Copy, F: Fn(U) -> U>(dst: &mut [U], f: F) {
                apply_generic(dst, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn update<U: Copy, B: Copy, F: Fn(U, B) -> U>(
                dst: &mut [U],
                b: &[B],
                f: F,
            ) {
                update_generic(dst, b, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn update3<U: Copy, F: Fn(&mut U, &mut U, &mut U, U)>(
                a: &mut [U],
                b: &mut [U],
                c: &mut [U],
                s: &[U],
                f: F,
            ) {
                update3_generic(a, b, c, s, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn update4<U: Copy, F: Fn(&mut U, &mut U, &mut U, &mut U, U)>(
                a: &mut [U],
                b: &mut [U],
                c: &mut [U],
                d: &mut [U],
                s: &[U],
                f: F,
            ) {
                update4_generic(a, b, c, d, s, f)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn reduce<T: Copy, R: Reducer<T>>(
                x: &[T],
                base: usize,
                r: R,
            ) -> R::Acc {
                reduce_generic(x, base, r)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn step_rows<T: Copy, R: Reducer<T>>(
                acc: &mut [R::Acc],
                row: &[T],
                index: usize,
                r: R,
            ) {
                step_rows_generic(acc, row, index, r)
            }

            #[target_feature(enable = $features)]
            pub(super) unsafe fn merge_rows<T: Copy, R: Reducer<T>>(
                acc: &mut [R::Acc],
                other: &[R::Acc],
                r: R,
            ) {
                merge_rows_generic::<T, R>(acc, other, r)
            }
        }
    };
}

isa_module!(avx2, "avx2,fma");
isa_module!(avx512, "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma");

/// Calls the best compiled version of `$f` for this CPU.
macro_rules! dispatch {
    ($f:ident :: <$($g:ty),*> ($($arg:expr),*)) => {{
        match level() {
            // SAFETY: `level()` returned Avx512 only after detecting every feature the
            // avx512 module is compiled with.
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { avx512::$f::<$($g),*>($($arg),*) },
            // SAFETY: as above, for avx2 and fma.
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { avx2::$f::<$($g),*>($($arg),*) },
            Level::Base => paste_generic!($f)($($arg),*),
        }
    }};
}

macro_rules! paste_generic {
    (map1) => {
        map1_generic
    };
    (map2) => {
        map2_generic
    };
    (map3) => {
        map3_generic
    };
    (update) => {
        update_generic
    };
    (update3) => {
        update3_generic
    };
    (update4) => {
        update4_generic
    };
    (apply) => {
        apply_generic
    };
    (reduce) => {
        reduce_generic
    };
    (step_rows) => {
        step_rows_generic
    };
    (merge_rows) => {
        merge_rows_generic::<T, R>
    };
}

/// `dst[i] = f(a[i])`.
#[inline]
pub fn map1<A: Copy, U, F: Fn(A) -> U>(dst: &mut [U], a: &[A], f: F) {
    dispatch!(map1::<A, U, F>(dst, a, f))
}

/// `dst[i] = f(a[i], b[i])`.
#[inline]
pub fn map2<A: Copy, B: Copy, U, F: Fn(A, B) -> U>(dst: &mut [U], a: &[A], b: &[B], f: F) {
    dispatch!(map2::<A, B, U, F>(dst, a, b, f))
}

/// `dst[i] = f(a[i], b[i], c[i])`.
#[inline]
pub fn map3<A: Copy, B: Copy, C: Copy, U, F: Fn(A, B, C) -> U>(
    dst: &mut [U],
    a: &[A],
    b: &[B],
    c: &[C],
    f: F,
) {
    dispatch!(map3::<A, B, C, U, F>(dst, a, b, c, f))
}

/// `dst[i] = f(dst[i])`.
#[inline]
pub fn apply<U: Copy, F: Fn(U) -> U>(dst: &mut [U], f: F) {
    dispatch!(apply::<U, F>(dst, f))
}

/// `dst[i] = f(dst[i], b[i])`.
#[inline]
pub fn update<U: Copy, B: Copy, F: Fn(U, B) -> U>(dst: &mut [U], b: &[B], f: F) {
    dispatch!(update::<U, B, F>(dst, b, f))
}

/// `f(&mut a[i], &mut b[i], &mut c[i], s[i])`: three buffers updated in one pass (a fused
/// optimizer step). The slices must have equal lengths (extra elements are skipped).
#[inline]
pub fn update3<U: Copy, F: Fn(&mut U, &mut U, &mut U, U)>(
    a: &mut [U],
    b: &mut [U],
    c: &mut [U],
    s: &[U],
    f: F,
) {
    dispatch!(update3::<U, F>(a, b, c, s, f))
}

/// `f(&mut a[i], &mut b[i], &mut c[i], &mut d[i], s[i])`: as [`update3`] with four buffers.
#[inline]
pub fn update4<U: Copy, F: Fn(&mut U, &mut U, &mut U, &mut U, U)>(
    a: &mut [U],
    b: &mut [U],
    c: &mut [U],
    d: &mut [U],
    s: &[U],
    f: F,
) {
    dispatch!(update4::<U, F>(a, b, c, d, s, f))
}

/// Reduces `x` (whose first element has index `base`) with `LANES` interleaved
/// accumulators merged in a fixed tree.
#[inline]
pub fn reduce<T: Copy, R: Reducer<T>>(x: &[T], base: usize, r: R) -> R::Acc {
    dispatch!(reduce::<T, R>(x, base, r))
}

/// `acc[j] = r.step(acc[j], row[j], index)`: one row of an outer-dim reduction.
#[inline]
pub fn step_rows<T: Copy, R: Reducer<T>>(acc: &mut [R::Acc], row: &[T], index: usize, r: R) {
    dispatch!(step_rows::<T, R>(acc, row, index, r))
}

/// `acc[j] = r.merge(acc[j], other[j])`.
#[inline]
pub fn merge_rows<T: Copy, R: Reducer<T>>(acc: &mut [R::Acc], other: &[R::Acc], r: R) {
    dispatch!(merge_rows::<T, R>(acc, other, r))
}
