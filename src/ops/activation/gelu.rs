//! `gelu`: `x Φ(x)`, exact or with PyTorch's tanh approximation.

use super::sigmoid::sigmoid;
use super::{Activation, activation, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::kernel::vmath::VecOp;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// Which form of GELU to compute (PyTorch's `approximate` argument).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Gelu {
    /// `x Φ(x)` with the exact normal CDF (`approximate="none"`, the default).
    #[default]
    None,
    /// `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))` (`approximate="tanh"`).
    Tanh,
}

/// `x * c`, where `c` is a CDF-like factor in `[0, 1]`; a zero factor gives `-0` instead of
/// `-inf * 0 = NaN`, so `gelu(-inf)` is its limit, `-0`.
#[inline(always)]
fn times_cdf<T: Float>(x: T, c: T) -> T {
    if c == T::ZERO { -T::ZERO } else { x * c }
}

/// The exact GELU op: `x Φ(x)`.
#[derive(Clone, Copy, Debug)]
pub struct GeluErf;

impl Activation for GeluErf {
    const SAVES: Saves = Saves::Input;
    // (x Φ(x))' = Φ(x) + x φ(x), φ(x) = e^{-x²/2} / √(2π).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let pdf = (T::c(-0.5) * x * x).exp_v() * T::c(0.398_942_280_401_432_7);
        g * (x.ncdf_v() + x * pdf)
    }
    const NAME: &'static str = "gelu";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        x.x_ncdf_v()
    }
    fn vec_op(self) -> Option<VecOp> {
        Some(VecOp::Gelu)
    }
}

/// The tanh-approximated GELU op.
#[derive(Clone, Copy, Debug)]
pub struct GeluTanh;

impl Activation for GeluTanh {
    const SAVES: Saves = Saves::Input;
    // PyTorch's formula: with u = √(2/π) (x + 0.044715 x³) and t = tanh(u),
    // d/dx [x (1 + t) / 2] = (1 + t) / 2 + x/2 · (1 - t²) · √(2/π) (1 + 3 · 0.044715 x²).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let (beta, kappa) = (T::c(0.797_884_560_802_865_4), T::c(0.044_715));
        let t = (beta * (x + kappa * x * x * x)).tanh_v();
        let half = T::c(0.5);
        let du = beta * (T::ONE + T::c(3.0) * kappa * x * x);
        g * (half * (T::ONE + t) + half * x * (T::ONE - t * t) * du)
    }
    const NAME: &'static str = "gelu";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        // 0.5 (1 + tanh(u)) = σ(2u): the same function without the cancellation of
        // 1 + tanh(u) in the left tail.
        let u = T::c(0.797_884_560_802_865_4) * (x + T::c(0.044_715) * x * x * x);
        times_cdf(x, sigmoid(u + u))
    }
}

