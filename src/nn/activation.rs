//! The activations as layers (`torch.nn.ReLU`, `torch.nn.Softmax`, ...), on the dynamic
//! face: each one calls the op of the same name in [`crate::ops::activation`], so its
//! gradient is the op's. They have no parameters. (One file for all of them: each layer is
//! a one-line wrapper; the ops themselves have a file each.)

use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::nn::{Layer, Module};
use crate::ops::activation::Gelu;

/// Implements [`Module`] (no parameters) and [`Layer`] for a layer with an inherent
/// `forward`.
macro_rules! parameterless_layer {
    ($($name:ident),* $(,)?) => {$(
        impl Module for $name {
            fn visit_params(&self, _prefix: &str, _f: &mut dyn FnMut(&str, &DynTensor)) {}
            fn visit_params_mut(
                &mut self,
                _prefix: &str,
                _f: &mut dyn FnMut(&str, &mut DynTensor),
            ) {
            }
        }

        impl Layer for $name {
            fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
                $name::forward(self, x)
            }
        }
    )*};
}

/// Declares unit-struct activation layers calling a `DynTensor` method.
macro_rules! unit_activations {
    ($($(#[$doc:meta])* $name:ident => $method:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct $name;

        impl $name {
            #[doc = concat!("Returns `x.", stringify!($method), "()` (see [`DynTensor::",
                stringify!($method), "`]).")]
            ///
            /// # Errors
            /// As the op.
            pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
                x.$method()
            }
        }

        parameterless_layer!($name);
    )*};
}

unit_activations! {
    /// `max(x, 0)` (`torch.nn.ReLU`).
    ReLU => relu;
    /// `1 / (1 + exp(-x))` (`torch.nn.Sigmoid`).
    Sigmoid => sigmoid;
    /// `tanh(x)` (`torch.nn.Tanh`).
    Tanh => tanh;
    /// `scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))` with PyTorch's fixed constants
    /// (`torch.nn.SELU`).
    SELU => selu;
    /// `x * sigmoid(x)`, also called swish (`torch.nn.SiLU`).
    SiLU => silu;
    /// `x * tanh(softplus(x))` (`torch.nn.Mish`).
    Mish => mish;
    /// `x / (1 + |x|)` (`torch.nn.Softsign`).
    Softsign => softsign;
}

/// `max(0, x) + negative_slope * min(0, x)` (`torch.nn.LeakyReLU`; default slope 0.01).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeakyReLU {
    /// The slope for negative inputs.
    pub negative_slope: f64,
}

impl Default for LeakyReLU {
    fn default() -> Self {
        LeakyReLU {
            negative_slope: 0.01,
        }
    }
}

impl LeakyReLU {
    /// A leaky ReLU with the given slope for negative inputs.
    pub fn new(negative_slope: f64) -> Self {
        LeakyReLU { negative_slope }
    }

    /// Returns `x.leaky_relu(negative_slope)`.
    ///
    /// # Errors
    /// As [`DynTensor::leaky_relu`].
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        x.leaky_relu(self.negative_slope)
    }
}

/// `x` for `x > 0`, else `alpha * (exp(x) - 1)` (`torch.nn.ELU`; default alpha 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ELU {
    /// The saturation value for negative inputs.
    pub alpha: f64,
}

impl Default for ELU {
    fn default() -> Self {
        ELU { alpha: 1.0 }
    }
}

impl ELU {
    /// An ELU with the given `alpha`.
    pub fn new(alpha: f64) -> Self {
        ELU { alpha }
    }

    /// Returns `x.elu(alpha)`.
    ///
    /// # Errors
    /// As [`DynTensor::elu`].
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        x.elu(self.alpha)
    }
}

/// `x * Φ(x)`, exact or with the tanh approximation (`torch.nn.GELU`; default exact).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GELU {
    /// Which formula: [`Gelu::None`] (the erf form) or [`Gelu::Tanh`].
    pub approximate: Gelu,
}

