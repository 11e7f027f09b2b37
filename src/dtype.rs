//! Element types: the [`DType`] enum, the [`Element`], [`Numeric`] and [`Float`] traits, and
//! PyTorch's type promotion.
//!
//! Kernels are generic over the element type only; the one runtime `match` on dtype lives in
//! [`crate::DynTensor`].

use std::fmt;
use std::ops::{Add, Div, Mul, Sub};

use crate::kernel::math;
use crate::kernel::vmath::VecOp;

/// The element type of a tensor, named as in PyTorch (`torch.float32`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    /// `bool`: comparisons and masks.
    Bool,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer: indices, and sums of integers.
    Int64,
    /// 32-bit float, the default floating-point type.
    Float32,
    /// 64-bit float.
    Float64,
}

impl DType {
    /// All dtypes, in promotion order.
    pub const ALL: [DType; 5] = [
        DType::Bool,
        DType::Int32,
        DType::Int64,
        DType::Float32,
        DType::Float64,
    ];

    /// PyTorch's name for the dtype: `"float32"`, `"int64"`, `"bool"`, ...
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int32 => "int32",
            DType::Int64 => "int64",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
        }
    }

    /// Size of one element in bytes.
    pub fn size(self) -> usize {
        match self {
            DType::Bool => 1,
            DType::Int32 | DType::Float32 => 4,
            DType::Int64 | DType::Float64 => 8,
        }
    }

    /// `true` for `float32` and `float64`.
    pub fn is_float(self) -> bool {
        matches!(self, DType::Float32 | DType::Float64)
    }

    /// `true` for `int32` and `int64`.
    pub fn is_int(self) -> bool {
        matches!(self, DType::Int32 | DType::Int64)
    }

    /// The dtype of a binary op on `self` and `other`, as PyTorch promotes tensors of the
    /// same kind of dimension: bool < int < float, and the wider type within a kind.
    ///
    /// `int32` with `float32` gives `float32`, `float32` with `float64` gives `float64`,
    /// `bool` with `int32` gives `int32`.
    pub fn promote(self, other: DType) -> DType {
        self.max(other)
    }

    /// The dtype of a binary op on a tensor of dtype `self` and a Rust or Python scalar.
    ///
    /// As in PyTorch, a scalar only changes the result's kind, never its width: an `int32`
    /// tensor plus `2` stays `int32`, plus `2.5` becomes `float32`; a `float64` tensor stays
    /// `float64`.
    pub fn promote_scalar(self, scalar: Scalar) -> DType {
        match scalar {
            Scalar::Float(_) if !self.is_float() => DType::Float32,
            Scalar::Int(_) if self == DType::Bool => DType::Int64,
            _ => self,
        }
    }

    /// `true` if a result of dtype `self` may be written into a tensor of dtype `dst` by an
    /// in-place op: only within a kind or toward a wider kind (an `int32` tensor cannot take
    /// a `float32` result), as PyTorch requires.
    pub fn can_cast_to(self, dst: DType) -> bool {
        let kind = |d: DType| match d {
            DType::Bool => 0,
            DType::Int32 | DType::Int64 => 1,
            DType::Float32 | DType::Float64 => 2,
        };
        kind(self) <= kind(dst)
    }

    /// The floating-point dtype an op that always produces floats (like `div` or `mean`
    /// of ints in NumPy) gives for input `self`: the input if it is a float, else `float32`.
    pub fn to_float(self) -> DType {
        if self.is_float() {
            self
        } else {
            DType::Float32
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A scalar operand of a tensor op (`t.add_scalar(2.5)`), kept with its kind so that type
/// promotion follows PyTorch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
}

impl Scalar {
    /// The value converted to element type `T` (floats to ints truncate, as `as` does).
    pub fn to<T: Element>(self) -> T {
        match self {
            Scalar::Bool(b) => T::from_bool(b),
            Scalar::Int(i) => T::from_i64(i),
            Scalar::Float(f) => T::from_f64(f),
        }
    }

    /// The value as an `f64`.
    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as u8 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
        }
    }
}

macro_rules! scalar_from {
    ($variant:ident: $($t:ty),*) => {$(
        impl From<$t> for Scalar {
            fn from(v: $t) -> Self {
                Scalar::$variant(v.into())
            }
        }
    )*};
}
scalar_from!(Float: f32, f64);
scalar_from!(Int: i32, i64, u8, i8, i16, u16, u32);
scalar_from!(Bool: bool);

