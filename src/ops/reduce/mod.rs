//! Reductions: `sum`, `mean`, `prod`, `max`/`min` (with `amax`/`amin`), `argmax`/`argmin`,
//! `var`/`std`, `logsumexp` and `norm`.
//!
//! Each op reduces either every element (the plain method, which returns a 0-d tensor) or
//! one dim (the `_dim` method, with `keepdim`), as in PyTorch. The reduced range is an
//! [`Over`]; [`reduce`] is the one driver every op calls: it hands the op's [`Reducer`] to
//! [`crate::kernel::reduce`], whose fixed chunking and merge trees make the result
//! bit-identical for any number of threads.
//!
//! Result dtypes follow PyTorch: integer and bool sums and products are `int64`
//! ([`SumElement`]); `mean`, `var`, `std` and `norm` need floats; `logsumexp` promotes ints
//! to `float32`; indices are `int64`.

mod argmax;
mod argmin;
mod logsumexp;
mod max;
mod mean;
mod min;
mod norm;
mod prod;
mod std;
mod sum;
mod var;

pub use self::std::std;
pub use argmax::argmax;
pub use argmin::argmin;
pub use logsumexp::logsumexp;
pub use max::{Max, amax, max};
pub use mean::mean;
pub use min::{Min, amin, min};
pub use norm::norm;
pub use prod::{Prod, prod};
pub use sum::{SumOf, sum};
pub use var::{Welford, var};

use crate::autograd;
use crate::dtype::{DType, Element};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::kernel::extreme::extreme_f32;
use crate::kernel::reduce::{Reducer, reduce_all, reduce_dim};
use crate::kernel::{Cost, simd};
use crate::layout::{Layout, normalize_dim};
use crate::tensor_impl::TensorImpl;

/// What a reduction reduces: every element, or one (normalized) dim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    /// Every element; the result is 0-d.
    All,
    /// One dim; the result drops it, or keeps it with size 1 if `keepdim`.
    Dim {
        /// The reduced dim, in `0..ndim`.
        dim: usize,
        /// Keep the reduced dim with size 1.
        keepdim: bool,
    },
}

impl Over {
    /// The reduction along `dim` (negative counts from the end) of a tensor of `shape`.
    ///
    /// As in PyTorch, a 0-d tensor accepts dim `0` or `-1` and reduces to itself (0-d,
    /// whatever `keepdim`), which is [`Over::All`].
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] naming `op` if `dim` is outside `-ndim..ndim`.
    pub fn dim(op: &'static str, shape: &[usize], dim: isize, keepdim: bool) -> Result<Over> {
        if shape.is_empty() {
            normalize_dim(dim, 1, shape, op)?;
            return Ok(Over::All);
        }
        let dim = normalize_dim(dim, shape.len(), shape, op)?;
        Ok(Over::Dim { dim, keepdim })
    }

    /// The number of elements each output reduces.
    pub fn count(self, shape: &[usize]) -> usize {
        match self {
            Over::All => shape.iter().product(),
            Over::Dim { dim, .. } => shape[dim],
        }
    }

    /// An [`Error::Empty`] naming `op` if the reduced range is empty, for reductions without
    /// an identity (`max`, `argmax`, ...). A dim reduction with other zero-size dims is
    /// fine: it has no outputs.
    pub fn check_nonempty(self, op: &'static str, shape: &[usize]) -> Result<()> {
        if self.count(shape) == 0 {
            return Err(Error::Empty {
                op,
                shape: shape.into(),
            });
        }
        Ok(())
    }
}

/// Spreads `g`, the gradient of a reduction over `over`, back to the input's `dims`: the
/// reduced dim is put back (if `keepdim` dropped it) and `g` broadcast along it, as a view.
/// The backward of `sum`, and with a scale, of `mean`.
pub(crate) fn expand_back(g: &DynTensor, dims: &[usize], over: Over) -> Result<DynTensor> {
    let g = match over {
        Over::Dim {
            dim,
            keepdim: false,
        } => g.unsqueeze(dim as isize)?,
        _ => g.clone(),
    };
    let dims: Vec<isize> = dims.iter().map(|&d| d as isize).collect();
    g.expand(&dims)
}