impl GELU {
    /// A GELU with the given formula.
    pub fn new(approximate: Gelu) -> Self {
        GELU { approximate }
    }

    /// Returns `x.gelu(approximate)`.
    ///
    /// # Errors
    /// As [`DynTensor::gelu`].
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        x.gelu(self.approximate)
    }
}

/// `ln(1 + exp(beta * x)) / beta`, linear above `threshold` (`torch.nn.Softplus`; defaults
/// beta 1, threshold 20).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Softplus {
    /// The sharpness.
    pub beta: f64,
    /// Above `beta * x > threshold` the result is `x`.
    pub threshold: f64,
}

impl Default for Softplus {
    fn default() -> Self {
        Softplus {
            beta: 1.0,
            threshold: 20.0,
        }
    }
}

impl Softplus {
    /// A softplus with the given `beta` and `threshold`.
    pub fn new(beta: f64, threshold: f64) -> Self {
        Softplus { beta, threshold }
    }

    /// Returns `x.softplus(beta, threshold)`.
    ///
    /// # Errors
    /// As [`DynTensor::softplus`].
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        x.softplus(self.beta, self.threshold)
    }
}

/// `exp(x) / sum(exp(x))` along `dim` (`torch.nn.Softmax(dim)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Softmax {
    /// The dim to normalize (negative counts from the end).
    pub dim: isize,
}

impl Softmax {
    /// A softmax along `dim`.
    pub fn new(dim: isize) -> Self {
        Softmax { dim }
    }

    /// Returns `x.softmax(dim)`.
    ///
    /// # Errors
    /// As [`DynTensor::softmax`].
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        x.softmax(self.dim)
    }
}

/// `x - ln(sum(exp(x)))` along `dim` (`torch.nn.LogSoftmax(dim)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogSoftmax {
    /// The dim to normalize (negative counts from the end).
    pub dim: isize,
}

impl LogSoftmax {
    /// A log-softmax along `dim`.
    pub fn new(dim: isize) -> Self {
        LogSoftmax { dim }
    }

    /// Returns `x.log_softmax(dim)`.
    ///
    /// # Errors
    /// As [`DynTensor::log_softmax`].
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        x.log_softmax(self.dim)
    }
}