/// A type a tensor can hold: `f32`, `f64`, `i32`, `i64` or `bool`.
pub trait Element:
    Copy + Send + Sync + PartialEq + PartialOrd + fmt::Debug + Default + 'static + private::Sealed
{
    /// The matching [`DType`].
    const DTYPE: DType;
    /// The additive identity.
    const ZERO: Self;
    /// The multiplicative identity.
    const ONE: Self;

    /// Converts from `f64` like `as` does (saturating, NaN to zero for integers).
    fn from_f64(v: f64) -> Self;
    /// Converts from `i64` like `as` does (wrapping for narrower integers).
    fn from_i64(v: i64) -> Self;
    /// `false` is 0, `true` is 1.
    fn from_bool(v: bool) -> Self;
    /// The value as `f64`.
    fn to_f64(self) -> f64;
    /// The value as `i64` (`as` semantics).
    fn to_i64(self) -> i64;
    /// `true` if the value is not zero.
    fn to_bool(self) -> bool;
    /// `true` for a floating-point NaN; always `false` for integers and bools.
    fn is_nan(self) -> bool;

    /// Wraps a tensor of this element type as a [`crate::DynTensor`].
    #[doc(hidden)]
    fn into_dyn(t: crate::TensorImpl<Self>) -> crate::DynTensor;
    /// The typed tensor inside a [`crate::DynTensor`] of this dtype.
    #[doc(hidden)]
    fn from_dyn(t: &crate::DynTensor) -> Option<&crate::TensorImpl<Self>>;
    /// The typed tensor inside a [`crate::DynTensor`] of this dtype, mutably (for fused
    /// in-place kernels that update several tensors in one pass).
    #[doc(hidden)]
    fn from_dyn_mut(t: &mut crate::DynTensor) -> Option<&mut crate::TensorImpl<Self>>;
    /// The typed tensor moved out of a [`crate::DynTensor`] of this dtype (`None` if the
    /// dtype differs).
    #[doc(hidden)]
    fn take_dyn(t: crate::DynTensor) -> Option<crate::TensorImpl<Self>>;

    /// Converts to another element type with PyTorch's `.to(dtype)` semantics.
    #[inline(always)]
    fn cast<U: Element>(self) -> U {
        match U::DTYPE {
            DType::Bool => U::from_bool(self.to_bool()),
            DType::Float32 | DType::Float64 => U::from_f64(self.to_f64()),
            // NOTE: an integer target goes through i64 so that i64 -> i32 wraps exactly and
            // floats truncate toward zero as `as` does.
            DType::Int32 | DType::Int64 => {
                if Self::DTYPE.is_float() {
                    U::from_f64(self.to_f64())
                } else {
                    U::from_i64(self.to_i64())
                }
            }
        }
    }
}

/// Elements with arithmetic: `f32`, `f64`, `i32`, `i64`.
pub trait Numeric:
    Element + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// The smallest value (`-inf` for floats), the identity of `max`.
    const MIN_VALUE: Self;
    /// The largest value (`inf` for floats), the identity of `min`.
    const MAX_VALUE: Self;

    /// `-x` (wrapping for integers).
    fn neg(self) -> Self;
    /// `|x|` (wrapping for the integer minimum).
    fn abs(self) -> Self;
    /// The larger of two values; NaN if either is NaN.
    fn maximum(self, other: Self) -> Self;
    /// The smaller of two values; NaN if either is NaN.
    fn minimum(self, other: Self) -> Self;
    /// `self / other`; for integers, division by zero gives 0 and overflow wraps, so no input
    /// can panic (the dynamic `div` computes in floats anyway, as PyTorch's true division does).
    fn div(self, other: Self) -> Self;
    /// `self ^ exp`. For integers `exp` must be non-negative (checked by the op).
    fn pow(self, exp: Self) -> Self;
    /// `-1`, `0` or `1` (NaN stays NaN).
    fn sign(self) -> Self;
    /// `a * b + c`, fused (one rounding) for floats.
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// `self + other`, wrapping on integer overflow (as PyTorch's integer tensors do),
    /// so that no input can panic in a debug build.
    fn wrapping_add_(self, other: Self) -> Self;
    /// `self - other`, wrapping on integer overflow.
    fn wrapping_sub_(self, other: Self) -> Self;
    /// `self * other`, wrapping on integer overflow.
    fn wrapping_mul_(self, other: Self) -> Self;
}

