//! Kernel drivers: the only place that knows about strides, threads and SIMD.
//!
//! Op files hand a scalar closure to a driver ([`map`], [`zip`], [`zip3`], [`update`], or a
//! reducer in [`reduce`]); the driver broadcasts, walks the strided operands in runs along
//! the innermost (coalesced) dim, gives contiguous runs to the vectorized loops in [`simd`],
//! and splits large work over the rayon pool. Outputs are always fresh contiguous tensors
//! (or, for the in-place forms, the operand's own buffer).

pub(crate) mod extreme;
pub mod math;
pub mod matmul;
pub mod reduce;
pub(crate) mod rows;
pub mod simd;
pub(crate) mod sum_exp;
pub mod transpose;
pub mod vmath;

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use smallvec::SmallVec;

use crate::dtype::{Element, Float};
use crate::error::Result;
use crate::layout::{DimVec, Layout, broadcast_shape, checked_numel};
use crate::storage::Storage;
use crate::tensor_impl::TensorImpl;

/// Relative cost of one element of an op, which sets where a second thread starts to pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cost {
    /// A load, an arithmetic op and a store: memory bound.
    Cheap = 1,
    /// A polynomial transcendental (exp, tanh, erf, log): compute bound.
    Heavy = 8,
}

/// Work (elements times [`Cost`]) below which a kernel stays on the calling thread: waking
/// the pool's workers costs more than the work saves. Measured here (a 2-core virtual
/// machine, where waking a thread on an idle core takes 15-25 us): `exp` of 2e4 `f32` took
/// 12 us on one thread and 22 us on two, of 1e5 about the same on both; a digits-MLP epoch,
/// whose Adam steps on 16k parameters went parallel under the earlier `1 << 17`, took
/// 9.3 ms on two threads against 4.9 ms on one.
pub const PAR_MIN_WORK: usize = 1 << 19;

/// Work below which [`par_chunks`], called from outside the pool, splits into one piece per
/// thread with the caller computing one (see [`caller_and_pool`]): calls of up to about half
/// a millisecond, where waking threads is a large part of the time. Above it, pieces of a
/// quarter of a thread's share go to the pool, so that a core slowed by another tenant of
/// this shared machine takes fewer of them: with two fixed halves, `relu` and `add` of 1e7
/// `f32` ran 15-35% slower in one comparison run.
const CALLER_SHARE_MAX_WORK: usize = 1 << 22;

/// Elements per partial result in reductions. Fixed, so that results do not depend on the
/// number of threads.
pub const REDUCE_CHUNK: usize = 1 << 14;

fn parallel(work: usize) -> bool {
    work >= PAR_MIN_WORK && rayon::current_num_threads() > 1
}

/// Calls `f(start, chunk)` over `out` split into pieces, in parallel when the work pays.
pub fn par_chunks<U: Send>(out: &mut [U], cost: Cost, f: impl Fn(usize, &mut [U]) + Sync) {
    par_groups(out, 1, cost as usize, f);
}

/// Calls `f(start, piece)` over `out` split into pieces of whole groups of `group`
/// elements, each group worth `group_work` units of work (elements times [`Cost`]), in
/// parallel when the work pays: rows of a row-wise kernel, partials of a reduction.
///
/// # Panics
/// If `group` is 0 or does not divide `out.len()` (a bug in the caller).
pub(crate) fn par_groups<U: Send>(
    out: &mut [U],
    group: usize,
    group_work: usize,
    f: impl Fn(usize, &mut [U]) + Sync,
) {
    assert!(
        group > 0 && out.len().is_multiple_of(group),
        "par_groups: groups of {group} do not tile {} elements",
        out.len()
    );
    let Some(split) = Split::of(out.len() / group, group_work) else {
        f(0, out);
        return;
    };
    let chunk = split.per_piece * group;
    split.run(out.chunks_mut(chunk).enumerate(), |(i, piece)| {
        f(i * chunk, piece)
    });
}

/// How a parallel call cuts its groups into pieces, and who computes them.
struct Split {
    /// Groups per piece (the last piece may hold fewer).
    per_piece: usize,
    /// The calling thread takes pieces too (see [`Split::run`]); else all go to the pool.
    caller_shares: bool,
}