/// Runs `r` over the range `over` of `x` and maps each accumulator through `finish`: the
/// shared driver of every reduction.
pub fn reduce<T: Element, R: Reducer<T>, U: Element>(
    op: &'static str,
    x: &TensorImpl<T>,
    over: Over,
    r: R,
    cost: Cost,
    finish: impl Fn(R::Acc) -> U + Copy + Send + Sync,
) -> Result<TensorImpl<U>> {
    match over {
        Over::All => {
            let acc = reduce_all(op, x, r, cost)?;
            TensorImpl::from_vec(vec![finish(acc)], &[], op)
        }
        Over::Dim { dim, keepdim } => reduce_dim(op, x, dim, keepdim, r, cost, finish),
    }
}

/// `x` as a contiguous 1-d tensor (copying only if it is not contiguous), so that a
/// reduction over all elements can run as a reduction along dim 0.
pub(crate) fn flatten<T: Element>(op: &'static str, x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    let x = x.contiguous(op)?;
    Ok(x.view(Layout::contiguous(&[x.numel()])))
}

/// `x` (contiguous) with dim `dim`, of size 1, removed: a view.
pub(crate) fn squeeze_dim<T: Element>(x: &TensorImpl<T>, dim: usize) -> TensorImpl<T> {
    let mut dims: crate::layout::DimVec = x.dims().into();
    dims.remove(dim);
    x.view(Layout::contiguous(&dims))
}

/// Arithmetic of the accumulators of `sum` and `prod`: IEEE for floats, wrapping for
/// integers (as PyTorch's integer sums wrap on overflow).
pub trait Accum: Element {
    /// `self + other`.
    fn acc_add(self, other: Self) -> Self;
    /// `self * other`.
    fn acc_mul(self, other: Self) -> Self;
}

impl Accum for f32 {
    #[inline(always)]
    fn acc_add(self, other: Self) -> Self {
        self + other
    }
    #[inline(always)]
    fn acc_mul(self, other: Self) -> Self {
        self * other
    }
}

impl Accum for f64 {
    #[inline(always)]
    fn acc_add(self, other: Self) -> Self {
        self + other
    }
    #[inline(always)]
    fn acc_mul(self, other: Self) -> Self {
        self * other
    }
}

impl Accum for i64 {
    #[inline(always)]
    fn acc_add(self, other: Self) -> Self {
        self.wrapping_add(other)
    }
    #[inline(always)]
    fn acc_mul(self, other: Self) -> Self {
        self.wrapping_mul(other)
    }
}

/// The element type `sum` and `prod` return for input `Self`: `int64` for ints and bool,
/// the same type for floats (as `torch.sum` and `torch.prod`).
pub trait SumElement: Element {
    /// The result (and accumulator) type.
    type Out: Accum;
}

impl SumElement for bool {
    type Out = i64;
}
impl SumElement for i32 {
    type Out = i64;
}
impl SumElement for i64 {
    type Out = i64;
}
impl SumElement for f32 {
    type Out = f32;
}
impl SumElement for f64 {
    type Out = f64;
}

/// Elements with a smallest and a largest value: the identities of `max` and `min`.
pub trait Bounded: Element {
    /// The smallest value (`-inf` for floats, `false` for bool).
    const LOWEST: Self;
    /// The largest value (`inf` for floats, `true` for bool).
    const HIGHEST: Self;
    /// The extreme of a contiguous run by a hand-vectorized kernel of this type, if it has
    /// one for this CPU and length (`f32`), with the semantics of [`ExtremeOf`]; `None`
    /// sends the run to the generic lanes.
    #[inline(always)]
    fn simd_extreme<E: Extreme>(x: &[Self]) -> Option<Self> {
        let _ = x;
        None
    }
}

impl Bounded for bool {
    const LOWEST: Self = false;
    const HIGHEST: Self = true;
}
impl Bounded for i32 {
    const LOWEST: Self = i32::MIN;
    const HIGHEST: Self = i32::MAX;
}
impl Bounded for i64 {
    const LOWEST: Self = i64::MIN;
    const HIGHEST: Self = i64::MAX;
}
impl Bounded for f32 {
    const LOWEST: Self = f32::NEG_INFINITY;
    const HIGHEST: Self = f32::INFINITY;
    #[inline(always)]
    fn simd_extreme<E: Extreme>(x: &[Self]) -> Option<Self> {
        if E::IS_MAX {
            extreme_f32::<true>(x)
        } else {
            extreme_f32::<false>(x)
        }
    }
}
impl Bounded for f64 {
    const LOWEST: Self = f64::NEG_INFINITY;
    const HIGHEST: Self = f64::INFINITY;
}