/// Floating-point elements: `f32` and `f64`.
///
/// The transcendental methods are branch-free so that loops over them vectorize (for `f32`;
/// `f64` uses the precise scalar routines).
pub trait Float: Numeric + num_traits::Float {
    /// `e^x`.
    fn exp_v(self) -> Self;
    /// `e^x` for `x <= 0` (a softmax's `x - max`): cheaper than [`Float::exp_v`] for
    /// `f32`, whose results below its smallest normal flush to 0.
    fn exp_nonpositive_v(self) -> Self;
    /// `e^{-|x|}`, subnormal results included (the stable form of `sigmoid` and
    /// `softplus`): cheaper than [`Float::exp_v`] for `f32`.
    fn exp_neg_abs_v(self) -> Self;
    /// `e^x` for `x <= 0` as a term of a sum of at least 1 (a log-sum-exp), where only the
    /// sum's relative error counts: for `f32` cheaper still, with an error that grows with
    /// `|x|` as the term shrinks (see `kernel::math::exp_sum_term_f32`).
    fn exp_sum_term_v(self) -> Self;
    /// `(Σ e^{x[j] - m}, the max of next[..x.len()] skipping NaN)` by a hand-vectorized
    /// kernel, if this type has one for this CPU and length (`f32` with AVX2, see
    /// `kernel::sum_exp`); `None` leaves it to the generic pass. Prefetches `ahead`.
    #[inline(always)]
    fn sum_exp_and_next_max(
        x: &[Self],
        m: Self,
        next: &[Self],
        ahead: *const Self,
    ) -> Option<(Self, Self)> {
        let _ = (x, m, next, ahead);
        None
    }
    /// `dst[i] = op(src[i])` by an explicit kernel, if this type has one for this CPU
    /// (`f32` with AVX-512, see `kernel::vmath`): then `true`; `false` leaves `dst` to the
    /// portable loop.
    #[inline(always)]
    fn map_vec(op: VecOp, dst: &mut [Self], src: &[Self]) -> bool {
        let _ = (op, dst, src);
        false
    }
    /// [`Float::map_vec`] in place.
    #[inline(always)]
    fn apply_vec(op: VecOp, x: &mut [Self]) -> bool {
        let _ = (op, x);
        false
    }
    /// `ln(x)`.
    fn ln_v(self) -> Self;
    /// `tanh(x)`.
    fn tanh_v(self) -> Self;
    /// The error function `erf(x)`.
    fn erf_v(self) -> Self;
    /// `e^x - 1`, accurate near 0.
    fn exp_m1_v(self) -> Self;
    /// `ln(1 + x)`, accurate near 0.
    fn ln_1p_v(self) -> Self;
    /// The standard normal CDF `Φ(x) = (1 + erf(x / √2)) / 2`, relatively accurate in the
    /// left tail (not computed through `1 + erf`, which cancels there).
    fn ncdf_v(self) -> Self;
    /// `x Φ(x)` (the exact GELU), accurate also where `Φ(x)` alone would be subnormal;
    /// `-0` where it underflows, including at `-inf`.
    fn x_ncdf_v(self) -> Self;
    /// Converts a constant from `f64`.
    #[inline(always)]
    fn c(v: f64) -> Self {
        <Self as Element>::from_f64(v)
    }
}

mod private {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for bool {}
}

macro_rules! dyn_conversions {
    ($variant:ident) => {
        #[inline]
        fn into_dyn(t: crate::TensorImpl<Self>) -> crate::DynTensor {
            crate::DynTensor::from_data(crate::dyn_tensor::Data::$variant(t))
        }
        #[inline]
        fn from_dyn(t: &crate::DynTensor) -> Option<&crate::TensorImpl<Self>> {
            match t.data() {
                crate::dyn_tensor::Data::$variant(x) => Some(x),
                _ => None,
            }
        }
        #[inline]
        fn from_dyn_mut(t: &mut crate::DynTensor) -> Option<&mut crate::TensorImpl<Self>> {
            match t.data_mut() {
                crate::dyn_tensor::Data::$variant(x) => Some(x),
                _ => None,
            }
        }
        #[inline]
        fn take_dyn(t: crate::DynTensor) -> Option<crate::TensorImpl<Self>> {
            match t.into_data() {
                crate::dyn_tensor::Data::$variant(x) => Some(x),
                _ => None,
            }
        }
    };
}

