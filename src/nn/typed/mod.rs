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
//!
//! These are separate types from the dynamic face's layers of the same names (with the
//! same parameters and the same kernels underneath), so that `layer.forward(&x)` always
//! resolves to the face of `x`: a dynamic layer's inherent `forward` takes a `DynTensor`
//! and returns a `Result`, a typed layer's takes a `Tensor` and checks shapes at compile
//! time.

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

/// A pair: no intermediate layer. (No `do_not_recommend` on the tuple impls: a mismatch is
/// then reported at the layer that cannot take its input, naming both types.)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Axis, Const, Rank1, Rank2};
    use crate::{Generator, Tensor, nn};

    #[test]
    fn tuples_chain_layers_and_equal_the_dynamic_sequential() {
        let mut g = Generator::new(5);
        let model = (
            Linear::<4, 6>::new(true, &mut g),
            Tanh,
            Linear::<6, 6>::new(true, &mut g),
            ReLU,
            Linear::<6, 3>::new(false, &mut g),
            LogSoftmax(Axis::<1>),
        );
        let mut d = nn::Sequential::new();
        d.push(
            nn::Linear::from_parameters(
                model.0.weight.to_dyn(),
                model.0.bias.as_ref().map(|b| b.to_dyn()),
            )
            .unwrap(),
        )
        .push(nn::Tanh)
        .push(
            nn::Linear::from_parameters(
                model.2.weight.to_dyn(),
                model.2.bias.as_ref().map(|b| b.to_dyn()),
            )
            .unwrap(),
        )
        .push(nn::ReLU)
        .push(nn::Linear::from_parameters(model.4.weight.to_dyn(), None).unwrap())
        .push(nn::LogSoftmax::new(1));
        let xs: Vec<f32> = (0..20).map(|i| (i as f32 * 0.37).sin()).collect();
        let x = Tensor::<f32, (usize, Const<4>)>::from_vec_with(xs, (5, Const)).unwrap();
        let y: Tensor<f32, (usize, Const<3>)> = model.forward(&x);
        assert_eq!(y.dims(), &[5, 3]);
        assert_eq!(
            y.to_vec(),
            d.forward(&x.to_dyn()).unwrap().to_vec::<f32>().unwrap()
        );
        // Rows of a log-softmax: exp sums to 1.
        for row in y.to_vec().chunks(3) {
            assert!((row.iter().map(|v| v.exp()).sum::<f32>() - 1.0).abs() < 1e-5);
        }
        let names: Vec<String> = model
            .named_parameters()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            vec!["0.weight", "0.bias", "2.weight", "2.bias", "4.weight"]
        );
    }

    #[test]
    fn nested_models_and_pairs() {
        let fc1 = Linear::<2, 2>::from_parameters(
            Tensor::from_vec(vec![1.0, -1.0, 2.0, 0.0]).unwrap(),
            Some(Tensor::<f32, Rank1<2>>::from_vec(vec![0.0, -5.0]).unwrap()),
        );
        let fc2 = Linear::<2, 1>::from_parameters(Tensor::from_vec(vec![1.0, 1.0]).unwrap(), None);
        let model = ((fc1, ReLU), (fc2, Sigmoid));
        let x = Tensor::<f32, Rank2<3, 2>>::from_vec(vec![3.0, 1.0, 1.0, 2.0, 4.0, 0.0]).unwrap();
        // fc1: [2, 1], [-1, -3], [4, 3]; relu: [2, 1], [0, 0], [4, 3]; fc2: 3, 0, 7.
        let y: Tensor<f32, Rank2<3, 1>> = model.forward(x);
        let s = |v: f32| 1.0 / (1.0 + (-v).exp());
        assert_eq!(y.to_vec(), vec![s(3.0), 0.5, s(7.0)]);
        let names: Vec<String> = model
            .named_parameters()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, vec!["0.0.weight", "0.0.bias", "1.0.weight"]);
    }
}
