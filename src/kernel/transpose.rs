//! The contiguous copy of a transposed matrix (or a batch of them), in tiles.
//!
//! Copying `x.t()` element by element in output order reads the source down its columns:
//! each element comes from another cache line (and, for wide rows, another page), so the
//! copy runs at a fraction of the memory bandwidth. Copied in square tiles, every cache
//! line read or written is used whole while it is in L1, and each `8 x 8` micro-tile is
//! loaded as eight runs and stored as eight runs, which LLVM turns into vector loads,
//! shuffles and stores.

use rayon::prelude::*;

use super::{Cost, coalesce, new_output, parallel, simd};
use crate::dtype::Element;
use crate::error::Result;
use crate::tensor_impl::TensorImpl;

/// The side of a micro-tile.
const MICRO: usize = 8;
/// Output rows per task, and the side of a cache tile.
const TILE: usize = 64;

/// A matrix to copy: element `(i, j)` of the `rows x cols` result is `src[off + i + j * ld]`,
/// written at `i * ldd + j` of the output.
#[derive(Clone, Copy)]
struct Transposed<'a, T> {
    src: &'a [T],
    ld: usize,
    cols: usize,
    ldd: usize,
}

impl<T: Copy> Transposed<'_, T> {
    /// Output rows `i0..i0 + nrows` of the matrix starting at `off`, into `dst` (which
    /// starts at output row `i0`).
    fn rows(self, off: usize, i0: usize, nrows: usize, dst: &mut [T]) {
        let (cols, ldd) = (self.cols, self.ldd);
        for j0 in (0..cols).step_by(TILE) {
            let j1 = (j0 + TILE).min(cols);
            // The whole micro-tiles of this tile column, then the ragged edges.
            let (ni, nj) = (nrows / MICRO * MICRO, (j1 - j0) / MICRO * MICRO);
            self.tile(off + i0, j0, ni, nj, dst);
            for i in 0..nrows {
                let js = if i < ni { j0 + nj } else { j0 };
                for j in js..j1 {
                    dst[i * ldd + j] = self.src[off + i0 + i + j * self.ld];
                }
            }
        }
    }

    /// The `ni x nj` block (multiples of [`MICRO`]) at output column `j0` of `dst`, from
    /// the source matrix at `off`, one micro-tile at a time.
    fn tile(self, off: usize, j0: usize, ni: usize, nj: usize, dst: &mut [T]) {
        if ni == 0 || nj == 0 {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if size_of::<T>() == 4 && simd::simd_level() != "baseline" {
            // The extents `avx::tile` touches, checked once.
            let last_src = off + (j0 + nj - 1) * self.ld + ni;
            let last_dst = (ni - 1) * self.ldd + j0 + nj;
            assert!(last_src <= self.src.len() && last_dst <= dst.len());
            // SAFETY: AVX is available (the dispatch level is AVX2 or above); `T` is 4
            // bytes and `Copy` (plain bits, moved unchanged); every source run
            // `off + j * ld + i .. + MICRO` and output run `i * ldd + j .. + MICRO` for
            // `i < ni`, `j0 <= j < j0 + nj` lies within the bounds asserted above.
            unsafe {
                avx::tile(
                    self.src.as_ptr().add(off + j0 * self.ld).cast(),
                    self.ld,
                    dst.as_mut_ptr().add(j0).cast(),
                    self.ldd,
                    ni,
                    nj,
                );
            }
            return;
        }
        for i in (0..ni).step_by(MICRO) {
            for j in (j0..j0 + nj).step_by(MICRO) {
                for ii in i..i + MICRO {
                    for jj in j..j + MICRO {
                        dst[ii * self.ldd + jj] = self.src[off + ii + jj * self.ld];
                    }
                }
            }
        }
    }
}

/// The `8 x 8` transpose of 4-byte elements in AVX registers.
#[cfg(target_arch = "x86_64")]
mod avx {
    use std::arch::x86_64::*;

