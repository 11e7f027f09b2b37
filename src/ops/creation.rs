//! Creation: `zeros`, `ones`, `full`, `from_vec`, `arange`, `linspace`, `eye`, `rand`,
//! `randn` and the `_like` forms.
//!
//! Random tensors come from a [`Generator`] (xoshiro256++, a portable generator whose stream
//! does not change between `rand` versions), either one the caller passes or the global one
//! that [`manual_seed`] reseeds, as in PyTorch. The same seed gives the same numbers.

use std::sync::Mutex;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::dtype::{DType, Element, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::layout::checked_numel;
use crate::tensor_impl::TensorImpl;

/// A seeded random number generator (`torch.Generator`).
#[derive(Clone, Debug)]
pub struct Generator(Xoshiro256PlusPlus);

/// PyTorch's default CPU seed, so that an unseeded program is still reproducible.
const DEFAULT_SEED: u64 = 67_280_421_310_721;

static GLOBAL: Mutex<Option<Generator>> = Mutex::new(None);

impl Generator {
    /// A generator whose stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Generator(Xoshiro256PlusPlus::seed_from_u64(seed))
    }

    /// A uniform sample in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// A standard normal sample.
    pub fn normal(&mut self) -> f64 {
        self.0.sample(StandardNormal)
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    /// A uniformly random permutation of `0..n` (`torch.randperm`), by a Fisher-Yates
    /// shuffle: the same seed gives the same permutation.
    pub fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(&mut self.0);
        order
    }
}

/// Reseeds the global generator used by [`DynTensor::rand`] and [`DynTensor::randn`]
/// (`torch.manual_seed`).
pub fn manual_seed(seed: u64) {
    *GLOBAL.lock().unwrap_or_else(|e| e.into_inner()) = Some(Generator::new(seed));
}

/// Runs `f` with the global generator.
pub fn with_global_generator<R>(f: impl FnOnce(&mut Generator) -> R) -> R {
    let mut g = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(|| Generator::new(DEFAULT_SEED)))
}

fn filled<T: Element>(shape: &[usize], value: T, op: &'static str) -> Result<DynTensor> {
    Ok(TensorImpl::full(shape, value, op)?.into())
}

fn from_fn<T: Element>(
    shape: &[usize],
    op: &'static str,
    mut f: impl FnMut(usize) -> T,
) -> Result<DynTensor> {
    let n = checked_numel(shape, op)?;
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::Alloc {
        op,
        bytes: n.saturating_mul(std::mem::size_of::<T>()),
    })?;
    v.extend((0..n).map(&mut f));
    Ok(TensorImpl::from_vec(v, shape, op)?.into())
}

/// Builds a tensor of `dtype` from per-element `f64` values.
fn from_f64_fn(
    shape: &[usize],
    dtype: DType,
    op: &'static str,
    f: impl FnMut(usize) -> f64,
) -> Result<DynTensor> {
    let mut f = f;
    match dtype {
        DType::Bool => from_fn(shape, op, |i| bool::from_f64(f(i))),
        DType::Int32 => from_fn(shape, op, |i| i32::from_f64(f(i))),
        DType::Int64 => from_fn(shape, op, |i| i64::from_f64(f(i))),
        DType::Float32 => from_fn(shape, op, |i| f32::from_f64(f(i))),
        DType::Float64 => from_fn(shape, op, f),
    }
}

impl DynTensor {
    /// A tensor of `shape` filled with `value` converted to `dtype`.
    ///
    /// # Errors
    /// [`Error::Overflow`] or [`Error::Alloc`] if the shape is too large.
    pub fn full(shape: &[usize], value: impl Into<Scalar>, dtype: DType) -> Result<DynTensor> {
        let v = value.into();
        match dtype {
            DType::Bool => filled(shape, v.to::<bool>(), "full"),
            DType::Int32 => filled(shape, v.to::<i32>(), "full"),
            DType::Int64 => filled(shape, v.to::<i64>(), "full"),
            DType::Float32 => filled(shape, v.to::<f32>(), "full"),
            DType::Float64 => filled(shape, v.to::<f64>(), "full"),
        }
    }