impl Split {
    /// The split of `groups` groups worth `group_work` each, or `None` when the work stays
    /// on the calling thread.
    ///
    /// Below [`CALLER_SHARE_MAX_WORK`], from outside the pool: one piece per thread, shared
    /// by the caller and the pool. Else pieces of a quarter of a thread's share (each worth
    /// at least a quarter of [`PAR_MIN_WORK`]), all for the pool, so that a core slowed by
    /// another tenant of this shared machine takes fewer of them.
    fn of(groups: usize, group_work: usize) -> Option<Split> {
        let group_work = group_work.max(1);
        let work = groups.saturating_mul(group_work);
        if groups < 2 || !parallel(work) {
            return None;
        }
        let threads = rayon::current_num_threads();
        if work < CALLER_SHARE_MAX_WORK && rayon::current_thread_index().is_none() {
            return Some(Split {
                per_piece: groups.div_ceil(threads),
                caller_shares: true,
            });
        }
        let per_piece = groups
            .div_ceil(threads * 4)
            .max((PAR_MIN_WORK / 4).div_ceil(group_work));
        Some(Split {
            per_piece,
            caller_shares: false,
        })
    }

    /// Calls `f` on every piece.
    ///
    /// With `caller_shares`, the calling thread and `threads - 1` pool workers take pieces
    /// in order from a shared counter until none is left. A plain parallel iterator from
    /// outside the pool hands every piece to the workers and puts the caller to sleep until
    /// they finish, so each call pays for waking workers and then for waking the caller (on
    /// this 2-core virtual machine a wake-up takes 15-25 us). Here the caller starts at
    /// once, and when its last piece ends after the workers' it does not sleep at all.
    /// Measured in a scratch loop (1e5 `f32`, 30 us of compute on one thread, median of 400
    /// calls, 2 threads): 29-60 us this way (then with one fixed piece each) against 55-87
    /// us through `par_chunks_mut`. Taking pieces from a counter, the caller also takes a
    /// worker's piece that nobody has started when its own is done (a worker still asleep).
    /// Four pieces per thread instead of one were slower from Rust, 1e5 `f32`, medians of
    /// two alternating runs: `add` 39.5/39.7 against 19.6/19.7 us, `sigmoid` 60.6/62.3
    /// against 42.4/54.7.
    fn run<I: Send>(&self, pieces: impl Iterator<Item = I>, f: impl Fn(I) + Sync) {
        if !self.caller_shares {
            pieces.collect::<Vec<I>>().into_par_iter().for_each(&f);
            return;
        }
        let slots: Vec<Mutex<Option<I>>> = pieces.map(|p| Mutex::new(Some(p))).collect();
        let next = AtomicUsize::new(0);
        let take_pieces = || {
            while let Some(slot) = slots.get(next.fetch_add(1, Ordering::Relaxed)) {
                // Each index is handed out once, so the lock is never contended; the guard
                // is dropped before `f` runs, so a panic in `f` (re-raised by the scope)
                // cannot poison it.
                let piece = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some(piece) = piece {
                    f(piece);
                }
            }
        };
        let helpers = rayon::current_num_threads()
            .min(slots.len())
            .saturating_sub(1);
        rayon::in_place_scope(|s| {
            for _ in 0..helpers {
                s.spawn(|_| take_pieces());
            }
            take_pieces();
        });
    }
}

/// Calls `f(start, bufs, src)` over equally long buffers `bufs` (updated in place) and
/// `src` (read), all split at the same places, in parallel when the work pays: for fused
/// updates of several tensors in one pass (an optimizer step reads the gradient and writes
/// the parameter and its state).
///
/// # Panics
/// If the buffers and `src` differ in length (a bug in the caller).
pub fn par_chunks_zip<T: Send + Sync>(
    bufs: Vec<&mut [T]>,
    src: &[T],
    cost: Cost,
    f: impl Fn(usize, &mut [&mut [T]], &[T]) + Sync,
) {
    let n = src.len();
    assert!(
        bufs.iter().all(|b| b.len() == n),
        "par_chunks_zip: buffers of different lengths"
    );
    let mut bufs = bufs;
    let Some(split) = Split::of(n, cost as usize) else {
        f(0, &mut bufs, src);
        return;
    };
    let chunk = split.per_piece;
    let mut groups: Vec<Vec<&mut [T]>> = (0..n.div_ceil(chunk))
        .map(|_| Vec::with_capacity(bufs.len()))
        .collect();
    for b in bufs {
        for (group, piece) in groups.iter_mut().zip(b.chunks_mut(chunk)) {
            group.push(piece);
        }
    }
    let pieces = groups.into_iter().zip(src.chunks(chunk)).enumerate();
    split.run(pieces, |(i, (mut group, s))| f(i * chunk, &mut group, s));
}

/// Sets every element of `dst` to `value`.
pub fn fill<T: Element>(dst: &mut [T], value: T) {
    par_chunks(dst, Cost::Cheap, |_, c| c.fill(value));
}