/// Which extreme a `max`-like reduction keeps: [`Max`] or [`Min`].
pub trait Extreme: Copy + Send + Sync + 'static {
    /// `true` for [`Max`], `false` for [`Min`]: picks the hand-vectorized kernel.
    const IS_MAX: bool;
    /// The value no element beats (`LOWEST` for max): the identity.
    fn identity<T: Bounded>() -> T;
    /// `true` if `x` is strictly more extreme than `y` by plain IEEE comparison (false if
    /// either is NaN): `x > y` for max.
    fn better<T: Element>(x: T, y: T) -> bool;
    /// `true` if `x` strictly beats `y`. NaN beats every number, so that NaN propagates
    /// and the first NaN wins, as in PyTorch.
    #[inline(always)]
    fn beats<T: Element>(x: T, y: T) -> bool {
        Self::better(x, y) || (x.is_nan() && !y.is_nan())
    }
}

/// The extreme of `f(x)` over the range, NaN propagating: `max`, `amax`, `norm(inf)`.
#[derive(Clone, Copy, Debug)]
pub struct ExtremeOf<E, F>(pub E, pub F);

impl<T: Element, U: Bounded, E: Extreme, F: Fn(T) -> U + Copy + Send + Sync> Reducer<T>
    for ExtremeOf<E, F>
{
    type Acc = U;
    #[inline(always)]
    fn init(self) -> U {
        E::identity()
    }
    #[inline(always)]
    fn step(self, acc: U, x: T, _: usize) -> U {
        self.merge(acc, (self.1)(x))
    }
    /// NaN propagation in two selects that vectorize (a compare-and-blend, as `maxps`,
    /// then a NaN test): a NaN `acc` is kept by the first (no comparison with NaN is
    /// true), a NaN `b` replaces it by the second. Which NaN wins does not matter here:
    /// only the value is returned.
    #[inline(always)]
    fn merge(self, a: U, b: U) -> U {
        let m = if E::better(b, a) { b } else { a };
        if b.is_nan() { b } else { m }
    }
}

/// The extreme of the values themselves: `max`, `amin`, the max of `logsumexp`. As
/// [`ExtremeOf`] with the identity map, but contiguous runs go to
/// [`Bounded::simd_extreme`] (for `f32`, two vector ops per 8 elements instead of four).
#[derive(Clone, Copy, Debug)]
pub struct ExtremeValue<E>(pub E);

impl<T: Bounded, E: Extreme> Reducer<T> for ExtremeValue<E> {
    type Acc = T;
    #[inline(always)]
    fn init(self) -> T {
        E::identity()
    }
    #[inline(always)]
    fn step(self, acc: T, x: T, i: usize) -> T {
        ExtremeOf(self.0, |v: T| v).step(acc, x, i)
    }
    #[inline(always)]
    fn merge(self, a: T, b: T) -> T {
        Reducer::<T>::merge(ExtremeOf(self.0, |v: T| v), a, b)
    }
    #[inline(always)]
    fn reduce_run(self, x: &[T], base: usize) -> T {
        T::simd_extreme::<E>(x).unwrap_or_else(|| simd::reduce(x, base, self))
    }
}

/// The extreme with its index, the first one on ties (and the first NaN): `argmax`,
/// `max_dim`.
#[derive(Clone, Copy, Debug)]
pub struct ExtremeIndex<E>(pub E);

/// The index of an [`ExtremeIndex`] accumulator that has seen no element yet.
const NO_INDEX: usize = usize::MAX;

impl<T: Element, E: Extreme> Reducer<T> for ExtremeIndex<E> {
    type Acc = (T, usize);
    #[inline(always)]
    fn init(self) -> (T, usize) {
        (T::ZERO, NO_INDEX)
    }
    #[inline(always)]
    fn step(self, acc: (T, usize), x: T, i: usize) -> (T, usize) {
        if acc.1 == NO_INDEX || E::beats(x, acc.0) {
            (x, i)
        } else {
            acc
        }
    }
    #[inline(always)]
    fn merge(self, a: (T, usize), b: (T, usize)) -> (T, usize) {
        // NOTE: the SIMD lanes interleave indices, so `a` may hold a later index than `b`:
        // ties go to the smaller index explicitly.
        if b.1 == NO_INDEX {
            a
        } else if a.1 == NO_INDEX || E::beats(b.0, a.0) {
            b
        } else if E::beats(a.0, b.0) || a.1 < b.1 {
            a
        } else {
            b
        }
    }
}