    /// A tensor of `shape` filled with zeros.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{DType, DynTensor};
    /// let z = DynTensor::zeros(&[2, 3], DType::Int64)?;
    /// assert_eq!(z.to_vec::<i64>()?, vec![0; 6]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn zeros(shape: &[usize], dtype: DType) -> Result<DynTensor> {
        Self::full(shape, 0i64, dtype)
    }

    /// A tensor of `shape` filled with ones.
    pub fn ones(shape: &[usize], dtype: DType) -> Result<DynTensor> {
        Self::full(shape, 1i64, dtype)
    }

    /// A contiguous tensor of `shape` holding `data` in row-major order, without copying.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `data.len()` is not the element count of `shape`.
    pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Result<DynTensor> {
        Ok(TensorImpl::from_vec(data, shape, "from_vec")?.into())
    }

    /// A 0-d tensor holding `value`.
    pub fn scalar<T: Element>(value: T) -> DynTensor {
        TensorImpl::from_vec(vec![value], &[], "scalar")
            .expect("one element fills a 0-d shape")
            .into()
    }

    /// Values from `start` (inclusive) to `end` (exclusive) in steps of `step`
    /// (`torch.arange`); there are `ceil((end - start) / step)` of them.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `step` is zero or not finite, or has the wrong sign for
    /// the range.
    pub fn arange(start: f64, end: f64, step: f64, dtype: DType) -> Result<DynTensor> {
        if step == 0.0 || !step.is_finite() || !start.is_finite() || !end.is_finite() {
            return Err(Error::invalid(
                "arange",
                "step",
                format!("start {start}, end {end} and a non-zero step {step} must be finite"),
            ));
        }
        let len = ((end - start) / step).ceil();
        if len < 0.0 {
            return Err(Error::invalid(
                "arange",
                "step",
                format!("step {step} goes away from end {end} (start {start})"),
            ));
        }
        if len > usize::MAX as f64 / 2.0 {
            return Err(Error::invalid(
                "arange",
                "step",
                format!("{len} elements are too many"),
            ));
        }
        from_f64_fn(&[len as usize], dtype, "arange", |i| {
            start + i as f64 * step
        })
    }

    /// `steps` values evenly spaced from `start` to `end`, both included
    /// (`torch.linspace`).
    pub fn linspace(start: f64, end: f64, steps: usize, dtype: DType) -> Result<DynTensor> {
        let step = if steps > 1 {
            (end - start) / (steps - 1) as f64
        } else {
            0.0
        };
        // Like PyTorch, the second half counts back from `end` so both ends are exact.
        from_f64_fn(&[steps], dtype, "linspace", |i| {
            if i < steps / 2 || steps == 1 {
                start + i as f64 * step
            } else {
                end - (steps - 1 - i) as f64 * step
            }
        })
    }

    /// The `n x m` identity matrix (`m` defaults to `n`).
    pub fn eye(n: usize, m: Option<usize>, dtype: DType) -> Result<DynTensor> {
        let m = m.unwrap_or(n);
        from_f64_fn(&[n, m], dtype, "eye", |i| {
            ((i / m.max(1)) == (i % m.max(1))) as u8 as f64
        })
    }

    /// Uniform samples in `[0, 1)` from the global generator (see [`manual_seed`]).
    ///
    /// # Errors
    /// [`Error::DType`] unless `dtype` is a float type.
    pub fn rand(shape: &[usize], dtype: DType) -> Result<DynTensor> {
        with_global_generator(|g| Self::rand_with(shape, dtype, g))
    }

    /// Uniform samples in `[0, 1)` drawn from `generator`.
    pub fn rand_with(
        shape: &[usize],
        dtype: DType,
        generator: &mut Generator,
    ) -> Result<DynTensor> {
        if !dtype.is_float() {
            return Err(Error::dtype("rand", "a floating-point dtype for a", dtype));
        }
        from_f64_fn(shape, dtype, "rand", |_| generator.uniform())
    }

    /// Standard normal samples from the global generator (see [`manual_seed`]).
    ///
    /// # Errors
    /// [`Error::DType`] unless `dtype` is a float type.
    pub fn randn(shape: &[usize], dtype: DType) -> Result<DynTensor> {
        with_global_generator(|g| Self::randn_with(shape, dtype, g))
    }

    /// Standard normal samples drawn from `generator`.
    pub fn randn_with(
        shape: &[usize],
        dtype: DType,
        generator: &mut Generator,
    ) -> Result<DynTensor> {
        if !dtype.is_float() {
            return Err(Error::dtype("randn", "a floating-point dtype for a", dtype));
        }
        from_f64_fn(shape, dtype, "randn", |_| generator.normal())
    }

    /// Zeros with this tensor's shape and dtype.
    pub fn zeros_like(&self) -> Result<DynTensor> {
        Self::zeros(self.shape(), self.dtype())
    }

    /// Ones with this tensor's shape and dtype.
    pub fn ones_like(&self) -> Result<DynTensor> {
        Self::ones(self.shape(), self.dtype())
    }

    /// `value` with this tensor's shape and dtype.
    pub fn full_like(&self, value: impl Into<Scalar>) -> Result<DynTensor> {
        Self::full(self.shape(), value, self.dtype())
    }

    /// Uniform samples with this tensor's shape and dtype.
    pub fn rand_like(&self) -> Result<DynTensor> {
        Self::rand(self.shape(), self.dtype())
    }

    /// Standard normal samples with this tensor's shape and dtype.
    pub fn randn_like(&self) -> Result<DynTensor> {
        Self::randn(self.shape(), self.dtype())
    }

    /// The number of bytes of this tensor's elements.
    pub fn nbytes(&self) -> usize {
        self.numel() * self.dtype().size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_reproducible_shuffle() {
        let p = Generator::new(7).permutation(100);
        let mut sorted = p.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(p, sorted, "100 elements are shuffled");
        assert_eq!(Generator::new(7).permutation(100), p);
        assert_ne!(Generator::new(8).permutation(100), p);
        assert!(Generator::new(7).permutation(0).is_empty());
    }

    #[test]
    fn constant_fills() {
        assert_eq!(
            DynTensor::ones(&[2], DType::Bool)
                .unwrap()
                .to_vec::<bool>()
                .unwrap(),
            vec![true; 2]
        );
        assert_eq!(
            DynTensor::full(&[3], 2.5, DType::Int32)
                .unwrap()
                .to_vec::<i32>()
                .unwrap(),
            vec![2; 3]
        );
        assert_eq!(
            DynTensor::zeros(&[0, 3], DType::Float32).unwrap().numel(),
            0
        );
        let big = DynTensor::zeros(&[usize::MAX, 2], DType::Float32).unwrap_err();
        assert_eq!(
            big.to_string(),
            format!(
                "full: the element count of shape [{}, 2] overflows usize",
                usize::MAX
            )
        );
    }

    #[test]
    fn arange_and_linspace_match_pytorch() {
        let a = DynTensor::arange(0.0, 1.0, 0.3, DType::Float64).unwrap();
        assert_eq!(
            a.to_vec::<f64>().unwrap(),
            vec![0.0, 0.3, 0.6, 0.8999999999999999]
        );
        let b = DynTensor::arange(5.0, 0.0, -2.0, DType::Int64).unwrap();
        assert_eq!(b.to_vec::<i64>().unwrap(), vec![5, 3, 1]);
        assert!(DynTensor::arange(0.0, 1.0, 0.0, DType::Float32).is_err());
        assert!(DynTensor::arange(0.0, 1.0, -1.0, DType::Float32).is_err());
        let l = DynTensor::linspace(-1.0, 1.0, 5, DType::Float32).unwrap();
        assert_eq!(l.to_vec::<f32>().unwrap(), vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert_eq!(
            DynTensor::linspace(3.0, 9.0, 1, DType::Float64)
                .unwrap()
                .to_vec::<f64>()
                .unwrap(),
            vec![3.0]
        );
    }

    #[test]
    fn eye_is_identity() {
        let e = DynTensor::eye(2, Some(3), DType::Int32).unwrap();
        assert_eq!(e.shape(), &[2, 3]);
        assert_eq!(e.to_vec::<i32>().unwrap(), vec![1, 0, 0, 0, 1, 0]);
    }

    #[test]
    fn seeded_random_is_reproducible_and_plausible() {
        let a = DynTensor::rand_with(&[1000], DType::Float32, &mut Generator::new(7)).unwrap();
        let b = DynTensor::rand_with(&[1000], DType::Float32, &mut Generator::new(7)).unwrap();
        let c = DynTensor::rand_with(&[1000], DType::Float32, &mut Generator::new(8)).unwrap();
        let (va, vc) = (a.to_vec::<f32>().unwrap(), c.to_vec::<f32>().unwrap());
        assert_eq!(va, b.to_vec::<f32>().unwrap());
        assert_ne!(va, vc);
        assert!(va.iter().all(|&x| (0.0..1.0).contains(&x)));
        let mean = va.iter().sum::<f32>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
        let n = DynTensor::randn_with(&[4000], DType::Float64, &mut Generator::new(1)).unwrap();
        let v = n.to_vec::<f64>().unwrap();
        let m = v.iter().sum::<f64>() / 4000.0;
        let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / 4000.0;
        assert!(m.abs() < 0.06 && (var - 1.0).abs() < 0.08, "{m} {var}");
        assert!(DynTensor::rand(&[2], DType::Int64).is_err());
    }

    #[test]
    fn manual_seed_resets_the_global_stream() {
        manual_seed(3);
        let a = DynTensor::randn(&[5], DType::Float64)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        manual_seed(3);
        let b = DynTensor::randn(&[5], DType::Float64)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        assert_eq!(a, b);
    }
}
