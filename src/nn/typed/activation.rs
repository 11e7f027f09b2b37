//! The activations as typed layers: `Tensor<T, S>` to `Tensor<T, S>` for any shape, running
//! the same kernels as the tensor methods of the same name. (One file for all: each is a
//! one-line wrapper of its op.)

use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::nn::Module;
use crate::nn::typed::Forward;
use crate::ops::activation::Gelu;
use crate::shape::{HasAxis, Shape};
use crate::tensor::Tensor;

/// Implements [`Module`] (no parameters) for layers.
macro_rules! parameterless {
    ($($name:ident $(<$g:ident>)?),* $(,)?) => {$(
        impl$(<$g>)? Module for $name$(<$g>)? {
            fn visit_params(&self, _prefix: &str, _f: &mut dyn FnMut(&str, &DynTensor)) {}
            fn visit_params_mut(
                &mut self,
                _prefix: &str,
                _f: &mut dyn FnMut(&str, &mut DynTensor),
            ) {
            }
        }
    )*};
}

/// Implements `Forward<Tensor<T, S>>` and `Forward<&Tensor<T, S>>` for a layer whose
/// `apply` computes the activation.
macro_rules! shape_preserving {
    ($($name:ident),* $(,)?) => {$(
        impl<T: Float, S: Shape> Forward<&Tensor<T, S>> for $name {
            type Output = Tensor<T, S>;
            fn forward(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
                self.apply(x)
            }
        }

        impl<T: Float, S: Shape> Forward<Tensor<T, S>> for $name {
            type Output = Tensor<T, S>;
            fn forward(&self, x: Tensor<T, S>) -> Tensor<T, S> {
                self.apply(&x)
            }
        }
    )*};
}

/// Declares unit-struct typed activations calling a `Tensor` method.
macro_rules! unit_activations {
    ($($(#[$doc:meta])* $name:ident => $method:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct $name;

        impl $name {
            fn apply<T: Float, S: Shape>(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
                x.$method()
            }
        }

        parameterless!($name);
        shape_preserving!($name);
    )*};
}

unit_activations! {
    /// `max(x, 0)` (`torch.nn.ReLU`).
    ReLU => relu;
    /// `1 / (1 + exp(-x))` (`torch.nn.Sigmoid`).
    Sigmoid => sigmoid;
    /// `tanh(x)` (`torch.nn.Tanh`).
    Tanh => tanh;
    /// SELU with PyTorch's fixed constants (`torch.nn.SELU`).
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

    fn apply<T: Float, S: Shape>(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
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

    fn apply<T: Float, S: Shape>(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
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

    fn apply<T: Float, S: Shape>(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
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

    fn apply<T: Float, S: Shape>(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
        x.softplus(self.beta, self.threshold)
    }
}

shape_preserving!(LeakyReLU, ELU, GELU, Softplus);

/// Declares a row-op layer along a typed axis.
macro_rules! axis_layer {
    ($(#[$doc:meta])* $name:ident => $method:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct $name<A>(pub A);

        impl<A: Copy, T: Float, S: Shape + HasAxis<A>> Forward<&Tensor<T, S>> for $name<A> {
            type Output = Tensor<T, S>;
            fn forward(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
                x.$method(self.0)
            }
        }

        impl<A: Copy, T: Float, S: Shape + HasAxis<A>> Forward<Tensor<T, S>> for $name<A> {
            type Output = Tensor<T, S>;
            fn forward(&self, x: Tensor<T, S>) -> Tensor<T, S> {
                x.$method(self.0)
            }
        }
    };
}

axis_layer! {
    /// `exp(x) / sum(exp(x))` along the axis `A` (`Softmax(Axis::<1>)`; `torch.nn.Softmax`).
    /// An axis beyond the input's rank does not compile.
    Softmax => softmax
}

axis_layer! {
    /// `x - ln(sum(exp(x)))` along the axis `A` (`LogSoftmax(Axis::<1>)`;
    /// `torch.nn.LogSoftmax`). An axis beyond the input's rank does not compile.
    LogSoftmax => log_softmax
}

parameterless!(LeakyReLU, ELU, GELU, Softplus, Softmax<A>, LogSoftmax<A>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn;
    use crate::nn::Layer;
    use crate::shape::{Axis, Rank2};

    #[test]
    fn typed_layers_equal_the_dynamic_layers() {
        let xs = vec![-2.0f64, -0.5, 0.0, 1.5, 3.0, -1.0];
        let x = Tensor::<f64, Rank2<2, 3>>::from_vec(xs).unwrap();
        let d = x.to_dyn();
        let check = |got: Tensor<f64, Rank2<2, 3>>, layer: &dyn Layer| {
            assert_eq!(
                got.to_vec(),
                layer.forward(&d).unwrap().to_vec::<f64>().unwrap()
            );
        };
        check(ReLU.forward(&x), &nn::ReLU);
        check(Sigmoid.forward(&x), &nn::Sigmoid);
        check(Tanh.forward(x.clone()), &nn::Tanh);
        check(SELU.forward(&x), &nn::SELU);
        check(SiLU.forward(&x), &nn::SiLU);
        check(Mish.forward(&x), &nn::Mish);
        check(Softsign.forward(&x), &nn::Softsign);
        check(LeakyReLU::new(0.2).forward(&x), &nn::LeakyReLU::new(0.2));
        check(ELU::new(0.5).forward(&x), &nn::ELU::new(0.5));
        check(
            GELU::new(Gelu::Tanh).forward(&x),
            &nn::GELU::new(Gelu::Tanh),
        );
        check(Softplus::default().forward(&x), &nn::Softplus::default());
        check(Softmax(Axis::<1>).forward(&x), &nn::Softmax::new(1));
        check(
            LogSoftmax(Axis::<0>).forward(x.clone()),
            &nn::LogSoftmax::new(0),
        );
        assert_eq!(
            ReLU.forward(&x).to_vec(),
            vec![0.0, 0.0, 0.0, 1.5, 3.0, 0.0]
        );
        assert_eq!(LeakyReLU::default().forward(&x).to_vec()[0], -0.02);
        assert_eq!(
            ReLU.num_parameters() + Softmax(Axis::<1>).num_parameters(),
            0
        );
    }
}