/// Merges adjacent dims that every operand can step through with one stride, and drops
/// size-1 dims, so that as many elements as possible form one contiguous inner run.
fn coalesce<const N: usize>(dims: &[usize], strides: [&[usize]; N]) -> (DimVec, [DimVec; N]) {
    let mut out_dims: DimVec = SmallVec::new();
    let mut out_strides: [DimVec; N] = std::array::from_fn(|_| SmallVec::new());
    for i in 0..dims.len() {
        if dims[i] == 1 {
            continue;
        }
        let mergeable = !out_dims.is_empty()
            && (0..N).all(|k| *out_strides[k].last().unwrap_or(&0) == strides[k][i] * dims[i]);
        if mergeable {
            let last = out_dims.len() - 1;
            out_dims[last] *= dims[i];
            for k in 0..N {
                out_strides[k][last] = strides[k][i];
            }
        } else {
            out_dims.push(dims[i]);
            for k in 0..N {
                out_strides[k].push(strides[k][i]);
            }
        }
    }
    if out_dims.is_empty() {
        out_dims.push(1);
        for s in &mut out_strides {
            s.push(0);
        }
    }
    (out_dims, out_strides)
}

/// Visits the flat row-major index `range` of `dims` in runs along the last dim, calling
/// `f(flat_start, len, offsets)` with each operand's buffer offset (relative to its layout
/// offset) for the run's first element. The run's strides are the operands' last strides.
fn for_each_run<const N: usize>(
    dims: &[usize],
    strides: &[DimVec; N],
    range: Range<usize>,
    mut f: impl FnMut(usize, usize, [usize; N]),
) {
    if range.is_empty() {
        return;
    }
    let nd = dims.len();
    let inner = dims[nd - 1];
    let mut row = range.start / inner;
    let mut col = range.start % inner;
    // Multi-index of `row` over the outer dims, and the matching offsets.
    let mut idx: DimVec = SmallVec::from_elem(0, nd - 1);
    let mut rem = row;
    for d in (0..nd - 1).rev() {
        idx[d] = rem % dims[d];
        rem /= dims[d];
    }
    let mut row_off = [0usize; N];
    for k in 0..N {
        row_off[k] = (0..nd - 1).map(|d| idx[d] * strides[k][d]).sum();
    }
    let mut pos = range.start;
    while pos < range.end {
        let len = (inner - col).min(range.end - pos);
        let mut offs = [0usize; N];
        for k in 0..N {
            offs[k] = row_off[k] + col * strides[k][nd - 1];
        }
        f(pos, len, offs);
        pos += len;
        col = 0;
        row += 1;
        // Odometer step to the next row.
        for d in (0..nd - 1).rev() {
            idx[d] += 1;
            for k in 0..N {
                row_off[k] += strides[k][d];
            }
            if idx[d] < dims[d] {
                break;
            }
            for k in 0..N {
                row_off[k] -= strides[k][d] * dims[d];
            }
            idx[d] = 0;
        }
    }
    let _ = row;
}

/// A fresh contiguous tensor of `dims`, filled by `fill(out)` in row-major order.
fn new_output<U: Element>(
    dims: &[usize],
    op: &'static str,
    fill: impl FnOnce(&mut [U]),
) -> Result<TensorImpl<U>> {
    let n = checked_numel(dims, op)?;
    let mut s = Storage::new(n, op)?;
    fill(s.as_mut_slice());
    Ok(TensorImpl::from_storage(s, Layout::contiguous(dims)))
}

/// Copies `src` (any layout) into the elements of `dst` that `region` selects: `region` has
/// `src`'s dims and strides into `dst` (a view of a contiguous buffer made with the
/// [`Layout`] transforms, e.g. `slice` or `select`). Runs on the calling thread: a copy is
/// memory bound, and the regions of one output are written one after another. A transposed
/// source (unit stride on the dim before the last) is copied in tiles
/// (see [`transpose`]), so that whole cache lines are read and written.
///
/// # Panics
/// If `region` does not have `src`'s dims or reaches past `dst` (a bug in the caller).
pub fn copy_strided<T: Element>(dst: &mut [T], region: &Layout, src: &TensorImpl<T>) {
    assert_eq!(
        region.dims(),
        src.dims(),
        "copy_strided: the region has the source's dims"
    );
    if src.numel() == 0 {
        return;
    }
    assert!(
        region.end() <= dst.len(),
        "copy_strided: the region lies inside dst"
    );
    let (dims, strides) = coalesce(src.dims(), [region.strides(), src.layout().strides()]);
    let last = dims.len() - 1;
    let (td, ts) = (strides[0][last], strides[1][last]);
    let doff = region.offset();
    let (sbuf, soff) = (src.buffer(), src.layout().offset());
    if last >= 1 && td == 1 && ts != 1 && strides[1][last - 1] == 1 {
        // A transposed source into rows of `dst`: one tiled copy per matrix.
        let (rows, cols, ldd) = (dims[last - 1], dims[last], strides[0][last - 1]);
        let matrices: usize = dims[..last - 1].iter().product();
        for b in 0..matrices {
            let (mut rem, mut id, mut is) = (b, doff, soff);
            for d in (0..last - 1).rev() {
                let k = rem % dims[d];
                rem /= dims[d];
                id += k * strides[0][d];
                is += k * strides[1][d];
            }
            transpose::copy_transposed(&sbuf[is..], ts, &mut dst[id..], ldd, rows, cols);
        }
        return;
    }
    for_each_run(&dims, &strides, 0..src.numel(), |_, len, [id, is]| {
        let (id, is) = (id + doff, is + soff);
        if (td, ts) == (1, 1) {
            dst[id..id + len].copy_from_slice(&sbuf[is..is + len]);
        } else {
            for k in 0..len {
                dst[id + k * td] = sbuf[is + k * ts];
            }
        }
    });
}