macro_rules! float_element {
    ($t:ty, $dtype:ident) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dtype;
            const ZERO: Self = 0.0;
            dyn_conversions!($dtype);
            const ONE: Self = 1.0;
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_bool(v: bool) -> Self {
                v as u8 as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                self as i64
            }
            #[inline(always)]
            fn to_bool(self) -> bool {
                self != 0.0
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                self != self
            }
        }

        impl Numeric for $t {
            const MIN_VALUE: Self = <$t>::NEG_INFINITY;
            const MAX_VALUE: Self = <$t>::INFINITY;
            #[inline(always)]
            fn neg(self) -> Self {
                -self
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn maximum(self, other: Self) -> Self {
                if self > other || self != self {
                    self
                } else if other != other {
                    other
                } else {
                    // NOTE: `max` here (not `other`) so that max(-0.0, 0.0) is 0.0 either way round.
                    <$t>::max(self, other)
                }
            }
            #[inline(always)]
            fn minimum(self, other: Self) -> Self {
                if self < other || self != self {
                    self
                } else if other != other {
                    other
                } else {
                    <$t>::min(self, other)
                }
            }
            #[inline(always)]
            fn div(self, other: Self) -> Self {
                self / other
            }
            #[inline(always)]
            fn pow(self, exp: Self) -> Self {
                <$t>::powf(self, exp)
            }
            #[inline(always)]
            fn sign(self) -> Self {
                if self > 0.0 {
                    1.0
                } else if self < 0.0 {
                    -1.0
                } else {
                    // 0.0, -0.0 and NaN are returned as they are.
                    self
                }
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                <$t>::mul_add(self, b, c)
            }
            #[inline(always)]
            fn wrapping_add_(self, other: Self) -> Self {
                self + other
            }
            #[inline(always)]
            fn wrapping_sub_(self, other: Self) -> Self {
                self - other
            }
            #[inline(always)]
            fn wrapping_mul_(self, other: Self) -> Self {
                self * other
            }
        }
    };
}
float_element!(f32, Float32);
float_element!(f64, Float64);

impl Float for f32 {
    #[inline(always)]
    fn exp_v(self) -> Self {
        math::exp_f32(self)
    }
    #[inline(always)]
    fn exp_nonpositive_v(self) -> Self {
        math::exp_nonpositive_f32(self)
    }
    #[inline(always)]
    fn exp_neg_abs_v(self) -> Self {
        math::exp_neg_abs_f32(self)
    }
    #[inline(always)]
    fn exp_sum_term_v(self) -> Self {
        math::exp_sum_term_f32(self)
    }
    #[inline(always)]
    fn sum_exp_and_next_max(
        x: &[Self],
        m: Self,
        next: &[Self],
        ahead: *const Self,
    ) -> Option<(Self, Self)> {
        crate::kernel::sum_exp::sum_exp_and_next_max_f32(x, m, next, ahead)
    }
    #[inline(always)]
    fn map_vec(op: VecOp, dst: &mut [Self], src: &[Self]) -> bool {
        crate::kernel::vmath::map_f32(op, dst, src)
    }
    #[inline(always)]
    fn apply_vec(op: VecOp, x: &mut [Self]) -> bool {
        crate::kernel::vmath::apply_f32(op, x)
    }
    #[inline(always)]
    fn ln_v(self) -> Self {
        math::ln_f32(self)
    }
    #[inline(always)]
    fn tanh_v(self) -> Self {
        math::tanh_f32(self)
    }
    #[inline(always)]
    fn erf_v(self) -> Self {
        math::erf_f32(self)
    }
    #[inline(always)]
    fn exp_m1_v(self) -> Self {
        math::exp_m1_f32(self)
    }
    #[inline(always)]
    fn ln_1p_v(self) -> Self {
        math::ln_1p_f32(self)
    }
    #[inline(always)]
    fn ncdf_v(self) -> Self {
        math::normal_cdf_f32(self)
    }
    #[inline(always)]
    fn x_ncdf_v(self) -> Self {
        math::gelu_f32(self)
    }
}

impl Float for f64 {
    #[inline(always)]
    fn exp_v(self) -> Self {
        self.exp()
    }
    #[inline(always)]
    fn exp_nonpositive_v(self) -> Self {
        self.exp()
    }
    #[inline(always)]
    fn exp_neg_abs_v(self) -> Self {
        (-self.abs()).exp()
    }
    #[inline(always)]
    fn exp_sum_term_v(self) -> Self {
        self.exp()
    }
    #[inline(always)]
    fn ln_v(self) -> Self {
        self.ln()
    }
    #[inline(always)]
    fn tanh_v(self) -> Self {
        self.tanh()
    }
    #[inline(always)]
    fn erf_v(self) -> Self {
        libm::erf(self)
    }
    #[inline(always)]
    fn exp_m1_v(self) -> Self {
        self.exp_m1()
    }
    #[inline(always)]
    fn ln_1p_v(self) -> Self {
        self.ln_1p()
    }
    #[inline(always)]
    fn ncdf_v(self) -> Self {
        0.5 * libm::erfc(-self * std::f64::consts::FRAC_1_SQRT_2)
    }
    #[inline(always)]
    fn x_ncdf_v(self) -> Self {
        let c = self.ncdf_v();
        if c == 0.0 { -0.0 } else { self * c }
    }
}