parameterless_layer!(LeakyReLU, ELU, GELU, Softplus, Softmax, LogSoftmax);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    fn close(got: &DynTensor, want: &[f64]) {
        let got = got.to_vec_f64();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-12 * w.abs().max(1.0),
                "got {got:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn layers_compute_their_activation() {
        let x = DynTensor::from_vec(vec![-2.0f64, -0.5, 0.0, 1.5], &[2, 2]).unwrap();
        let e = |v: f64| v.exp();
        let sig = |v: f64| 1.0 / (1.0 + e(-v));
        let layers: Vec<(Box<dyn Layer>, Vec<f64>)> = vec![
            (Box::new(ReLU), vec![0.0, 0.0, 0.0, 1.5]),
            (
                Box::new(LeakyReLU::default()),
                vec![-0.02, -0.005, 0.0, 1.5],
            ),
            (Box::new(LeakyReLU::new(0.5)), vec![-1.0, -0.25, 0.0, 1.5]),
            (Box::new(Sigmoid), vec![sig(-2.0), sig(-0.5), 0.5, sig(1.5)]),
            (
                Box::new(Tanh),
                vec![(-2.0f64).tanh(), (-0.5f64).tanh(), 0.0, 1.5f64.tanh()],
            ),
            (
                Box::new(ELU::default()),
                vec![e(-2.0) - 1.0, e(-0.5) - 1.0, 0.0, 1.5],
            ),
            (
                Box::new(ELU::new(2.0)),
                vec![2.0 * (e(-2.0) - 1.0), 2.0 * (e(-0.5) - 1.0), 0.0, 1.5],
            ),
            (
                Box::new(SiLU),
                vec![-2.0 * sig(-2.0), -0.5 * sig(-0.5), 0.0, 1.5 * sig(1.5)],
            ),
            (
                Box::new(Softsign),
                vec![-2.0 / 3.0, -0.5 / 1.5, 0.0, 1.5 / 2.5],
            ),
            (
                Box::new(Softplus::default()),
                vec![
                    (1.0 + e(-2.0)).ln(),
                    (1.0 + e(-0.5)).ln(),
                    2f64.ln(),
                    (1.0 + e(1.5)).ln(),
                ],
            ),
            (
                Box::new(Softplus::new(2.0, 1.0)),
                // beta * x = 3 > threshold 1: linear.
                vec![
                    (1.0 + e(-4.0)).ln() / 2.0,
                    (1.0 + e(-1.0)).ln() / 2.0,
                    2f64.ln() / 2.0,
                    1.5,
                ],
            ),
            (
                Box::new(Mish),
                [-2.0f64, -0.5, 0.0, 1.5]
                    .map(|v| v * (1.0 + e(v)).ln().tanh())
                    .to_vec(),
            ),
            (
                Box::new(Softmax::new(1)),
                vec![
                    e(-2.0) / (e(-2.0) + e(-0.5)),
                    e(-0.5) / (e(-2.0) + e(-0.5)),
                    1.0 / (1.0 + e(1.5)),
                    e(1.5) / (1.0 + e(1.5)),
                ],
            ),
            (
                Box::new(Softmax::new(0)),
                vec![
                    e(-2.0) / (e(-2.0) + 1.0),
                    e(-0.5) / (e(-0.5) + e(1.5)),
                    1.0 / (e(-2.0) + 1.0),
                    e(1.5) / (e(-0.5) + e(1.5)),
                ],
            ),
            (
                Box::new(LogSoftmax::new(-1)),
                vec![
                    -2.0 - (e(-2.0) + e(-0.5)).ln(),
                    -0.5 - (e(-2.0) + e(-0.5)).ln(),
                    -(1.0 + e(1.5)).ln(),
                    1.5 - (1.0 + e(1.5)).ln(),
                ],
            ),
        ];
        for (layer, want) in &layers {
            let y = layer.forward(&x).unwrap();
            assert_eq!(y.shape(), &[2, 2]);
            close(&y, want);
            assert_eq!(layer.num_parameters(), 0);
        }
        // SELU and GELU against their defining formulas.
        let (alpha, scale) = (1.673_263_242_354_377_3, 1.050_700_987_355_480_5);
        close(
            &SELU.forward(&x).unwrap(),
            &[
                scale * alpha * (e(-2.0) - 1.0),
                scale * alpha * (e(-0.5) - 1.0),
                0.0,
                scale * 1.5,
            ],
        );
        let g = GELU::default().forward(&x).unwrap().to_vec_f64();
        let want_g: Vec<f64> = [-2.0f64, -0.5, 0.0, 1.5]
            .iter()
            .map(|&v| v * 0.5 * (1.0 + libm::erf(v / 2f64.sqrt())))
            .collect();
        for (a, b) in g.iter().zip(&want_g) {
            assert!((a - b).abs() < 1e-12, "{g:?} {want_g:?}");
        }
        let gt = GELU::new(Gelu::Tanh).forward(&x).unwrap().to_vec_f64();
        assert!(gt.iter().zip(&want_g).all(|(a, b)| (a - b).abs() < 1e-3));
        assert_ne!(gt, g);
    }

    #[test]
    fn layers_pass_errors_through() {
        let x = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        assert!(Softmax::new(2).forward(&x).is_err());
        assert!(LogSoftmax::new(-3).forward(&x).is_err());
        assert_eq!(
            Softmax::new(-2).forward(&x).unwrap().to_vec_f64(),
            vec![0.5; 6]
        );
    }
}
