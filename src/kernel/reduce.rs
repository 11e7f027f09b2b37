//! Reduction drivers: over all elements, or along one dim.
//!
//! Determinism: a reduction splits its input into fixed [`REDUCE_CHUNK`]-element pieces
//! whatever the thread count, reduces each piece with a fixed lane layout, and merges the
//! partial results in a fixed pairwise tree. The same input therefore gives bit-identical
//! results on 1 or N threads, and the pairwise tree keeps `f32` sums accurate.

use rayon::prelude::*;

use super::{Cost, REDUCE_CHUNK, par_groups, parallel, simd};
use crate::dtype::{Element, Numeric};
use crate::error::Result;
use crate::layout::{DimVec, Layout};
use crate::storage::Storage;
use crate::tensor_impl::TensorImpl;

/// A reduction: an accumulator, a step that folds in one element (with its index along the
/// reduced range), and an associative merge of two accumulators.
pub trait Reducer<T>: Copy + Send + Sync {
    /// The running state (a sum, or a value with its index).
    type Acc: Copy + Send + Sync;
    /// The identity.
    fn init(self) -> Self::Acc;
    /// Folds in element `x` at index `i` of the reduced range.
    fn step(self, acc: Self::Acc, x: T, i: usize) -> Self::Acc;
    /// Combines two partial results; `a` covers earlier indices than `b`.
    fn merge(self, a: Self::Acc, b: Self::Acc) -> Self::Acc;
    /// Reduces the contiguous run `x`, whose first element has index `base`: the
    /// interleaved lanes of [`simd::reduce`], unless the reducer has a kernel of its own.
    #[inline(always)]
    fn reduce_run(self, x: &[T], base: usize) -> Self::Acc
    where
        T: Copy,
    {
        simd::reduce(x, base, self)
    }
}

/// `Σ x` in the element type: for vectorized row sums (softmax), not for accuracy-critical
/// totals (the `sum` op accumulates through its own reducer).
#[derive(Clone, Copy, Debug)]
pub struct RowSum;

impl<T: Numeric> Reducer<T> for RowSum {
    type Acc = T;
    #[inline(always)]
    fn init(self) -> T {
        T::ZERO
    }
    #[inline(always)]
    fn step(self, acc: T, x: T, _: usize) -> T {
        acc + x
    }
    #[inline(always)]
    fn merge(self, a: T, b: T) -> T {
        a + b
    }
}

/// The largest element, skipping NaN (`-inf` for no elements).
#[derive(Clone, Copy, Debug)]
pub struct RowMax;

impl<T: Numeric> Reducer<T> for RowMax {
    type Acc = T;
    #[inline(always)]
    fn init(self) -> T {
        T::MIN_VALUE
    }
    #[inline(always)]
    fn step(self, acc: T, x: T, _: usize) -> T {
        if x > acc { x } else { acc }
    }
    #[inline(always)]
    fn merge(self, a: T, b: T) -> T {
        if b > a { b } else { a }
    }
}

/// Merges partials in a fixed pairwise tree.
fn tree_merge<T, R: Reducer<T>>(mut parts: Vec<R::Acc>, r: R) -> R::Acc {
    if parts.is_empty() {
        return r.init();
    }
    while parts.len() > 1 {
        let next = parts
            .chunks(2)
            .map(|p| {
                if p.len() == 2 {
                    r.merge(p[0], p[1])
                } else {
                    p[0]
                }
            })
            .collect();
        parts = next;
    }
    parts[0]
}

/// Reduces a contiguous slice in fixed chunks (in parallel when large).
fn reduce_slice<T: Element, R: Reducer<T>>(x: &[T], r: R, cost: Cost) -> R::Acc {
    if x.len() <= REDUCE_CHUNK {
        return r.reduce_run(x, 0);
    }
    let mut parts = vec![r.init(); x.len().div_ceil(REDUCE_CHUNK)];
    par_groups(
        &mut parts,
        1,
        REDUCE_CHUNK * cost as usize,
        |first, slots| {
            for (j, slot) in slots.iter_mut().enumerate() {
                let start = (first + j) * REDUCE_CHUNK;
                let end = (start + REDUCE_CHUNK).min(x.len());
                *slot = r.reduce_run(&x[start..end], start);
            }
        },
    );
    tree_merge(parts, r)
}

/// Reduces every element of `x` (in row-major order for index-aware reducers).
pub fn reduce_all<T: Element, R: Reducer<T>>(
    op: &'static str,
    x: &TensorImpl<T>,
    r: R,
    cost: Cost,
) -> Result<R::Acc> {
    let x = x.contiguous(op)?;
    Ok(reduce_slice(x.as_contiguous_slice(), r, cost))
}

/// Rows of an outer-dim accumulation folded into one partial before the partials are merged
/// pairwise, to keep `f32` sums over long dims accurate.
const ROW_BLOCK: usize = 64;
/// Columns per task in an outer-dim reduction.
const COL_BLOCK: usize = 4096;