/// A new contiguous tensor of `dims` put together from copies: each `(src, region)` piece
/// copies `src` into the part of the output that `region` (a view of
/// `Layout::contiguous(dims)` with `src`'s dims) selects, as in [`copy_strided`]. The
/// regions must cover the output (the ops `cat` and `stack` tile it exactly); elements no
/// region covers are unspecified.
///
/// # Errors
/// [`crate::Error::Overflow`] or [`crate::Error::Alloc`] naming `op` for a too-large output.
pub fn assemble<T: Element>(
    op: &'static str,
    dims: &[usize],
    pieces: &[(&TensorImpl<T>, Layout)],
) -> Result<TensorImpl<T>> {
    new_output(dims, op, |out| {
        for (src, region) in pieces {
            copy_strided(out, region, src);
        }
    })
}

/// Work per element of `f(a, b)` over two full-size inputs, for [`Split::of`]. A cheap
/// element counts 6, not 1: its three streams (two inputs and the output) make the working
/// set pass one core's L2 (1 MiB on this project's Xeon) at about 87,000 `f32`, where a
/// second core, with its own L2, halves the time. Measured from Python, alternating with
/// PyTorch: `add`/`mul` of 1e5 `f32` 37.4/37.0 us on one thread, 19.7/19.0 on two (PyTorch
/// 29-41 us). A one-input op such as `relu` of 1e5 (800 KB) gained nothing (18.1 and 17.8
/// us), so [`map`] keeps [`PAR_MIN_WORK`] as it is.
fn two_input_work(cost: Cost) -> usize {
    match cost {
        Cost::Cheap => 6,
        Cost::Heavy => Cost::Heavy as usize,
    }
}

/// `f` applied to every element: a new contiguous tensor of `a`'s shape.
pub fn map<A: Element, U: Element>(
    op: &'static str,
    a: &TensorImpl<A>,
    cost: Cost,
    f: impl Fn(A) -> U + Copy + Send + Sync,
) -> Result<TensorImpl<U>> {
    let (abuf, aoff) = (a.buffer(), a.layout().offset());
    // (Empty views take the general path, which reads nothing wherever their offset is.)
    if a.numel() > 0 && a.layout().is_contiguous() {
        // The common case, without the strided walk's setup (a third of a small op's cost).
        let src = &abuf[aoff..aoff + a.numel()];
        return new_output(a.dims(), op, |out| {
            par_chunks(out, cost, |start, dst| {
                simd::map1(dst, &src[start..start + dst.len()], f)
            })
        });
    }
    let (dims, [sa]) = coalesce(a.dims(), [a.layout().strides()]);
    let ta = sa[dims.len() - 1];
    new_output(a.dims(), op, |out| {
        par_chunks(out, cost, |start, dst| {
            for_each_run(
                &dims,
                std::array::from_ref(&sa),
                start..start + dst.len(),
                |p, len, [ia]| {
                    let d = &mut dst[p - start..p - start + len];
                    let ia = ia + aoff;
                    match ta {
                        1 => simd::map1(d, &abuf[ia..ia + len], f),
                        0 => d.fill(f(abuf[ia])),
                        _ => {
                            for (k, x) in d.iter_mut().enumerate() {
                                *x = f(abuf[ia + k * ta]);
                            }
                        }
                    }
                },
            )
        })
    })
}

/// [`map`] for a float function that may have an explicit kernel (`vec`, see [`vmath`]):
/// a contiguous input runs that kernel where this CPU and `T` have it, and `f` otherwise.
/// `f` must compute the same function.
pub fn map_float<T: Float>(
    op: &'static str,
    a: &TensorImpl<T>,
    cost: Cost,
    vec: Option<vmath::VecOp>,
    f: impl Fn(T) -> T + Copy + Send + Sync,
) -> Result<TensorImpl<T>> {
    if let Some(v) = vec
        && a.numel() > 0
        && a.layout().is_contiguous()
    {
        let (abuf, aoff) = (a.buffer(), a.layout().offset());
        let src = &abuf[aoff..aoff + a.numel()];
        return new_output(a.dims(), op, |out| {
            par_chunks(out, cost, |start, dst| {
                let src = &src[start..start + dst.len()];
                if !T::map_vec(v, dst, src) {
                    simd::map1(dst, src, f)
                }
            })
        });
    }
    map(op, a, cost, f)
}