macro_rules! int_element {
    ($t:ty, $dtype:ident) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dtype;
            const ZERO: Self = 0;
            dyn_conversions!($dtype);
            const ONE: Self = 1;
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_bool(v: bool) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                self as i64
            }
            #[inline(always)]
            fn to_bool(self) -> bool {
                self != 0
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                false
            }
        }

        impl Numeric for $t {
            const MIN_VALUE: Self = <$t>::MIN;
            const MAX_VALUE: Self = <$t>::MAX;
            #[inline(always)]
            fn neg(self) -> Self {
                self.wrapping_neg()
            }
            #[inline(always)]
            fn abs(self) -> Self {
                self.wrapping_abs()
            }
            #[inline(always)]
            fn maximum(self, other: Self) -> Self {
                Ord::max(self, other)
            }
            #[inline(always)]
            fn minimum(self, other: Self) -> Self {
                Ord::min(self, other)
            }
            #[inline(always)]
            fn div(self, other: Self) -> Self {
                if other == 0 {
                    0
                } else {
                    self.wrapping_div(other)
                }
            }
            #[inline(always)]
            fn pow(self, exp: Self) -> Self {
                // Exponents are checked to be non-negative before the kernel runs.
                self.wrapping_pow(exp as u32)
            }
            #[inline(always)]
            fn sign(self) -> Self {
                self.signum()
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                self.wrapping_mul(b).wrapping_add(c)
            }
            #[inline(always)]
            fn wrapping_add_(self, other: Self) -> Self {
                self.wrapping_add(other)
            }
            #[inline(always)]
            fn wrapping_sub_(self, other: Self) -> Self {
                self.wrapping_sub(other)
            }
            #[inline(always)]
            fn wrapping_mul_(self, other: Self) -> Self {
                self.wrapping_mul(other)
            }
        }
    };
}
int_element!(i32, Int32);
int_element!(i64, Int64);

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    dyn_conversions!(Bool);
    const ZERO: Self = false;
    const ONE: Self = true;
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    #[inline(always)]
    fn from_i64(v: i64) -> Self {
        v != 0
    }
    #[inline(always)]
    fn from_bool(v: bool) -> Self {
        v
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as u8 as f64
    }
    #[inline(always)]
    fn to_i64(self) -> i64 {
        self as i64
    }
    #[inline(always)]
    fn to_bool(self) -> bool {
        self
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_follows_pytorch() {
        assert_eq!(DType::Int32.promote(DType::Float32), DType::Float32);
        assert_eq!(DType::Float32.promote(DType::Float64), DType::Float64);
        assert_eq!(DType::Bool.promote(DType::Int32), DType::Int32);
        assert_eq!(DType::Int64.promote(DType::Int32), DType::Int64);
        assert_eq!(DType::Int64.promote(DType::Float32), DType::Float32);
        assert_eq!(DType::Int32.promote_scalar(Scalar::Int(3)), DType::Int32);
        assert_eq!(
            DType::Int32.promote_scalar(Scalar::Float(0.5)),
            DType::Float32
        );
        assert_eq!(
            DType::Float64.promote_scalar(Scalar::Float(0.5)),
            DType::Float64
        );
        assert_eq!(DType::Bool.promote_scalar(Scalar::Int(1)), DType::Int64);
    }

    #[test]
    fn casts_truncate_wrap_and_test_nonzero() {
        assert_eq!((-2.7f32).cast::<i32>(), -2);
        assert_eq!(f64::NAN.cast::<i64>(), 0);
        assert_eq!((1i64 << 33 | 5).cast::<i32>(), 5);
        assert!(0.1f32.cast::<bool>());
        assert!(!0i64.cast::<bool>());
        assert_eq!(true.cast::<f32>(), 1.0);
        assert_eq!(7i32.cast::<f64>(), 7.0);
    }

    #[test]
    fn maximum_minimum_propagate_nan() {
        assert!(Numeric::maximum(f32::NAN, 1.0).is_nan());
        assert!(Numeric::maximum(1.0, f32::NAN).is_nan());
        assert!(Numeric::minimum(f64::NAN, 1.0).is_nan());
        assert_eq!(Numeric::maximum(2.0f32, 1.0), 2.0);
        assert_eq!(Numeric::minimum(2i32, -1), -1);
    }
}