impl DynTensor {
    /// Returns the elementwise Gaussian error linear unit, `x Φ(x)` with `Φ` the standard
    /// normal CDF (gradient: `Φ(x) + x φ(x)`), as `torch.nn.functional.gelu`.
    ///
    /// `approximate` is [`Gelu::None`] (PyTorch's default, the exact form) or
    /// [`Gelu::Tanh`] for `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`, computed as the
    /// equal `x σ(2√(2/π) (x + 0.044715 x³))`. Any shape; integer and bool input gives
    /// `float32`. Finite at the extremes: `gelu(-1000) = gelu(-inf) = -0`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// use rusttorch::ops::activation::Gelu;
    /// let y = DynTensor::from_vec(vec![0.0f64, 1.0], &[2])?.gelu(Gelu::None)?;
    /// assert!((y.to_vec::<f64>()?[1] - 0.841_344_746_068_542_9).abs() < 1e-15);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn gelu(&self, approximate: Gelu) -> Result<DynTensor> {
        match approximate {
            Gelu::None => activation(self, GeluErf),
            Gelu::Tanh => activation(self, GeluTanh),
        }
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the Gaussian error linear unit, `x Φ(x)` (or its tanh approximation),
    /// elementwise; the shape is kept (see [`DynTensor::gelu`]).
    pub fn gelu(&self, approximate: Gelu) -> Tensor<T, S> {
        match approximate {
            Gelu::None => typed(self, |x| apply(x, GeluErf)),
            Gelu::Tanh => typed(self, |x| apply(x, GeluTanh)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Activation;
    use super::super::testing::check_exact;
    use super::{Gelu, GeluErf};
    use crate::DynTensor;
    use crate::kernel::math::{gelu_f32, ulps};
    use crate::ops::unary::testing::{check_float, transposed};

    const XS: [f64; 11] = [
        -30.0, -6.0, -3.0, -1.0, -0.3, 0.0, 0.25, 1.0, 2.5, 8.0, 50.0,
    ];

    fn exact(x: f64) -> f64 {
        0.5 * x * libm::erfc(-x / std::f64::consts::SQRT_2)
    }

    fn tanh_form(x: f64) -> f64 {
        let k = (2.0 / std::f64::consts::PI).sqrt();
        0.5 * x * (1.0 + (k * (x + 0.044715 * x * x * x)).tanh())
    }

    #[test]
    fn gelu_exact_matches_the_reference() {
        check_float(|t| t.gelu(Gelu::None), exact, &XS, 1e-6);
        // Hand-checked values: gelu(1) = Φ(1), gelu(-1) = -Φ(-1).
        let y = DynTensor::from_vec(vec![1.0f64, -1.0], &[2])
            .unwrap()
            .gelu(Gelu::default())
            .unwrap();
        let v = y.to_vec::<f64>().unwrap();
        assert!((v[0] - 0.841_344_746_068_542_9).abs() < 1e-15);
        assert!((v[1] + 0.158_655_253_931_457_05).abs() < 1e-15);
        // The left tail keeps relative accuracy in float32 (within 4 ulp).
        let t = DynTensor::from_vec(vec![-5.0f32, -12.0], &[2])
            .unwrap()
            .gelu(Gelu::None)
            .unwrap();
        for (got, x) in t.to_vec::<f32>().unwrap().into_iter().zip([-5.0, -12.0]) {
            assert!(ulps(got, exact(x)) <= 4.0, "gelu({x}) = {got}");
        }
        check_exact(
            |t| t.gelu(Gelu::None),
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[-0.0, 1000.0, -0.0, f64::INFINITY, f64::NAN],
        );
    }

    #[test]
    fn gelu_exact_is_the_4_ulp_kernel_with_its_limits() {
        // The dense-grid ulp bound of both multiply-add forms is tested in kernel::math
        // (`gelu_is_within_4_ulp_in_both_forms`); the op computes exactly that function.
        for x in [-13.7f32, -7.25, -0.3, 1e-20, 0.5, 3.0] {
            assert_eq!(
                GeluErf.apply(x).to_bits(),
                gelu_f32(x).to_bits(),
                "gelu({x})"
            );
        }
        let g = |x: f32| GeluErf.apply(x);
        assert!(g(-0.0).is_sign_negative() && g(-0.0) == 0.0);
        assert!(g(0.0).is_sign_positive() && g(0.0) == 0.0);
        assert!(g(-1000.0).is_sign_negative() && g(-1000.0) == 0.0);
        assert_eq!(g(f32::INFINITY), f32::INFINITY);
        assert!(g(f32::NAN).is_nan());
    }

    #[test]
    fn gelu_tanh_matches_the_reference() {
        check_float(|t| t.gelu(Gelu::Tanh), tanh_form, &XS, 1e-6);
        check_exact(
            |t| t.gelu(Gelu::Tanh),
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY],
            &[-0.0, 1000.0, -0.0, f64::INFINITY],
        );
        // Not the exact form: they differ by about 1e-4 at x = 1.
        let x = DynTensor::from_vec(vec![1.0f64], &[1]).unwrap();
        let d = x.gelu(Gelu::Tanh).unwrap().item::<f64>().unwrap() - exact(1.0);
        assert!(d.abs() > 1e-5 && d.abs() < 1e-3, "{d}");
        let t = transposed(vec![1i32, -2, 3, -4], 2, 2)
            .gelu(Gelu::Tanh)
            .unwrap();
        let want = [1.0, 3.0, -2.0, -4.0].map(tanh_form);
        for (g, w) in t.to_vec::<f32>().unwrap().into_iter().zip(want) {
            assert!((g as f64 - w).abs() < 1e-6, "{g} vs {w}");
        }
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn gelu_gradcheck() {
        check_grad(
            |x| x.gelu(super::Gelu::None),
            [0.3, -1.7, 0.45, -2.2, 0.8, -1.35],
        );
        check_grad(
            |x| x.gelu(super::Gelu::Tanh),
            [0.3, -1.7, 0.45, -2.2, 0.8, -1.35],
        );
    }
}