/// [`update_map`] for a float function that may have an explicit kernel, as [`map_float`].
pub fn update_map_float<T: Float>(
    op: &'static str,
    t: &mut TensorImpl<T>,
    cost: Cost,
    vec: Option<vmath::VecOp>,
    f: impl Fn(T) -> T + Copy + Send + Sync,
) -> Result<()> {
    let Some(v) = vec else {
        return update_map(op, t, cost, f);
    };
    let out = t.make_mut(op)?;
    par_chunks(out, cost, |_, dst| {
        if !T::apply_vec(v, dst) {
            simd::apply(dst, f)
        }
    });
    Ok(())
}

/// `f(a, b)` with NumPy broadcasting: a new contiguous tensor of the broadcast shape.
///
/// # Errors
/// [`crate::Error::Broadcast`] naming `op` if the shapes do not broadcast.
pub fn zip<A: Element, B: Element, U: Element>(
    op: &'static str,
    a: &TensorImpl<A>,
    b: &TensorImpl<B>,
    cost: Cost,
    f: impl Fn(A, B) -> U + Copy + Send + Sync,
) -> Result<TensorImpl<U>> {
    let (abuf, aoff) = (a.buffer(), a.layout().offset());
    let (bbuf, boff) = (b.buffer(), b.layout().offset());
    let same = a.dims() == b.dims() && a.numel() > 0; // empty: the general path, as in `map`
    if same && a.layout().is_contiguous() && b.layout().is_contiguous() {
        // Same shape, both contiguous: one flat pass, without the broadcast and strided
        // walk's setup (a third of a small op's cost).
        let (x, y) = (&abuf[aoff..aoff + a.numel()], &bbuf[boff..boff + b.numel()]);
        return new_output(a.dims(), op, |out| {
            par_groups(out, 1, two_input_work(cost), |start, dst| {
                let end = start + dst.len();
                simd::map2(dst, &x[start..end], &y[start..end], f)
            })
        });
    }
    let out_dims = broadcast_shape(a.dims(), b.dims(), op)?;
    let sa = a.layout().broadcast_strides(&out_dims);
    let sb = b.layout().broadcast_strides(&out_dims);
    let (dims, strides) = coalesce(&out_dims, [&sa, &sb]);
    let (ta, tb) = (strides[0][dims.len() - 1], strides[1][dims.len() - 1]);
    new_output(&out_dims, op, |out| {
        par_chunks(out, cost, |start, dst| {
            for_each_run(
                &dims,
                &strides,
                start..start + dst.len(),
                |p, len, [ia, ib]| {
                    let d = &mut dst[p - start..p - start + len];
                    let (ia, ib) = (ia + aoff, ib + boff);
                    match (ta, tb) {
                        (1, 1) => simd::map2(d, &abuf[ia..ia + len], &bbuf[ib..ib + len], f),
                        (1, 0) => {
                            let y = bbuf[ib];
                            simd::map1(d, &abuf[ia..ia + len], move |x| f(x, y))
                        }
                        (0, 1) => {
                            let x = abuf[ia];
                            simd::map1(d, &bbuf[ib..ib + len], move |y| f(x, y))
                        }
                        _ => {
                            for (k, o) in d.iter_mut().enumerate() {
                                *o = f(abuf[ia + k * ta], bbuf[ib + k * tb]);
                            }
                        }
                    }
                },
            )
        })
    })
}