/// The indices of the extreme of `x` over `over`, as `int64`.
pub fn extreme_index<E: Extreme, T: Element>(
    op: &'static str,
    x: &TensorImpl<T>,
    over: Over,
    e: E,
) -> Result<TensorImpl<i64>> {
    over.check_nonempty(op, x.dims())?;
    reduce(op, x, over, ExtremeIndex(e), Cost::Cheap, |(_, i)| i as i64)
}

/// The values of the extreme of `x` over `over`, not recorded (the kernel of
/// [`extreme_value`] and of the values of `max_dim`/`min_dim`).
fn extreme_value_kernel<E: Extreme, T: Bounded>(
    op: &'static str,
    x: &TensorImpl<T>,
    over: Over,
    e: E,
) -> Result<TensorImpl<T>> {
    over.check_nonempty(op, x.dims())?;
    reduce(op, x, over, ExtremeValue(e), Cost::Cheap, |v| v)
}

/// The values of the extreme of `x` over `over`: `max`/`min` over all elements and
/// `amax`/`amin`.
///
/// Backward (as PyTorch's `max()` and `amax`): the gradient of each output is split evenly
/// among the elements of its range equal to it (the tied extremes; the NaNs if it is NaN).
pub fn extreme_value<E: Extreme, T: Bounded>(
    op: &'static str,
    x: &TensorImpl<T>,
    over: Over,
    e: E,
) -> Result<TensorImpl<T>> {
    let out = extreme_value_kernel(op, x, over, e)?;
    Ok(autograd::maybe_record(out, op, [x.autograd()], |out| {
        let (x, out) = (DynTensor::from(x.detach()), DynTensor::from(out.detach()));
        move |g: &DynTensor| Ok(vec![Some(evenly_distribute(&x, &out, g, over)?)])
    }))
}

/// The extreme of `x` over `over` with the index of the first (as `max_dim`): the values
/// record their backward, which sends each output's gradient to the element at its index
/// (as PyTorch's `max(dim)`); the indices are `int64` and do not record.
pub fn extreme_with_index<E: Extreme, T: Bounded>(
    op: &'static str,
    x: &TensorImpl<T>,
    over: Over,
    e: E,
) -> Result<(TensorImpl<T>, TensorImpl<i64>)> {
    let values = extreme_value_kernel(op, x, over, e)?;
    let indices = extreme_index(op, x, over, e)?;
    let values = autograd::maybe_record(values, op, [x.autograd()], |_| {
        let (dims, idx) = (x.dims().to_vec(), DynTensor::from(indices.clone()));
        move |g: &DynTensor| Ok(vec![Some(to_index(g, &idx, &dims, over)?)])
    });
    Ok((values, indices))
}

/// `g` spread evenly over the elements of `x` equal to `out` (NaN matching NaN), each
/// output's share divided by its number of matches: `g · 1[x = out] / #{x = out}`.
fn evenly_distribute(
    x: &DynTensor,
    out: &DynTensor,
    g: &DynTensor,
    over: Over,
) -> Result<DynTensor> {
    let dims = x.shape();
    let out = expand_back(out, dims, over)?;
    let both_nan = DynTensor::r#where(&out.ne(&out)?, &x.ne(x)?, &x.eq(&out)?)?;
    let mask = both_nan.to_dtype(g.dtype())?;
    let count = match over {
        Over::All => mask.sum()?,
        Over::Dim { dim, keepdim } => mask.sum_dim(dim as isize, keepdim)?,
    };
    expand_back(&g.div(&count)?, dims, over)?.mul(&mask)
}

/// `g` sent to the element at `idx` of each reduced range of an input of shape `dims`
/// (`idx` counts along the dim, or over the flattened input for [`Over::All`]), zeros
/// elsewhere.
fn to_index(g: &DynTensor, idx: &DynTensor, dims: &[usize], over: Over) -> Result<DynTensor> {
    let (positions, idx) = match over {
        Over::All => {
            let n: usize = dims.iter().product();
            let shape: Vec<isize> = dims.iter().map(|&d| d as isize).collect();
            let pos = DynTensor::arange(0.0, n as f64, 1.0, DType::Int64)?.reshape(&shape)?;
            (pos, idx.clone())
        }
        Over::Dim { dim, keepdim } => {
            let mut shape = vec![1isize; dims.len()];
            shape[dim] = dims[dim] as isize;
            let pos =
                DynTensor::arange(0.0, dims[dim] as f64, 1.0, DType::Int64)?.reshape(&shape)?;
            let idx = if keepdim {
                idx.clone()
            } else {
                idx.unsqueeze(dim as isize)?
            };
            (pos, idx)
        }
    };
    let mask = positions.eq(&idx)?.to_dtype(g.dtype())?;
    expand_back(g, dims, over)?.mul(&mask)
}

