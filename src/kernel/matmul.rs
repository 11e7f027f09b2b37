//! The batched matrix-multiply driver: batch broadcasting, per-matrix strides and threads.
//!
//! [`batched`] takes two operands of rank 2 or more, `(..., m, k)` and `(..., k, n)`, whose
//! batch dims broadcast together, and writes a fresh contiguous `(batch..., m, n)` result.
//! Operands are never copied: each matrix is handed to the per-element-type kernel
//! ([`MatmulKernel`]) as a [`MatRef`], a window of the operand's own buffer with its own row
//! and column strides, so transposed, sliced and expanded views (stride 0 on a broadcast batch
//! dim) cost nothing extra.
//!
//! Threads: many small matrices are spread over the rayon pool one matrix per task, each
//! kernel call single-threaded; one large matrix is threaded inside the kernel (`f32` by one
//! block of output rows per thread, each through matrixmultiply; `f64` through `gemm`'s own
//! rayon split) or, for kernels without inner threading (the integer kernel), by blocks of
//! output rows.

use rayon::prelude::*;

use crate::dtype::Numeric;
use crate::error::Result;
use crate::layout::{DimVec, Layout};
use crate::storage::Storage;
use crate::tensor_impl::TensorImpl;

/// Multiply-adds per matrix from which the matrices of a batch are each threaded inside the
/// kernel rather than spread over the pool one matrix per task (a 256 x 256 x 256 product).
/// Below it, whole matrices per task win: measured here, 32 products of 128 x 128 ran at
/// about half the rate when each was split over two threads.
pub const PAR_MATRIX_WORK: usize = 1 << 24;

/// Multiply-adds below which the whole product stays on the calling thread (a 128 x 128 x 128
/// product is the first to go parallel). Measured here: a linear layer's 64 x 64 x 256
/// products ran about 2x slower split over two threads, so the digits MLP epoch took
/// 11 ms on two threads and 4.4 ms on one with the earlier threshold of `1 << 15`.
pub const PAR_MIN_MATMUL_WORK: usize = 1 << 21;

/// A `rows x cols` matrix viewed in a buffer: element `(i, j)` is
/// `buf[offset + i * rs + j * cs]`.
#[derive(Clone, Copy, Debug)]
pub struct MatRef<'a, T> {
    /// The whole buffer the matrix lives in.
    pub buf: &'a [T],
    /// Index of element `(0, 0)`.
    pub offset: usize,
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Row stride, in elements.
    pub rs: usize,
    /// Column stride, in elements.
    pub cs: usize,
}

impl<T: Copy> MatRef<'_, T> {
    /// Element `(i, j)` (bounds-checked by the slice index).
    #[inline(always)]
    pub fn at(&self, i: usize, j: usize) -> T {
        self.buf[self.offset + i * self.rs + j * self.cs]
    }

    /// `true` if every element `(i, j)` with `i < rows`, `j < cols` lies inside `buf`
    /// (always for an empty matrix).
    pub fn in_bounds(&self) -> bool {
        if self.rows == 0 || self.cols == 0 {
            // No element is ever read, whatever the offset.
            return true;
        }
        let last = (self.rows - 1)
            .checked_mul(self.rs)
            .and_then(|r| {
                (self.cols - 1)
                    .checked_mul(self.cs)
                    .and_then(|c| r.checked_add(c))
            })
            .and_then(|x| x.checked_add(self.offset));
        matches!(last, Some(l) if l < self.buf.len())
    }

    /// Rows `start..start + len` as a matrix of their own.
    fn rows_range(&self, start: usize, len: usize) -> Self {
        MatRef {
            offset: if len > 0 {
                self.offset + start * self.rs
            } else {
                self.offset
            },
            rows: len,
            ..*self
        }
    }
}

/// The per-matrix product for one element type: `dst = lhs * rhs`.
pub trait MatmulKernel: Numeric {
    /// `true` if [`MatmulKernel::matmul_into`] can thread one large product itself.
    const INNER_THREADS: bool;