    /// Writes `dst[i * ldd + j] = src[j * ld + i]` for `i < ni`, `j < nj` (multiples of
    /// 8), by `8 x 8` blocks: eight row loads, 24 shuffles, eight row stores.
    ///
    /// # Safety
    /// The CPU supports AVX; `src + j * ld + i` is readable and `dst + i * ldd + j`
    /// writable for all those `i` and `j`, and the two do not overlap.
    #[target_feature(enable = "avx")]
    pub(super) unsafe fn tile(
        src: *const f32,
        ld: usize,
        dst: *mut f32,
        ldd: usize,
        ni: usize,
        nj: usize,
    ) {
        for i in (0..ni).step_by(8) {
            for j in (0..nj).step_by(8) {
                // SAFETY: within the ranges the caller guarantees.
                unsafe {
                    let r: [__m256; 8] =
                        std::array::from_fn(|k| _mm256_loadu_ps(src.add((j + k) * ld + i)));
                    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
                    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
                    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
                    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
                    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
                    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
                    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
                    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
                    // s_k holds columns k (low half) and k + 4 (high half) of rows 0..4,
                    // s_{k+4} the same of rows 4..8.
                    let s = [
                        _mm256_shuffle_ps::<0x44>(t0, t2),
                        _mm256_shuffle_ps::<0xEE>(t0, t2),
                        _mm256_shuffle_ps::<0x44>(t1, t3),
                        _mm256_shuffle_ps::<0xEE>(t1, t3),
                        _mm256_shuffle_ps::<0x44>(t4, t6),
                        _mm256_shuffle_ps::<0xEE>(t4, t6),
                        _mm256_shuffle_ps::<0x44>(t5, t7),
                        _mm256_shuffle_ps::<0xEE>(t5, t7),
                    ];
                    let out = dst.add(i * ldd + j);
                    for k in 0..4 {
                        let lo = _mm256_permute2f128_ps::<0x20>(s[k], s[k + 4]);
                        let hi = _mm256_permute2f128_ps::<0x31>(s[k], s[k + 4]);
                        _mm256_storeu_ps(out.add(k * ldd), lo);
                        _mm256_storeu_ps(out.add((k + 4) * ldd), hi);
                    }
                }
            }
        }
    }
}

/// Copies a `rows x cols` matrix whose element `(i, j)` is `src[i + j * ld]` to
/// `dst[i * ldd + j]`, in tiles, on the calling thread (`ld` is the source's stride between
/// columns; its rows are adjacent). For [`super::copy_strided`].
///
/// # Panics
/// If an element lies outside `src` or `dst` (a bug in the caller).
pub(super) fn copy_transposed<T: Copy>(
    src: &[T],
    ld: usize,
    dst: &mut [T],
    ldd: usize,
    rows: usize,
    cols: usize,
) {
    if rows > 0 && cols > 0 {
        Transposed { src, ld, cols, ldd }.rows(0, 0, rows, dst);
    }
}