/// `x` reduced over `over` by `all` (every element) or `along` (one dim, kept with size 1),
/// so that the result broadcasts against `x`: the shape backward functions need for the
/// statistics they recompute.
pub(crate) fn reduce_kept(
    x: &DynTensor,
    over: Over,
    all: impl FnOnce(&DynTensor) -> Result<DynTensor>,
    along: impl FnOnce(&DynTensor, isize, bool) -> Result<DynTensor>,
) -> Result<DynTensor> {
    match over {
        Over::All => all(x),
        Over::Dim { dim, .. } => along(x, dim as isize, true),
    }
}

/// The reduction along `dim` of a dynamic tensor.
fn over_dim(op: &'static str, x: &DynTensor, dim: isize, keepdim: bool) -> Result<Over> {
    Over::dim(op, x.shape(), dim, keepdim)
}

/// The typed face's driver: runs a reduction kernel and wraps the result in the shape the
/// op's shape trait computed.
pub(crate) mod typed {
    use super::Over;
    use crate::dtype::Element;
    use crate::error::Result;
    use crate::shape::{HasAxis, Shape};
    use crate::tensor::Tensor;
    use crate::tensor_impl::TensorImpl;

    /// The reduction along the axis `A` of shape `S`.
    pub fn over_axis<S: HasAxis<A>, A>(keepdim: bool) -> Over {
        Over::Dim {
            dim: S::INDEX,
            keepdim,
        }
    }

    /// `kernel(x, over)` as a typed tensor of `shape`.
    ///
    /// # Panics
    /// If the kernel fails (an empty range for a reduction without identity, or an
    /// allocation failure), with the kernel's message.
    pub fn typed<T: Element, U: Element, O: Shape>(
        x: &TensorImpl<T>,
        over: Over,
        shape: O,
        kernel: impl FnOnce(&TensorImpl<T>, Over) -> Result<TensorImpl<U>>,
    ) -> Tensor<U, O> {
        let inner = kernel(x, over).unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_parts(inner, shape)
    }
}

/// Test helpers shared by the op files.
#[cfg(test)]
pub(crate) mod testing {
    use proptest::prelude::*;

    use crate::DynTensor;
    use crate::dyn_tensor::with_any;

    /// The transpose of a 2-d tensor: a non-contiguous view of the same buffer.
    pub fn transposed(x: &DynTensor) -> DynTensor {
        with_any!(x, t => t.view(t.layout().transpose(0, 1)).into())
    }

    /// A contiguous tensor viewed with another shape of the same element count.
    pub fn reshaped(x: &DynTensor, shape: &[usize]) -> DynTensor {
        assert!(x.is_contiguous() && x.numel() == shape.iter().product::<usize>());
        with_any!(x, t => t.view(crate::layout::Layout::contiguous(shape)).into())
    }

    /// The values along `dim` for each output of a reduction of a row-major `v` of `shape`
    /// (every value in one lane for a 0-d shape): the naive reference.
    pub fn lanes(v: &[f64], shape: &[usize], dim: isize) -> Vec<Vec<f64>> {
        if shape.is_empty() {
            return vec![v.to_vec()];
        }
        let d = dim.rem_euclid(shape.len() as isize) as usize;
        let outer: usize = shape[..d].iter().product();
        let n = shape[d];
        let inner: usize = shape[d + 1..].iter().product();
        let mut out = Vec::new();
        for o in 0..outer {
            for j in 0..inner {
                out.push((0..n).map(|i| v[(o * n + i) * inner + j]).collect());
            }
        }
        out
    }

    /// Random shapes of rank 0 to 3 (dims 0 to 5), values in `-100..100` and a valid dim
    /// (possibly negative).
    pub fn shaped_f64() -> impl Strategy<Value = (Vec<usize>, Vec<f64>, isize)> {
        prop::collection::vec(0usize..6, 0..4).prop_flat_map(|shape| {
            let n: usize = shape.iter().product();
            let nd = shape.len().max(1) as isize;
            (
                Just(shape),
                prop::collection::vec(-100.0f64..100.0, n),
                -nd..nd,
            )
        })
    }