    /// Writes `lhs * rhs` into `dst`, a row-major contiguous `lhs.rows x rhs.cols` block.
    /// With `k = lhs.cols = 0`, `dst` is all zeros. `threaded` lets the kernel use the
    /// rayon pool for this one product.
    ///
    /// # Panics
    /// If `lhs.cols != rhs.rows`, `dst.len() != lhs.rows * rhs.cols`, or either operand
    /// reaches outside its buffer (bugs in the caller).
    fn matmul_into(dst: &mut [Self], lhs: MatRef<'_, Self>, rhs: MatRef<'_, Self>, threaded: bool);
}

fn check_operands<T: Copy>(dst: &[T], lhs: &MatRef<'_, T>, rhs: &MatRef<'_, T>) {
    assert_eq!(lhs.cols, rhs.rows, "matmul kernel: inner dims differ");
    assert_eq!(
        dst.len(),
        lhs.rows * rhs.cols,
        "matmul kernel: wrong output size"
    );
    assert!(
        lhs.in_bounds() && rhs.in_bounds(),
        "matmul kernel: operand outside its buffer"
    );
}

/// Output columns from which a left operand whose rows lie a multiple of 4 KiB apart is
/// packed before gemm's kernel reads it (see [`lhs_packing_threshold`]).
const PACK_ALIASED_LHS_MIN_COLS: usize = 1024;

/// The value for gemm's `rhs_packing_threshold` in a product `dst = lhs * rhs` with `n`
/// output columns and `elem` bytes per element.
///
/// gemm transposes a product with a row-major `dst` to `dst^T = rhs^T lhs^T`, so our left
/// operand is its right one, which it reads in place, unpacked, when its elements along `k`
/// are contiguous and the product has at most `threshold * MR` output columns (`MR` = 16 for
/// f32 with AVX2, so 2048 at gemm's default of 128). The kernel reads 6 rows of `lhs` at once;
/// rows a multiple of 4 KiB apart map to one L1 cache set and evict each other. Measured
/// here (2 threads, alternating settings in one process, median of 21-41): 2048^3 ran 6-10%
/// faster packed (111 -> 117-122 GFLOP/s), 1024^3 5-7%; rows not 4 KiB apart (768^3,
/// 1536^3, 2048 x 1024 x 512) gained nothing, and 256 output columns lost 3-7% (the packed
/// rows are reused too few times). So exactly the aliased case with many output columns is
/// packed (threshold 1: pack whenever there are more than `MR` output columns).
fn lhs_packing_threshold(lhs_rs: usize, lhs_cs: usize, n: usize, elem: usize) -> usize {
    let aliased = lhs_cs == 1 && lhs_rs > 0 && (lhs_rs * elem).is_multiple_of(4096);
    if aliased && n >= PACK_ALIASED_LHS_MIN_COLS {
        1
    } else {
        gemm::DEFAULT_RHS_PACKING_THRESHOLD
    }
}

/// Sets gemm's process-wide packing threshold for the next product (see
/// [`lhs_packing_threshold`]). Stored only when it changes, so that concurrent small products
/// do not contend on the atomic; a product racing with one on another thread can run with the
/// other's setting, which changes its speed, never its result.
fn set_lhs_packing<T>(lhs: &MatRef<'_, T>, n: usize) {
    let threshold = lhs_packing_threshold(lhs.rs, lhs.cs, n, std::mem::size_of::<T>());
    if gemm::get_rhs_packing_threshold() != threshold {
        gemm::set_rhs_packing_threshold(threshold);
    }
}

/// The element types gemm multiplies here, with the `alpha`/`beta` it is called with.
trait GemmScalar: Copy + 'static {
    const ZERO: Self;
    const ONE: Self;
}
impl GemmScalar for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
}
impl GemmScalar for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
}