/// A contiguous copy of `x` if, with its dims merged where it can be, its last dim is not
/// the unit-stride one but the dim before it is (`x.t()`, or `transpose(-1, -2)` of a
/// contiguous batch): copied in tiles, over the pool for large tensors. `None` for other
/// layouts (the caller copies element by element).
///
/// # Errors
/// [`crate::Error::Alloc`] naming `op` if the copy cannot be allocated.
pub fn transposed_copy<T: Element>(
    x: &TensorImpl<T>,
    op: &'static str,
) -> Option<Result<TensorImpl<T>>> {
    let (dims, [strides]) = coalesce(x.dims(), [x.layout().strides()]);
    let nd = dims.len();
    if nd < 2 || strides[nd - 1] == 1 || strides[nd - 2] != 1 || x.numel() == 0 {
        return None;
    }
    let (rows, cols) = (dims[nd - 2], dims[nd - 1]);
    let t = Transposed {
        src: x.buffer(),
        ld: strides[nd - 1],
        cols,
        ldd: cols,
    };
    let (bdims, bstrides) = (&dims[..nd - 2], &strides[..nd - 2]);
    // The source offset of matrix `b` of the batch.
    let offset = |mut b: usize| {
        let mut off = x.layout().offset();
        for (&d, &s) in bdims.iter().zip(bstrides).rev() {
            off += (b % d) * s;
            b /= d;
        }
        off
    };
    let run = |b: usize, m: &mut [T]| {
        let off = offset(b);
        if parallel(m.len() * Cost::Cheap as usize) {
            m.par_chunks_mut(TILE * cols)
                .enumerate()
                .for_each(|(k, d)| t.rows(off, k * TILE, d.len() / cols, d));
        } else {
            t.rows(off, 0, rows, m);
        }
    };
    Some(new_output(x.dims(), op, |out| {
        if parallel(out.len()) {
            out.par_chunks_mut(rows * cols)
                .enumerate()
                .for_each(|(b, m)| run(b, m));
        } else {
            for (b, m) in out.chunks_mut(rows * cols).enumerate() {
                run(b, m);
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use crate::storage::Storage;

    /// A view of `0..n` (as i64) with `dims` and `strides`.
    fn view(n: usize, dims: &[usize], strides: &[usize]) -> TensorImpl<i64> {
        let s = Storage::from_vec((0..n as i64).collect());
        TensorImpl::from_storage(s, Layout::from_parts(dims.into(), strides.into(), 0))
    }

    #[test]
    fn transposed_copies_match_the_element_wise_copy_at_ragged_sizes() {
        // Sizes around the micro-tile and the tile, a batch, and a parallel-sized one.
        for &(b, r, c) in &[
            (1, 2, 3),
            (1, 7, 9),
            (1, 8, 8),
            (1, 17, 70),
            (3, 65, 9),
            (2, 130, 67),
            (1, 300, 260),
        ] {
            let n = b * r * c;
            // Source: a contiguous (b, c, r), viewed as (b, r, c).
            let x = view(n, &[b, r, c], &[r * c, 1, r]);
            let got = transposed_copy(&x, "t")
                .expect("a transposed layout")
                .unwrap();
            assert_eq!(got.dims(), &[b, r, c]);
            assert!(got.layout().is_contiguous());
            let want: Vec<i64> = (0..n)
                .map(|k| {
                    let (bi, i, j) = (k / (r * c), k / c % r, k % c);
                    (bi * r * c + j * r + i) as i64
                })
                .collect();
            assert_eq!(got.to_vec(), want, "{b}x{r}x{c}");
        }
    }

    #[test]
    fn four_byte_elements_take_the_register_transpose_with_offsets_and_edges() {
        // f32 (the AVX path when available) from an offset, padded source: element (i, j)
        // of the view is at 3 + i + j * 37 (37 > rows, so the source rows have gaps).
        for &(r, c) in &[(8, 8), (16, 24), (35, 70), (30, 129)] {
            let n = 3 + c * 37;
            let data: Vec<f32> = (0..n).map(|k| k as f32).collect();
            let s = Storage::from_vec(data);
            let x = TensorImpl::from_storage(
                s,
                Layout::from_parts([r, c].as_slice().into(), [1, 37].as_slice().into(), 3),
            );
            let got = transposed_copy(&x, "t")
                .expect("a transposed layout")
                .unwrap();
            let want: Vec<f32> = (0..r * c)
                .map(|k| (3 + k / c + (k % c) * 37) as f32)
                .collect();
            assert_eq!(got.to_vec(), want, "{r}x{c}");
        }
    }

    #[test]
    fn cat_of_transposed_pieces_copies_them_in_tiles_into_their_regions() {
        use crate::DynTensor;
        // f32 (register transpose) and f64 (scalar tiles), 2-D and batched, along each dim:
        // the tiled copy_strided against the pieces made contiguous element by element.
        let piece = |b: usize, r: usize, c: usize, seed: usize| {
            let v: Vec<f64> = (0..b * r * c).map(|k| (k * 7 + seed) as f64).collect();
            DynTensor::from_vec(v, &[b, c, r]).unwrap()
        };
        for dtype in [crate::DType::Float32, crate::DType::Float64] {
            let a = piece(2, 19, 13, 1)
                .to_dtype(dtype)
                .unwrap()
                .transpose(1, 2)
                .unwrap();
            let b = piece(2, 19, 9, 5)
                .to_dtype(dtype)
                .unwrap()
                .transpose(1, 2)
                .unwrap();
            let c = piece(2, 11, 13, 3)
                .to_dtype(dtype)
                .unwrap()
                .transpose(1, 2)
                .unwrap();
            for (x, y, dim) in [(&a, &b, 2), (&a, &c, 1), (&a, &a, 0)] {
                let got = DynTensor::cat(&[x.clone(), y.clone()], dim).unwrap();
                let plain = [x.to_vec_f64(), y.to_vec_f64()];
                let (xs, ys) = (
                    DynTensor::from_vec(plain[0].clone(), x.shape()).unwrap(),
                    DynTensor::from_vec(plain[1].clone(), y.shape()).unwrap(),
                );
                let want = DynTensor::cat(&[xs, ys], dim).unwrap();
                assert_eq!(got.shape(), want.shape());
                assert_eq!(got.to_vec_f64(), want.to_vec_f64(), "{dtype} dim {dim}");
            }
        }
    }

    #[test]
    fn other_layouts_are_left_to_the_caller() {
        assert!(transposed_copy(&view(6, &[2, 3], &[3, 1]), "t").is_none());
        // Neither the last nor the one before it has stride 1 (a strided slice).
        assert!(transposed_copy(&view(24, &[3, 4], &[2, 6]), "t").is_none());
        assert!(transposed_copy(&view(0, &[0, 3], &[1, 0]), "t").is_none());
    }
}