    /// A float32 tensor from literals.
    pub fn f32s(v: &[f32], shape: &[usize]) -> DynTensor {
        DynTensor::from_vec(v.to_vec(), shape).unwrap()
    }

    /// A float64 tensor from literals.
    pub fn f64s(v: &[f64], shape: &[usize]) -> DynTensor {
        DynTensor::from_vec(v.to_vec(), shape).unwrap()
    }

    /// The elements as `f64`, for comparisons with NaN-aware helpers.
    pub fn vals(x: &DynTensor) -> Vec<f64> {
        x.to_vec_f64()
    }

    /// `n` distinct values, irregular and away from ties, for gradient checks.
    pub fn distinct(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| (i as f64 * 1.7).sin() * 2.0 + 0.05 * i as f64 + 0.25)
            .collect()
    }

    /// Gradient-checks `f` in f64 at [`distinct`] values of each shape (every dim of each,
    /// both `keepdim`s, for `f(x, Some((dim, keepdim)))`; all elements for `f(x, None)`).
    pub fn gradcheck_reduction(
        shapes: &[&[usize]],
        f: impl Fn(&DynTensor, Option<(isize, bool)>) -> crate::Result<DynTensor>,
    ) {
        for &shape in shapes {
            let x = DynTensor::from_vec(distinct(shape.iter().product()), shape).unwrap();
            let check = |over: Option<(isize, bool)>| {
                crate::autograd::gradcheck(
                    |v| f(&v[0], over),
                    std::slice::from_ref(&x),
                    1e-6,
                    1e-7,
                    1e-5,
                )
                .unwrap_or_else(|e| panic!("shape {shape:?}, {over:?}: {e}"));
            };
            check(None);
            let nd = shape.len().max(1) as isize;
            for dim in -nd..nd {
                for keepdim in [false, true] {
                    check(Some((dim, keepdim)));
                }
            }
        }
    }

    /// The gradient of `f(leaf).sum()` for a leaf holding `x` (shape `shape`), as `f64`s.
    pub fn grad_of(x: &DynTensor, f: impl Fn(&DynTensor) -> crate::Result<DynTensor>) -> Vec<f64> {
        let leaf = x.detach().requires_grad_(true).unwrap();
        f(&leaf).unwrap().sum().unwrap().backward().unwrap();
        leaf.grad().expect("the leaf got a gradient").to_vec_f64()
    }

    /// `true` if both slices are equal, NaN equal to NaN.
    pub fn same(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_normalizes_dims_and_treats_rank_zero_as_all() {
        assert_eq!(
            Over::dim("sum", &[2, 3], -1, true).unwrap(),
            Over::Dim {
                dim: 1,
                keepdim: true
            }
        );
        assert_eq!(Over::dim("sum", &[], 0, true).unwrap(), Over::All);
        assert_eq!(Over::dim("sum", &[], -1, false).unwrap(), Over::All);
        let e = Over::dim("sum", &[], 1, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sum: dim 1 is out of range for a tensor of shape [] (expected -1..1)"
        );
        assert!(Over::dim("sum", &[2, 3], 2, false).is_err());
        assert!(Over::dim("sum", &[2, 3], -3, false).is_err());
    }

    #[test]
    fn check_nonempty_looks_at_the_reduced_range_only() {
        let over = Over::Dim {
            dim: 1,
            keepdim: false,
        };
        assert!(over.check_nonempty("max", &[0, 3]).is_ok());
        let e = Over::Dim {
            dim: 0,
            keepdim: false,
        }
        .check_nonempty("max", &[0, 3])
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "max: undefined on an empty tensor of shape [0, 3]"
        );
        assert!(Over::All.check_nonempty("max", &[2, 0]).is_err());
        assert!(Over::All.check_nonempty("max", &[]).is_ok());
    }

    #[test]
    fn extreme_index_merge_prefers_the_smaller_index_on_ties() {
        let r = ExtremeIndex(Max);
        let m = |a, b| Reducer::<f32>::merge(r, a, b);
        assert_eq!(m((1.0f32, 64), (1.0, 1)), (1.0, 1));
        assert_eq!(m((2.0f32, 64), (1.0, 1)), (2.0, 64));
        assert_eq!(m((1.0f32, 64), (f32::NAN, 70)).1, 70);
        assert_eq!(m((f32::NAN, 64), (f32::NAN, 3)).1, 3);
        assert_eq!(m((f32::NAN, 5), Reducer::<f32>::init(r)).1, 5);
    }
}