/// Base pointer of an operand: `offset` into its buffer, or the buffer start (a dangling,
/// never-read pointer for an empty buffer) when `k = 0` and no element is read.
fn operand_ptr<T>(a: &MatRef<'_, T>, k: usize) -> *const T {
    if k == 0 {
        a.buf.as_ptr()
    } else {
        a.buf[a.offset..].as_ptr()
    }
}

/// `dst = lhs * rhs` by gemm, through gemm's own rayon split when `threaded`.
fn gemm_into<T: GemmScalar>(dst: &mut [T], lhs: MatRef<'_, T>, rhs: MatRef<'_, T>, threaded: bool) {
    check_operands(dst, &lhs, &rhs);
    let (m, k, n) = (lhs.rows, lhs.cols, rhs.cols);
    if m == 0 || n == 0 {
        return;
    }
    let parallelism = if threaded {
        gemm::Parallelism::Rayon(0)
    } else {
        gemm::Parallelism::None
    };
    set_lhs_packing(&lhs, n);
    // SAFETY: `check_operands` asserted that every element `(i, j)`, `i < rows`,
    // `j < cols`, of `lhs` and `rhs` lies inside its buffer, and that `dst` holds
    // exactly `m * n` elements, which gemm writes at `i * n + j` (row stride n,
    // column stride 1). gemm reads `lhs`/`rhs` only at such in-range indices
    // (and at none when k = 0, where it writes zeros since `read_dst` is false),
    // so the pointer arithmetic from each base stays inside its allocation.
    // Strides fit in `isize` because they address elements of one allocation,
    // which is at most `isize::MAX` bytes. `dst` is an exclusive borrow, so it
    // cannot alias the shared borrows `lhs.buf` and `rhs.buf`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            n as isize,
            false,
            operand_ptr(&lhs, k),
            lhs.cs as isize,
            lhs.rs as isize,
            operand_ptr(&rhs, k),
            rhs.cs as isize,
            rhs.rs as isize,
            T::ZERO,
            T::ONE,
            false,
            false,
            false,
            parallelism,
        );
    }
}