/// `f(a, b, c)` with all three operands broadcast together.
///
/// # Errors
/// [`crate::Error::Broadcast`] naming `op` if the shapes do not broadcast.
pub fn zip3<A: Element, B: Element, C: Element, U: Element>(
    op: &'static str,
    a: &TensorImpl<A>,
    b: &TensorImpl<B>,
    c: &TensorImpl<C>,
    cost: Cost,
    f: impl Fn(A, B, C) -> U + Copy + Send + Sync,
) -> Result<TensorImpl<U>> {
    let ab = broadcast_shape(a.dims(), b.dims(), op)?;
    let out_dims = broadcast_shape(&ab, c.dims(), op)?;
    let sa = a.layout().broadcast_strides(&out_dims);
    let sb = b.layout().broadcast_strides(&out_dims);
    let sc = c.layout().broadcast_strides(&out_dims);
    let (dims, strides) = coalesce(&out_dims, [&sa, &sb, &sc]);
    let last = dims.len() - 1;
    let (ta, tb, tc) = (strides[0][last], strides[1][last], strides[2][last]);
    let (abuf, aoff) = (a.buffer(), a.layout().offset());
    let (bbuf, boff) = (b.buffer(), b.layout().offset());
    let (cbuf, coff) = (c.buffer(), c.layout().offset());
    new_output(&out_dims, op, |out| {
        par_chunks(out, cost, |start, dst| {
            for_each_run(
                &dims,
                &strides,
                start..start + dst.len(),
                |p, len, [ia, ib, ic]| {
                    let d = &mut dst[p - start..p - start + len];
                    let (ia, ib, ic) = (ia + aoff, ib + boff, ic + coff);
                    if (ta, tb, tc) == (1, 1, 1) {
                        simd::map3(
                            d,
                            &abuf[ia..ia + len],
                            &bbuf[ib..ib + len],
                            &cbuf[ic..ic + len],
                            f,
                        );
                    } else {
                        for (k, o) in d.iter_mut().enumerate() {
                            *o = f(abuf[ia + k * ta], bbuf[ib + k * tb], cbuf[ic + k * tc]);
                        }
                    }
                },
            )
        })
    })
}

/// `t[i] = f(t[i], b[i])` in place, with `b` broadcast to `t`'s shape (which must not
/// change). Writes into `t`'s own buffer when no other tensor shares it; otherwise `t` first
/// gets a private copy (copy-on-write).
///
/// # Errors
/// [`crate::Error::Broadcast`] if `b` does not broadcast to exactly `t`'s shape.
pub fn update<T: Element, B: Element>(
    op: &'static str,
    t: &mut TensorImpl<T>,
    b: &TensorImpl<B>,
    cost: Cost,
    f: impl Fn(T, B) -> T + Copy + Send + Sync,
) -> Result<()> {
    let out_dims = broadcast_shape(t.dims(), b.dims(), op)?;
    if out_dims.as_slice() != t.dims() {
        return Err(crate::Error::broadcast(op, t.dims(), b.dims()));
    }
    let sb = b.layout().broadcast_strides(&out_dims);
    let cont = crate::layout::contiguous_strides(&out_dims);
    let (dims, strides) = coalesce(&out_dims, [&cont, &sb]);
    let tb = strides[1][dims.len() - 1];
    let (bbuf, boff) = (b.buffer(), b.layout().offset());
    let out = t.make_mut(op)?;
    par_chunks(out, cost, |start, dst| {
        for_each_run(
            &dims,
            &strides,
            start..start + dst.len(),
            |p, len, [_, ib]| {
                let d = &mut dst[p - start..p - start + len];
                let ib = ib + boff;
                match tb {
                    1 => simd::update(d, &bbuf[ib..ib + len], f),
                    0 => {
                        let y = bbuf[ib];
                        for x in d.iter_mut() {
                            *x = f(*x, y);
                        }
                    }
                    _ => {
                        for (k, x) in d.iter_mut().enumerate() {
                            *x = f(*x, bbuf[ib + k * tb]);
                        }
                    }
                }
            },
        )
    });
    Ok(())
}

/// `t[i] = f(t[i])` in place (copy-on-write as in [`update`]).
pub fn update_map<T: Element>(
    op: &'static str,
    t: &mut TensorImpl<T>,
    cost: Cost,
    f: impl Fn(T) -> T + Copy + Send + Sync,
) -> Result<()> {
    let out = t.make_mut(op)?;
    par_chunks(out, cost, |_, dst| simd::apply(dst, f));
    Ok(())
}

