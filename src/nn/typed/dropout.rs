//! [`Dropout`] on the typed face.

use std::sync::Mutex;

use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::nn::Module;
use crate::nn::dropout::{check_p, dropout};
use crate::nn::typed::Forward;
use crate::ops::creation::Generator;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// Dropout on typed tensors of any shape: the typed [`crate::nn::Dropout`], with the same
/// masks for the same seed. In training mode (the default) each element is zeroed with
/// probability `p` and the others scaled by `1 / (1 - p)`; in evaluation mode it is the
/// identity.
#[derive(Debug)]
pub struct Dropout {
    p: f64,
    training: bool,
    generator: Mutex<Generator>,
}

impl Dropout {
    /// A dropout layer zeroing with probability `p`, in training mode, whose masks come
    /// from a generator seeded with `seed`.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] unless `0 <= p < 1`.
    pub fn new(p: f64, seed: u64) -> Result<Dropout> {
        check_p(p)?;
        Ok(Dropout {
            p,
            training: true,
            generator: Mutex::new(Generator::new(seed)),
        })
    }

    /// The probability of zeroing an element.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// Whether the layer is in training mode.
    pub fn is_training(&self) -> bool {
        self.training
    }

    fn apply<T: Float, S: Shape>(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
        if !self.training || self.p == 0.0 {
            return x.clone();
        }
        let inner = dropout(x.inner(), self.p, &self.generator).unwrap_or_else(|e| panic!("{e}"));
        Tensor::from_parts(inner, x.shape())
    }
}

impl<T: Float, S: Shape> Forward<&Tensor<T, S>> for Dropout {
    type Output = Tensor<T, S>;
    /// # Panics
    /// If the output cannot be allocated.
    fn forward(&self, x: &Tensor<T, S>) -> Tensor<T, S> {
        self.apply(x)
    }
}

impl<T: Float, S: Shape> Forward<Tensor<T, S>> for Dropout {
    type Output = Tensor<T, S>;
    /// # Panics
    /// If the output cannot be allocated.
    fn forward(&self, x: Tensor<T, S>) -> Tensor<T, S> {
        self.apply(&x)
    }
}

impl Module for Dropout {
    fn visit_params(&self, _prefix: &str, _f: &mut dyn FnMut(&str, &DynTensor)) {}
    fn visit_params_mut(&mut self, _prefix: &str, _f: &mut dyn FnMut(&str, &mut DynTensor)) {}
    fn set_training(&mut self, training: bool) {
        self.training = training;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn;
    use crate::shape::Rank2;

    #[test]
    fn typed_dropout_matches_the_dynamic_layer_and_switches_modes() {
        let x = Tensor::<f32, Rank2<8, 16>>::full(3.0);
        let mut t = Dropout::new(0.25, 4).unwrap();
        let d = nn::Dropout::new(0.25, 4).unwrap();
        let y = t.forward(&x);
        assert_eq!(
            y.to_vec(),
            d.forward(&x.to_dyn()).unwrap().to_vec::<f32>().unwrap()
        );
        assert!(y.to_vec().iter().all(|&v| v == 0.0 || v == 4.0));
        assert!(y.to_vec().contains(&0.0) && y.to_vec().contains(&4.0));
        t.eval();
        assert_eq!(t.forward(x.clone()).to_vec(), vec![3.0; 128]);
        t.train();
        assert!(t.forward(&x).to_vec().contains(&0.0));
        assert!(Dropout::new(1.0, 0).is_err());
    }

    #[test]
    fn typed_dropout_passes_the_mask_as_gradient() {
        let x = Tensor::<f64, Rank2<4, 8>>::ones().requires_grad_(true);
        let y = Dropout::new(0.5, 2).unwrap().forward(&x);
        y.sum().backward().unwrap();
        assert_eq!(x.grad().unwrap().to_vec(), y.to_vec());
    }
}