/// `dst = lhs * rhs` for `f32` by matrixmultiply, on the calling thread.
fn sgemm_into(dst: &mut [f32], lhs: MatRef<'_, f32>, rhs: MatRef<'_, f32>) {
    check_operands(dst, &lhs, &rhs);
    let (m, k, n) = (lhs.rows, lhs.cols, rhs.cols);
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: as in `gemm_into`: `check_operands` asserted that every element `(i, j)` of
    // `lhs` (m x k) and `rhs` (k x n) at `base + i * rs + j * cs` lies inside its buffer,
    // and matrixmultiply reads only those (none when k = 0: it then writes `beta * C`,
    // that is zeros, without reading C). It writes `dst` at `i * n + j`, inside its
    // `m * n` elements, and with beta = 0 never reads it, so garbage in a recycled buffer
    // is harmless. Strides address elements of one allocation, so they fit in `isize`;
    // `dst` is an exclusive borrow and cannot alias the operands.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            operand_ptr(&lhs, k),
            lhs.rs as isize,
            lhs.cs as isize,
            operand_ptr(&rhs, k),
            rhs.rs as isize,
            rhs.cs as isize,
            0.0,
            dst.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// Output columns from which a threaded `f32` product is split by rows (see
/// [`split_by_rows`]).
const SGEMM_MIN_COLS: usize = 128;

/// `true` if an `f32` product with `n` output columns, `threaded` on a pool of `threads`,
/// runs as one block of output rows per thread, each through matrixmultiply (gemm with
/// AVX-512, below); otherwise gemm computes it (threaded through its own rayon split, or not).
///
/// Why two crates: gemm's own rayon split is the weak part on a 2-core AMD EPYC (AVX2).
/// Measured there, median GFLOP/s of 12-15 alternating calls, two runs: 2048^3 gemm
/// 103-121 against 117-133 split by rows over matrixmultiply, 1024^3 92-110 against
/// 121-132, 512^3 70-99 against 100-134, 4096 x 256 x 1024 99 against 139, 128^3 and
/// 192^3 about even. Below 128 output columns gemm wins (8192 x 256 x 16: 105 against 67;
/// x 64: 101 against 84; x 128: 110 against 117). On one thread the two are even from
/// 256^3 up and gemm is ahead on small and thin products, so unthreaded ones stay with gemm.
/// One block per thread beat four or eight per thread (each block packs all of `rhs`).
/// For `f64`, matrixmultiply's kernel was slower up to 512^3, so `f64` stays with gemm.
///
/// On a CPU with AVX-512 the blocks go to gemm instead (unthreaded): matrixmultiply's
/// AVX-512 kernel is behind a crate feature, and its AVX2 one trails gemm's `x86-v4`
/// kernels there. Measured on a 2-core Xeon (2.5 GHz, AVX-512), scratch bench, median of
/// 8 calls: rows split over gemm 134 / 135 / 184 GFLOP/s at 512^3 / 1024^3 / 2048^3,
/// gemm's own rayon split 156 / 138 / 110, rows over matrixmultiply (AVX2 kernel) 96 / 98
/// / 87, and with its `avx512` feature no better (80-87).
fn split_by_rows(threaded: bool, threads: usize, n: usize) -> bool {
    threaded && threads > 1 && n >= SGEMM_MIN_COLS
}

impl MatmulKernel for f32 {
    const INNER_THREADS: bool = true;

    fn matmul_into(dst: &mut [Self], lhs: MatRef<'_, Self>, rhs: MatRef<'_, Self>, threaded: bool) {
        let threads = rayon::current_num_threads();
        if !split_by_rows(threaded, threads, rhs.cols) {
            return gemm_into(dst, lhs, rhs, threaded);
        }
        check_operands(dst, &lhs, &rhs);
        let (m, n) = (lhs.rows, rhs.cols);
        if m == 0 {
            return;
        }
        let block: fn(&mut [f32], MatRef<'_, f32>, MatRef<'_, f32>) =
            if super::simd::simd_level() == "avx512" {
                |d, l, r| gemm_into(d, l, r, false)
            } else {
                sgemm_into
            };
        let rows = m.div_ceil(threads);
        dst.par_chunks_mut(rows * n)
            .enumerate()
            .for_each(|(t, d)| block(d, lhs.rows_range(t * rows, d.len() / n), rhs));
    }
}

impl MatmulKernel for f64 {
    const INNER_THREADS: bool = true;

    fn matmul_into(dst: &mut [Self], lhs: MatRef<'_, Self>, rhs: MatRef<'_, Self>, threaded: bool) {
        gemm_into(dst, lhs, rhs, threaded)
    }
}

macro_rules! int_kernel {
    ($t:ty) => {
        impl MatmulKernel for $t {
            const INNER_THREADS: bool = false;

            /// The i-k-j loop with wrapping arithmetic, as PyTorch's integer matmul wraps.
            fn matmul_into(
                dst: &mut [Self],
                lhs: MatRef<'_, Self>,
                rhs: MatRef<'_, Self>,
                _threaded: bool,
            ) {
                check_operands(dst, &lhs, &rhs);
                let n = rhs.cols;
                if n == 0 {
                    return;
                }
                for (i, row) in dst.chunks_exact_mut(n).enumerate() {
                    row.fill(0);
                    for p in 0..lhs.cols {
                        let a = lhs.at(i, p);
                        for (j, o) in row.iter_mut().enumerate() {
                            *o = o.wrapping_add(a.wrapping_mul(rhs.at(p, j)));
                        }
                    }
                }
            }
        }
    };
}
int_kernel!(i32);
int_kernel!(i64);

/// The batch dims of a rank >= 2 layout as their own layout (offset 0).
fn batch_layout(l: &Layout) -> Layout {
    let nd = l.ndim();
    Layout::from_parts(l.dims()[..nd - 2].into(), l.strides()[..nd - 2].into(), 0)
}

/// Offset of batch index `bi` (row-major over `dims`) with `strides`.
fn batch_offset(mut bi: usize, dims: &[usize], strides: &[usize]) -> usize {
    let mut off = 0;
    for d in (0..dims.len()).rev() {
        off += (bi % dims[d]) * strides[d];
        bi /= dims[d];
    }
    off
}

#[cfg(test)]
thread_local! {
    /// The buffers and strides the last [`batched`] call on this thread handed to its
    /// kernel, so tests can assert that operands are read in place, never copied.
    pub(crate) static LAST_OPERANDS: std::cell::RefCell<Option<[(usize, DimVec); 2]>> =
        const { std::cell::RefCell::new(None) };
}

/// The batched product of `a`, `(..., m, k)`, and `b`, `(..., k, n)`: a new contiguous
/// tensor of dims `batch + [m, n]`, where `batch` is the broadcast of both operands' batch
/// dims (all but the last two), computed by the caller.
///
/// # Errors
/// [`crate::Error::Overflow`] or [`crate::Error::Alloc`] if the output cannot be allocated.
///
/// # Panics
/// If an operand has rank below 2, the inner dims differ, or `batch` is not the broadcast of
/// the batch dims (the caller's shape rule checks all three and reports them as errors).
pub fn batched<T: MatmulKernel>(
    op: &'static str,
    a: &TensorImpl<T>,
    b: &TensorImpl<T>,
    batch: &[usize],
) -> Result<TensorImpl<T>> {
    let (la, lb) = (a.layout(), b.layout());
    assert!(
        la.ndim() >= 2 && lb.ndim() >= 2,
        "{op}: batched operands have rank >= 2"
    );
    let (na, nb) = (la.ndim(), lb.ndim());
    let (m, k, n) = (la.dims()[na - 2], la.dims()[na - 1], lb.dims()[nb - 1]);
    assert_eq!(
        k,
        lb.dims()[nb - 2],
        "{op}: inner dims were checked by the shape rule"
    );
    let (ba, bb) = (batch_layout(la), batch_layout(lb));
    let sa = ba.broadcast_strides(batch);
    let sb = bb.broadcast_strides(batch);
    assert!(
        crate::layout::broadcast_shape(ba.dims(), batch, op).is_ok_and(|s| s.as_slice() == batch)
            && crate::layout::broadcast_shape(bb.dims(), batch, op)
                .is_ok_and(|s| s.as_slice() == batch),
        "{op}: batch dims were broadcast by the shape rule"
    );
    #[cfg(test)]
    LAST_OPERANDS.with(|c| {
        *c.borrow_mut() = Some([
            (a.buffer().as_ptr() as usize, la.strides().into()),
            (b.buffer().as_ptr() as usize, lb.strides().into()),
        ])
    });

    let mut out_dims: DimVec = batch.into();
    out_dims.extend([m, n]);
    let numel = crate::layout::checked_numel(&out_dims, op)?;
    let mut storage = Storage::new(numel, op)?;
    let out = storage.as_mut_slice();
    let nbatch: usize = batch.iter().product();
    let mat = m * n;
    if numel > 0 {
        let lhs_at = |bi: usize| MatRef {
            buf: a.buffer(),
            offset: la.offset() + batch_offset(bi, batch, &sa),
            rows: m,
            cols: k,
            rs: la.strides()[na - 2],
            cs: la.strides()[na - 1],
        };
        let rhs_at = |bi: usize| MatRef {
            buf: b.buffer(),
            offset: lb.offset() + batch_offset(bi, batch, &sb),
            rows: k,
            cols: n,
            rs: lb.strides()[nb - 2],
            cs: lb.strides()[nb - 1],
        };
        let work = m * n * k.max(1);
        let total = work.saturating_mul(nbatch);
        let pool = rayon::current_num_threads() > 1;
        let threads = pool && work >= PAR_MIN_MATMUL_WORK;
        if pool && nbatch > 1 && total >= PAR_MIN_MATMUL_WORK && work < PAR_MATRIX_WORK {
            // Many matrices, none large: one task per matrix, each single-threaded.
            out.par_chunks_mut(mat)
                .enumerate()
                .for_each(|(bi, dst)| T::matmul_into(dst, lhs_at(bi), rhs_at(bi), false));
        } else if T::INNER_THREADS || !threads {
            for (bi, dst) in out.chunks_exact_mut(mat).enumerate() {
                T::matmul_into(dst, lhs_at(bi), rhs_at(bi), threads);
            }
        } else {
            // A kernel without inner threads on large matrices: split each by output rows.
            let tasks = rayon::current_num_threads() * 4;
            let rows = m.div_ceil(tasks).max(1);
            for (bi, dst) in out.chunks_exact_mut(mat).enumerate() {
                let (lhs, rhs) = (lhs_at(bi), rhs_at(bi));
                dst.par_chunks_mut(rows * n).enumerate().for_each(|(t, d)| {
                    T::matmul_into(d, lhs.rows_range(t * rows, d.len() / n), rhs, false)
                });
            }
        }
    }
    Ok(TensorImpl::from_storage(
        storage,
        Layout::contiguous(&out_dims),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widen(x: &[f32]) -> Vec<f64> {
        x.iter().map(|&v| v as f64).collect()
    }

    impl<T> MatRef<'_, T> {
        /// The same window in another buffer.
        fn with_buf<'b, U>(&self, buf: &'b [U]) -> MatRef<'b, U> {
            MatRef {
                buf,
                offset: self.offset,
                rows: self.rows,
                cols: self.cols,
                rs: self.rs,
                cs: self.cs,
            }
        }
    }

    fn naive(lhs: MatRef<'_, f64>, rhs: MatRef<'_, f64>) -> Vec<f64> {
        let mut out = vec![0.0; lhs.rows * rhs.cols];
        for i in 0..lhs.rows {
            for j in 0..rhs.cols {
                out[i * rhs.cols + j] = (0..lhs.cols).map(|p| lhs.at(i, p) * rhs.at(p, j)).sum();
            }
        }
        out
    }

    #[test]
    fn gemm_kernel_reads_strided_windows_with_offsets() {
        // lhs: a 2 x 3 transposed window at offset 1 (rs 1, cs 4); rhs: 3 x 2 with rs 3, cs 2.
        let buf: Vec<f64> = (0..20).map(|x| x as f64 * 0.5 - 3.0).collect();
        let lhs = MatRef {
            buf: &buf,
            offset: 1,
            rows: 2,
            cols: 3,
            rs: 1,
            cs: 4,
        };
        let rhs = MatRef {
            buf: &buf,
            offset: 5,
            rows: 3,
            cols: 2,
            rs: 3,
            cs: 2,
        };
        let mut dst = vec![f64::NAN; 4];
        f64::matmul_into(&mut dst, lhs, rhs, false);
        assert_eq!(dst, naive(lhs, rhs));
        // The last element read is buf[5 + 2*3 + 1*2] = buf[13]; the window is in bounds.
        assert!(rhs.in_bounds());
        assert!(!MatRef { offset: 12, ..rhs }.in_bounds());
    }

    #[test]
    fn kernels_write_zeros_when_k_is_zero() {
        let empty: [f32; 0] = [];
        let lhs = MatRef {
            buf: &empty[..],
            offset: 0,
            rows: 2,
            cols: 0,
            rs: 0,
            cs: 1,
        };
        let rhs = MatRef {
            buf: &empty[..],
            offset: 0,
            rows: 0,
            cols: 3,
            rs: 3,
            cs: 1,
        };
        // Garbage in the destination, as in a buffer reused from the cache.
        let mut dst = vec![7.0f32; 6];
        f32::matmul_into(&mut dst, lhs, rhs, true);
        assert_eq!(dst, vec![0.0; 6]);
        // The same through matrixmultiply (threaded, enough columns), and with no rows.
        let n = SGEMM_MIN_COLS;
        let wide = MatRef {
            cols: n,
            rs: n,
            ..rhs
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        assert!(split_by_rows(true, 2, n));
        let mut dst = vec![7.0f32; 2 * n];
        pool.install(|| f32::matmul_into(&mut dst, lhs, wide, true));
        assert_eq!(dst, vec![0.0; 2 * n]);
        pool.install(|| f32::matmul_into(&mut [], MatRef { rows: 0, ..lhs }, wide, true));
        let e: [i64; 0] = [];
        let li = MatRef {
            buf: &e[..],
            offset: 0,
            rows: 2,
            cols: 0,
            rs: 0,
            cs: 1,
        };
        let ri = MatRef {
            buf: &e[..],
            offset: 0,
            rows: 0,
            cols: 3,
            rs: 3,
            cs: 1,
        };
        let mut di = vec![7i64; 6];
        i64::matmul_into(&mut di, li, ri, false);
        assert_eq!(di, vec![0; 6]);
    }

    #[test]
    fn threaded_f32_splits_rows_of_strided_windows_exactly() {
        // lhs: 7 x 5, transposed (rs 1, cs 9) at offset 2; rhs: 5 x 130 with rs 131, cs 1
        // at offset 3. Seven rows over three threads: blocks of 3, 3 and 1 rows. Small
        // integers, so every f32 sum is exact and must match the f64 reference exactly.
        let (m, k, n) = (7, 5, SGEMM_MIN_COLS + 2);
        let a: Vec<f32> = (0..50).map(|x| (x % 11) as f32 - 5.0).collect();
        let b: Vec<f32> = (0..3 + 5 * 131).map(|x| (x % 7) as f32 - 3.0).collect();
        let lhs = MatRef {
            buf: &a,
            offset: 2,
            rows: m,
            cols: k,
            rs: 1,
            cs: 9,
        };
        let rhs = MatRef {
            buf: &b,
            offset: 3,
            rows: k,
            cols: n,
            rs: n + 1,
            cs: 1,
        };
        let (wa, wb) = (widen(&a), widen(&b));
        let want = naive(lhs.with_buf(&wa), rhs.with_buf(&wb));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        assert!(pool.install(|| split_by_rows(true, rayon::current_num_threads(), n)));
        for threaded in [true, false] {
            // Garbage in the destination, as in a buffer reused from the cache.
            let mut dst = vec![f32::NAN; m * n];
            pool.install(|| f32::matmul_into(&mut dst, lhs, rhs, threaded));
            assert_eq!(widen(&dst), want, "threaded {threaded}");
        }
        // More threads than rows: one row per block, the rest of the pool idle.
        let mut dst = vec![f32::NAN; 2 * n];
        pool.install(|| f32::matmul_into(&mut dst, MatRef { rows: 2, ..lhs }, rhs, true));
        assert_eq!(widen(&dst), want[..2 * n]);
    }

    #[test]
    fn only_threaded_f32_products_with_many_columns_split_by_rows() {
        assert!(split_by_rows(true, 2, SGEMM_MIN_COLS));
        assert!(!split_by_rows(true, 2, SGEMM_MIN_COLS - 1));
        assert!(!split_by_rows(false, 2, 4096));
        assert!(!split_by_rows(true, 1, 4096));
    }

    #[test]
    #[should_panic(expected = "operand outside its buffer")]
    fn kernel_rejects_windows_outside_the_buffer() {
        let buf = [1.0f32; 6];
        let lhs = MatRef {
            buf: &buf[..],
            offset: 1,
            rows: 2,
            cols: 3,
            rs: 3,
            cs: 1,
        };
        let rhs = MatRef {
            buf: &buf[..],
            offset: 0,
            rows: 3,
            cols: 1,
            rs: 1,
            cs: 1,
        };
        let mut dst = [0.0f32; 2];
        f32::matmul_into(&mut dst, lhs, rhs, false);
    }

    #[test]
    fn integer_kernel_wraps() {
        let buf = [i32::MAX, 2, 1, 1];
        let lhs = MatRef {
            buf: &buf[..],
            offset: 0,
            rows: 1,
            cols: 2,
            rs: 2,
            cs: 1,
        };
        let rhs = MatRef {
            buf: &buf[..],
            offset: 2,
            rows: 2,
            cols: 1,
            rs: 1,
            cs: 1,
        };
        let mut dst = [0i32];
        i32::matmul_into(&mut dst, lhs, rhs, false);
        assert_eq!(dst[0], i32::MAX.wrapping_add(2));
    }

    #[test]
    fn batch_offsets_use_broadcast_strides() {
        // Batch (2, 3) with the first dim expanded (stride 0).
        let offs: Vec<usize> = (0..6)
            .map(|bi| batch_offset(bi, &[2, 3], &[0, 10]))
            .collect();
        assert_eq!(offs, vec![0, 10, 20, 0, 10, 20]);
    }

    #[test]
    fn only_aliased_lhs_rows_with_many_output_columns_are_packed() {
        let default = gemm::DEFAULT_RHS_PACKING_THRESHOLD;
        // f32 rows 4 KiB and 8 KiB apart, 1024 and 2048 output columns: packed.
        assert_eq!(lhs_packing_threshold(1024, 1, 1024, 4), 1);
        assert_eq!(lhs_packing_threshold(2048, 1, 2048, 4), 1);
        // f64 rows 4 KiB apart.
        assert_eq!(lhs_packing_threshold(512, 1, 4096, 8), 1);
        // Rows not a multiple of 4 KiB apart, too few output columns, a transposed lhs
        // (which gemm packs anyway), or a broadcast row (stride 0): gemm's default.
        assert_eq!(lhs_packing_threshold(1536, 1, 2048, 4), default);
        assert_eq!(lhs_packing_threshold(512, 1, 2048, 4), default);
        assert_eq!(lhs_packing_threshold(2048, 1, 512, 4), default);
        assert_eq!(lhs_packing_threshold(1, 2048, 2048, 4), default);
        assert_eq!(lhs_packing_threshold(0, 1, 2048, 4), default);
    }

    #[test]
    fn packed_aliased_lhs_gives_the_same_product() {
        // lhs rows 4 KiB apart (k = 1024 f32) and 1024 output columns: the packed path.
        // Small integers, so every f32 sum is exact and the product must match exactly.
        let (m, k, n) = (5, 1024, 1024);
        let a: Vec<f32> = (0..m * k).map(|x| (x % 7) as f32 - 3.0).collect();
        let b: Vec<f32> = (0..k * n).map(|x| (x % 5) as f32 - 2.0).collect();
        let lhs = MatRef {
            buf: &a,
            offset: 0,
            rows: m,
            cols: k,
            rs: k,
            cs: 1,
        };
        let rhs = MatRef {
            buf: &b,
            offset: 0,
            rows: k,
            cols: n,
            rs: n,
            cs: 1,
        };
        assert_eq!(lhs_packing_threshold(k, 1, n, 4), 1);
        let mut dst = vec![f32::NAN; m * n];
        // Single-threaded: a threaded f32 product goes to matrixmultiply, not gemm.
        f32::matmul_into(&mut dst, lhs, rhs, false);
        for i in 0..m {
            for j in 0..n {
                let want: f32 = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
                assert_eq!(dst[i * n + j], want, "at ({i}, {j})");
            }
        }
    }
}