/// `f(rows, out_rows)` over consecutive blocks of whole rows of `row_len` elements of `x`
/// (in row-major order), which together cover `x` once: a new contiguous tensor of `x`'s
/// shape. For ops that need a whole row at once (softmax along the last dim); a block lets
/// `f` choose its SIMD loop once and overlap one row's memory traffic with another's
/// arithmetic. Blocks are spread over the pool when the work (elements times `cost`) pays.
/// A non-contiguous `x` is copied first.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] naming `op` if `row_len` does not divide the element
/// count (or is 0 for a non-empty tensor).
pub fn map_rows<A: Element, U: Element>(
    op: &'static str,
    x: &TensorImpl<A>,
    row_len: usize,
    cost: Cost,
    f: impl Fn(&[A], &mut [U]) + Sync,
) -> Result<TensorImpl<U>> {
    let n = x.numel();
    if n == 0 {
        return new_output(x.dims(), op, |_| {});
    }
    if row_len == 0 || !n.is_multiple_of(row_len) {
        let reason = format!("{row_len} does not divide {n} elements ({:?})", x.dims());
        return Err(crate::Error::invalid(op, "row_len", reason));
    }
    let x = x.contiguous(op)?;
    let src = x.as_contiguous_slice();
    new_output(x.dims(), op, |out| {
        par_groups(out, row_len, row_len * cost as usize, |start, d| {
            f(&src[start..start + d.len()], d)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check(n)` from outside the pool below [`CALLER_SHARE_MAX_WORK`] (the caller
    /// takes the first piece; an odd length splits unevenly over the global pool) and above
    /// it (pieces for the workers), and with `PAR_MIN_WORK + 7` from inside pools of 2 and
    /// 3 threads.
    fn from_outside_and_inside_the_pool(check: impl Fn(usize) + Sync) {
        assert!(rayon::current_thread_index().is_none());
        for n in [PAR_MIN_WORK + 7, CALLER_SHARE_MAX_WORK + 5] {
            check(n);
        }
        for threads in [2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| check(PAR_MIN_WORK + 7));
        }
    }

    /// Every element is visited once with its own index.
    #[test]
    fn par_chunks_visits_every_index_once_from_outside_and_inside_the_pool() {
        from_outside_and_inside_the_pool(|n| {
            let mut out = vec![0u64; n];
            par_chunks(&mut out, Cost::Cheap, |start, piece| {
                for (i, o) in piece.iter_mut().enumerate() {
                    *o += (start + i) as u64 + 1;
                }
            });
            assert!(
                out.iter().enumerate().all(|(i, &v)| v == i as u64 + 1),
                "{n} elements"
            );
        });
    }

    /// A same-shape binary op of cheap elements goes parallel from about 87,000 elements
    /// (its working set past one core's L2), a one-input op only from `PAR_MIN_WORK`.
    #[test]
    fn two_full_inputs_go_parallel_sooner() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        pool.install(|| {
            let binary = two_input_work(Cost::Cheap);
            assert!(Split::of(100_000, binary).is_some());
            assert!(Split::of(80_000, binary).is_none());
            assert!(Split::of(100_000, Cost::Cheap as usize).is_none());
            assert_eq!(two_input_work(Cost::Heavy), Cost::Heavy as usize);
        });
        // And `zip` gives the same values on either side of that size.
        for n in [80_000usize, 100_000] {
            let a = TensorImpl::from_vec((0..n).map(|i| i as f32).collect(), &[n], "t").unwrap();
            let b =
                TensorImpl::from_vec((0..n).map(|i| (i % 7) as f32).collect(), &[n], "t").unwrap();
            let y = pool
                .install(|| zip("add", &a, &b, Cost::Cheap, |x: f32, y: f32| x + y))
                .unwrap();
            let want: Vec<f32> = (0..n).map(|i| i as f32 + (i % 7) as f32).collect();
            assert_eq!(y.as_contiguous_slice(), &want[..]);
        }
    }

    /// Pieces hold whole groups, and every group is visited once with its own start.
    #[test]
    fn par_groups_keeps_groups_whole() {
        from_outside_and_inside_the_pool(|n| {
            let group = 3;
            let mut out = vec![0u64; n * group];
            par_groups(&mut out, group, 1, |start, piece| {
                assert!(start % group == 0 && piece.len() % group == 0, "{start}");
                for (i, o) in piece.iter_mut().enumerate() {
                    *o += ((start + i) / group) as u64 + 1;
                }
            });
            let want = |i: usize| (i / group) as u64 + 1;
            assert!(
                out.iter().enumerate().all(|(i, &v)| v == want(i)),
                "{n} groups"
            );
        });
    }

    #[test]
    #[should_panic(expected = "par_groups: groups of 4 do not tile 10 elements")]
    fn par_groups_rejects_a_ragged_split() {
        par_groups(&mut [0u8; 10], 4, 1, |_, _| {});
    }

    /// Every buffer is updated once at each index, from the matching piece of `src`.
    #[test]
    fn par_chunks_zip_splits_every_buffer_at_the_same_places() {
        from_outside_and_inside_the_pool(|n| {
            let src: Vec<u64> = (0..n as u64).collect();
            let (mut a, mut b) = (vec![0u64; n], vec![1u64; n]);
            par_chunks_zip(vec![&mut a, &mut b], &src, Cost::Cheap, |start, bufs, s| {
                for (i, &v) in s.iter().enumerate() {
                    assert_eq!(v, (start + i) as u64);
                    bufs[0][i] += v + 1;
                    bufs[1][i] *= v + 2;
                }
            });
            assert!(a.iter().enumerate().all(|(i, &v)| v == i as u64 + 1), "{n}");
            assert!(b.iter().enumerate().all(|(i, &v)| v == i as u64 + 2), "{n}");
        });
    }

    #[test]
    fn coalesce_merges_contiguous_and_broadcast_runs() {
        // A contiguous (2, 3, 4) operand and a (1, 1, 4) row broadcast: the row repeats
        // every 4 elements, so only the outer two dims merge.
        let (dims, [sa, sb]) = coalesce(&[2, 3, 4], [&[12, 4, 1], &[0, 0, 1]]);
        assert_eq!(&dims[..], &[6, 4]);
        assert_eq!((&sa[..], &sb[..]), (&[4, 1][..], &[0, 1][..]));
        let (dims, [s]) = coalesce(&[1, 1], [&[5, 9]]);
        assert_eq!((&dims[..], &s[..]), (&[1][..], &[0][..]));
    }

    #[test]
    fn assemble_tiles_strided_sources_into_regions() {
        // Two (2, 2) pieces side by side in a (2, 4) output; the second source is a
        // transposed view, so its elements arrive in column order.
        let a = TensorImpl::from_vec(vec![1i32, 2, 3, 4], &[2, 2], "t").unwrap();
        let b = TensorImpl::from_vec(vec![5i32, 6, 7, 8], &[2, 2], "t").unwrap();
        let bt = b.view(b.layout().transpose(0, 1));
        let out = Layout::contiguous(&[2, 4]);
        let pieces = [(&a, out.slice(1, 0, 2, 1)), (&bt, out.slice(1, 2, 2, 1))];
        let r = assemble("t", &[2, 4], &pieces).unwrap();
        assert_eq!(r.to_vec(), vec![1, 2, 5, 7, 3, 4, 6, 8]);
    }

    #[test]
    fn runs_cover_a_range_that_starts_mid_row() {
        let strides = [SmallVec::from_slice(&[10, 1])];
        let mut seen = Vec::new();
        for_each_run(&[3, 4], &strides, 2..11, |p, len, [o]| {
            seen.push((p, len, o))
        });
        assert_eq!(seen, vec![(2, 2, 2), (4, 4, 10), (8, 3, 20)]);
    }

    #[test]
    fn map_rows_covers_each_row_once_in_blocks_and_checks_row_len() {
        let x = TensorImpl::from_vec((0..6).map(|v| v as f64).collect(), &[2, 3], "t").unwrap();
        // A transposed view: rows of the copy are [0, 3], [1, 4], [2, 5].
        let t = x.view(x.layout().transpose(0, 1));
        let y = map_rows("t", &t, 2, Cost::Cheap, |r: &[f64], o: &mut [f64]| {
            for (r, o) in r.chunks_exact(2).zip(o.chunks_exact_mut(2)) {
                o[0] = r[0] + r[1];
                o[1] = r[1] - r[0];
            }
        })
        .unwrap();
        assert_eq!(y.dims(), &[3, 2]);
        assert_eq!(y.to_vec(), vec![3.0, 3.0, 5.0, 3.0, 7.0, 3.0]);
        assert!(map_rows("t", &x, 4, Cost::Cheap, |_: &[f64], _: &mut [f64]| {}).is_err());
        // Large enough to go parallel: every row is seen exactly once.
        let big = TensorImpl::from_vec(vec![1.0f32; 1 << 17], &[1 << 10, 1 << 7], "t").unwrap();
        let row_sum = |r: &[f32], o: &mut [f32]| {
            assert_eq!(r.len() % (1 << 7), 0, "blocks of whole rows");
            for (r, o) in r.chunks_exact(1 << 7).zip(o.chunks_exact_mut(1 << 7)) {
                o.fill(r.iter().sum());
            }
        };
        let s = map_rows("t", &big, 1 << 7, Cost::Heavy, row_sum).unwrap();
        assert!(s.to_vec().iter().all(|&v| v == 128.0));
        let empty = TensorImpl::from_vec(Vec::<f32>::new(), &[0, 3], "t").unwrap();
        let e = map_rows("t", &empty, 3, Cost::Cheap, |_: &[f32], _: &mut [f32]| {}).unwrap();
        assert_eq!(e.dims(), &[0, 3]);
    }

    #[test]
    fn empty_views_at_the_buffer_end_map_and_zip_to_empty() {
        // A (0, 2) view of a 3 x 3 tensor whose offset is the buffer's length (the furthest
        // an empty view may start): map and zip read no element and give empty results.
        let x = TensorImpl::from_vec((0..9).map(|v| v as f32).collect(), &[3, 3], "t").unwrap();
        let v = x.view(Layout::from_parts(
            (&[0, 2][..]).into(),
            (&[3, 1][..]).into(),
            9,
        ));
        assert!(v.layout().is_contiguous());
        let neg = map("neg", &v, Cost::Cheap, |a: f32| -a).unwrap();
        assert_eq!((neg.dims(), neg.to_vec()), (&[0, 2][..], vec![]));
        let sum = zip("add", &v, &v, Cost::Cheap, |a: f32, b: f32| a + b).unwrap();
        assert_eq!((sum.dims(), sum.to_vec()), (&[0, 2][..], vec![]));
    }
}