/// Reduces `x` along `dim` and maps each result through `finish`: a new contiguous tensor
/// with `dim` removed, or kept with size 1 if `keepdim`.
pub fn reduce_dim<T: Element, R: Reducer<T>, U: Element>(
    op: &'static str,
    x: &TensorImpl<T>,
    dim: usize,
    keepdim: bool,
    r: R,
    cost: Cost,
    finish: impl Fn(R::Acc) -> U + Copy + Send + Sync,
) -> Result<TensorImpl<U>> {
    let x = x.contiguous(op)?;
    let dims = x.dims();
    let outer: usize = dims[..dim].iter().product();
    let n = dims[dim];
    let inner: usize = dims[dim + 1..].iter().product();
    let mut out_dims: DimVec = dims.into();
    if keepdim {
        out_dims[dim] = 1;
    } else {
        out_dims.remove(dim);
    }
    let src = x.as_contiguous_slice();
    let mut storage = Storage::<U>::new(outer * inner, op)?;
    let out = storage.as_mut_slice();
    if out.is_empty() {
        // NOTE: no outputs (an empty non-reduced dim); `chunks_mut(0)` below would panic.
    } else if inner == 1 {
        // Each output reduces one contiguous row.
        let row = |o: usize| finish(reduce_slice(&src[o * n..(o + 1) * n], r, cost));
        par_groups(out, 1, n * cost as usize, |first, ys| {
            for (j, y) in ys.iter_mut().enumerate() {
                *y = row(first + j);
            }
        });
    } else {
        // Each output column accumulates rows `r` of a (outer, n, inner) block, vectorized
        // along the columns.
        let task = |o: usize, j0: usize, dst: &mut [U]| {
            let w = dst.len();
            // Partials of `ROW_BLOCK * 2^k` rows, combined like a binary counter: each row
            // passes through O(log n) merges (pairwise summation across blocks), so long
            // `f32` sums stay accurate. The tree depends on `n` only.
            let mut levels: Vec<Option<Vec<R::Acc>>> = Vec::new();
            let mut spare: Vec<Vec<R::Acc>> = Vec::new();
            for r0 in (0..n).step_by(ROW_BLOCK) {
                let mut carry = spare.pop().unwrap_or_else(|| vec![r.init(); w]);
                carry.fill(r.init());
                for i in r0..(r0 + ROW_BLOCK).min(n) {
                    let start = (o * n + i) * inner + j0;
                    simd::step_rows(&mut carry, &src[start..start + w], i, r);
                }
                let mut k = 0;
                loop {
                    if k == levels.len() {
                        levels.push(None);
                    }
                    match levels[k].take() {
                        Some(mut earlier) => {
                            simd::merge_rows::<T, R>(&mut earlier, &carry, r);
                            spare.push(std::mem::replace(&mut carry, earlier));
                            k += 1;
                        }
                        None => {
                            levels[k] = Some(carry);
                            break;
                        }
                    }
                }
            }
            // Higher levels hold earlier rows.
            let mut acc: Option<Vec<R::Acc>> = None;
            for part in levels.into_iter().rev().flatten() {
                acc = Some(match acc {
                    None => part,
                    Some(mut a) => {
                        simd::merge_rows::<T, R>(&mut a, &part, r);
                        a
                    }
                });
            }
            let acc = acc.unwrap_or_else(|| vec![r.init(); w]);
            for (y, a) in dst.iter_mut().zip(acc) {
                *y = finish(a);
            }
        };
        let run = |(o, row): (usize, &mut [U])| {
            for (b, dst) in row.chunks_mut(COL_BLOCK).enumerate() {
                task(o, b * COL_BLOCK, dst);
            }
        };
        if parallel(outer * n * inner * cost as usize) {
            if outer >= rayon::current_num_threads() {
                out.par_chunks_mut(inner).enumerate().for_each(run);
            } else {
                out.par_chunks_mut(inner).enumerate().for_each(|(o, row)| {
                    row.par_chunks_mut(COL_BLOCK)
                        .enumerate()
                        .for_each(|(b, dst)| task(o, b * COL_BLOCK, dst));
                });
            }
        } else {
            out.chunks_mut(inner).enumerate().for_each(run);
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

    #[derive(Clone, Copy)]
    struct Sum;
    impl Reducer<f64> for Sum {
        type Acc = f64;
        fn init(self) -> f64 {
            0.0
        }
        fn step(self, a: f64, x: f64, _: usize) -> f64 {
            a + x
        }
        fn merge(self, a: f64, b: f64) -> f64 {
            a + b
        }
    }

    #[test]
    fn tree_merge_covers_odd_counts() {
        assert_eq!(tree_merge(vec![1.0, 2.0, 3.0, 4.0, 5.0], Sum), 15.0);
        assert_eq!(tree_merge(Vec::<f64>::new(), Sum), 0.0);
    }

    #[test]
    fn reduce_dim_inner_and_outer_agree_with_loops() {
        let v: Vec<f64> = (0..2 * 70 * 3).map(|i| (i % 17) as f64 - 8.0).collect();
        let x = TensorImpl::from_vec(v.clone(), &[2, 70, 3], "t").unwrap();
        let s = reduce_dim("t", &x, 1, false, Sum, Cost::Cheap, |a| a).unwrap();
        assert_eq!(s.dims(), &[2, 3]);
        for o in 0..2 {
            for j in 0..3 {
                let want: f64 = (0..70).map(|i| v[(o * 70 + i) * 3 + j]).sum();
                assert_eq!(s.to_vec()[o * 3 + j], want);
            }
        }
        // Enough rows for several blocks of the pairwise cascade, an odd count of them.
        let w: Vec<f64> = (0..(5 * ROW_BLOCK + 3) * 2)
            .map(|i| (i % 13) as f64)
            .collect();
        let y = TensorImpl::from_vec(w.clone(), &[5 * ROW_BLOCK + 3, 2], "t").unwrap();
        let s = reduce_dim("t", &y, 0, false, Sum, Cost::Cheap, |a| a).unwrap();
        let want: Vec<f64> = (0..2).map(|j| w.iter().skip(j).step_by(2).sum()).collect();
        assert_eq!(s.to_vec(), want);
        let s = reduce_dim("t", &x, 2, true, Sum, Cost::Cheap, |a| a).unwrap();
        assert_eq!(s.dims(), &[2, 70, 1]);
        assert_eq!(s.to_vec()[5], v[15] + v[16] + v[17]);
    }
}
