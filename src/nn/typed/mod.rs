//! Layers of the typed face: sizes in the types, models as tuples of layers.
//!
//! A layer implements [`Forward<X>`] for the inputs it takes, with the output type as
//! [`Forward::Output`]. A tuple of layers `(A, B, C)` (2 to 6 of them, nestable) is a model
//! running them in order (`torch.nn.Sequential`): it is a `Forward<X>` only if each layer
//! takes the previous one's output, so mismatched sizes do not compile:
//!
//! ```
//! use rusttorch::{Generator, Tensor, shape::Rank2, nn::Module};
//! use rusttorch::nn::typed::{Forward, Linear, ReLU};
//!
//! let mut g = Generator::new(0);
//! let model = (Linear::<4, 8>::new(true, &mut g), ReLU, Linear::<8, 3>::new(true, &mut g));
//! let x: Tensor<f32, Rank2<5, 4>> = Tensor::ones();
//! let y: Tensor<f32, Rank2<5, 3>> = model.forward(&x);
//! assert_eq!(y.dims(), &[5, 3]);
//! let names: Vec<String> = model.named_parameters().into_iter().map(|(n, _)| n).collect();
//! assert_eq!(names, ["0.weight", "0.bias", "2.weight", "2.bias"]);
//! ```
//!
//! ```compile_fail
//! use rusttorch::{Generator, Tensor, shape::Rank2};
//! use rusttorch::nn::typed::{Forward, Linear};
//! let mut g = Generator::new(0);
//! let model = (Linear::<4, 8>::new(true, &mut g), Linear::<4, 3>::new(true, &mut g));
//! let x: Tensor<f32, Rank2<5, 4>> = Tensor::ones();
//! let _ = model.forward(&x); // the second layer takes 4 features, the first gives 8
//! ```
//!
//! Layers take a tensor by value or by reference (`Forward<Tensor<..>>` and
//! `Forward<&Tensor<..>>`) and return an owned tensor.

mod activation;
mod dropout;
mod linear;

pub use activation::{
    ELU, GELU, LeakyReLU, LogSoftmax, Mish, ReLU, SELU, SiLU, Sigmoid, Softmax, Softplus, Softsign,
    Tanh,
};
pub use dropout::Dropout;
pub use linear::Linear;

use crate::dyn_tensor::DynTensor;
use crate::nn::{Module, join_name};

/// A layer (or a model) that takes an input of type `X`.
#[diagnostic::on_unimplemented(
    message = "layer `{Self}` cannot take a `{X}` input",
    label = "this layer does not take that input",
    note = "in a model `(A, B, ..)` each layer must take the previous layer's output: \
            `Linear<I, H>` is followed by a layer taking `H` features"
)]
pub trait Forward<X> {
    /// The output type.
    type Output;
    /// Runs the layer on `x`.
    fn forward(&self, x: X) -> Self::Output;
}

/// Implements [`Forward`] and [`Module`] for a tuple of layers run in order; the `Y`s are
/// the intermediate types, each layer's output and the next one's input.
macro_rules! chain {
    ($first:ident $fi:tt, $([$prev:ident, $L:ident $i:tt, $Y:ident]),+; $last:ident $li:tt $ly:ident) => {
        #[diagnostic::do_not_recommend]
        impl<X, $first, $($L,)+ $last, Y0, $($Y,)*> Forward<X> for ($first, $($L,)+ $last)
        where
            $first: Forward<X, Output = Y0>,
            $($L: Forward<$prev, Output = $Y>,)+
            $last: Forward<$ly>,
        {
            type Output = $last::Output;
            fn forward(&self, x: X) -> Self::Output {
                let y = self.$fi.forward(x);
                $(let y = self.$i.forward(y);)+
                self.$li.forward(y)
            }
        }

        impl<$first: Module, $($L: Module,)+ $last: Module> Module for ($first, $($L,)+ $last) {
            fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
                self.$fi.visit_params(&join_name(prefix, stringify!($fi)), f);
                $(self.$i.visit_params(&join_name(prefix, stringify!($i)), f);)+
                self.$li.visit_params(&join_name(prefix, stringify!($li)), f);
            }
            fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
                self.$fi.visit_params_mut(&join_name(prefix, stringify!($fi)), f);
                $(self.$i.visit_params_mut(&join_name(prefix, stringify!($i)), f);)+
                self.$li.visit_params_mut(&join_name(prefix, stringify!($li)), f);
            }
            fn set_training(&mut self, training: bool) {
                self.$fi.set_training(training);
                $(self.$i.set_training(training);)+
                self.$li.set_training(training);
            }
        }
    };
}

/// A pair: no intermediate layer.
#[diagnostic::do_not_recommend]
impl<X, A, B, Y0> Forward<X> for (A, B)
where
    A: Forward<X, Output = Y0>,
    B: Forward<Y0>,
{
    type Output = B::Output;
    fn forward(&self, x: X) -> Self::Output {
        self.1.forward(self.0.forward(x))
    }
}

impl<A: Module, B: Module> Module for (A, B) {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        self.0.visit_params(&join_name(prefix, "0"), f);
        self.1.visit_params(&join_name(prefix, "1"), f);
    }
    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        self.0.visit_params_mut(&join_name(prefix, "0"), f);
        self.1.visit_params_mut(&join_name(prefix, "1"), f);
    }
    fn set_training(&mut self, training: bool) {
        self.0.set_training(training);
        self.1.set_training(training);
    }
}

chain!(A0 0, [Y0, A1 1, Y1]; A2 2 Y1);
chain!(A0 0, [Y0, A1 1, Y1], [Y1, A2 2, Y2]; A3 3 Y2);
chain!(A0 0, [Y0, A1 1, Y1], [Y1, A2 2, Y2], [Y2, A3 3, Y3]; A4 4 Y3);
chain!(A0 0, [Y0, A1 1, Y1], [Y1, A2 2, Y2], [Y2, A3 3, Y3], [Y3, A4 4, Y4]; A5 5 Y4);
