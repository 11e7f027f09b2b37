//! [`Layer`] and [`Sequential`]: dynamic-face layers and their composition
//! (`torch.nn.Sequential`).

use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::nn::{Module, join_name};

/// A dynamic-face layer: a [`Module`] with a `forward` from one tensor to one tensor.
///
/// Every layer in [`crate::nn`] implements it; a user layer does too by writing `forward`
/// (and deriving [`Module`]).
pub trait Layer: Module + Send + Sync {
    /// Runs the layer on `x`.
    ///
    /// # Errors
    /// Whatever the layer's ops report (shapes, dtypes).
    fn forward(&self, x: &DynTensor) -> Result<DynTensor>;
}

/// Layers run one after another (`torch.nn.Sequential`); its parameters are named by the
/// layer's index, `0.weight`, `2.bias`, as in PyTorch.
///
/// # Examples
/// ```
/// use rusttorch::{DType, DynTensor, Generator, nn::{Linear, Module, ReLU, Sequential}};
/// let mut g = Generator::new(0);
/// let model = Sequential::new()
///     .with(Linear::new(4, 8, true, &mut g)?)
///     .with(ReLU)
///     .with(Linear::new(8, 3, true, &mut g)?);
/// let y = model.forward(&DynTensor::ones(&[5, 4], DType::Float32)?)?;
/// assert_eq!(y.shape(), &[5, 3]);
/// let names: Vec<String> = model.named_parameters().into_iter().map(|(n, _)| n).collect();
/// assert_eq!(names, ["0.weight", "0.bias", "2.weight", "2.bias"]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Default)]
pub struct Sequential {
    layers: Vec<Box<dyn Layer>>,
}

impl Sequential {
    /// An empty model (its forward is the identity).
    pub fn new() -> Self {
        Sequential::default()
    }

    /// Appends `layer` (`Sequential.append`).
    pub fn push(&mut self, layer: impl Layer + 'static) -> &mut Self {
        self.layers.push(Box::new(layer));
        self
    }

    /// Appends `layer` and returns the model, for building in one expression.
    pub fn with(mut self, layer: impl Layer + 'static) -> Self {
        self.push(layer);
        self
    }

    /// The number of layers.
    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Whether there is no layer.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// The layers, in order.
    pub fn layers(&self) -> &[Box<dyn Layer>] {
        &self.layers
    }

    /// Runs every layer in order on `x`.
    ///
    /// # Errors
    /// The first error of a layer.
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        let mut y = x.clone();
        for layer in &self.layers {
            y = layer.forward(&y)?;
        }
        Ok(y)
    }
}

impl Module for Sequential {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        for (i, m) in self.layers.iter().enumerate() {
            m.visit_params(&join_name(prefix, &i.to_string()), f);
        }
    }

    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        for (i, m) in self.layers.iter_mut().enumerate() {
            m.visit_params_mut(&join_name(prefix, &i.to_string()), f);
        }
    }

    fn set_training(&mut self, training: bool) {
        for m in &mut self.layers {
            m.set_training(training);
        }
    }
}

impl Layer for Sequential {
    fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        Sequential::forward(self, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Dropout, Linear, ReLU, Tanh};
    use crate::{DType, Generator};

    fn t(data: &[f32], shape: &[usize]) -> DynTensor {
        DynTensor::from_vec(data.to_vec(), shape).unwrap()
    }

    #[test]
    fn layers_run_in_order() {
        // fc1: W = [[1, -1], [2, 0]], b = [0, -5]; fc2: W = [[1, 1]], no bias.
        let fc1 = Linear::from_parameters(
            t(&[1.0, -1.0, 2.0, 0.0], &[2, 2]),
            Some(t(&[0.0, -5.0], &[2])),
        )
        .unwrap();
        let fc2 = Linear::from_parameters(t(&[1.0, 1.0], &[1, 2]), None).unwrap();
        let model = Sequential::new().with(fc1).with(ReLU).with(fc2);
        assert_eq!(model.len(), 3);
        let x = t(&[3.0, 1.0, 1.0, 2.0, 4.0, 0.0], &[3, 2]);
        // fc1: [2, 1], [-1, -3], [4, 3]; relu: [2, 1], [0, 0], [4, 3]; fc2: 3, 0, 7.
        let y = model.forward(&x).unwrap();
        assert_eq!(y.shape(), &[3, 1]);
        assert_eq!(y.to_vec::<f32>().unwrap(), vec![3.0, 0.0, 7.0]);
        let names: Vec<String> = model
            .named_parameters()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, vec!["0.weight", "0.bias", "2.weight"]);
        // An empty model is the identity; an error of a layer comes through.
        assert_eq!(
            Sequential::new()
                .forward(&x)
                .unwrap()
                .to_vec::<f32>()
                .unwrap(),
            x.to_vec::<f32>().unwrap()
        );
        assert!(model.forward(&t(&[1.0, 2.0, 3.0], &[1, 3])).is_err());
    }

    #[test]
    fn training_mode_reaches_nested_layers() {
        let mut g = Generator::new(0);
        let mut inner = Sequential::new();
        inner.push(Dropout::new(0.5, 1).unwrap()).push(Tanh);
        let mut model = Sequential::new()
            .with(Linear::new(3, 3, true, &mut g).unwrap())
            .with(inner);
        let names: Vec<String> = model
            .named_parameters()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, vec!["0.weight", "0.bias"]);
        let x = DynTensor::ones(&[64, 3], DType::Float32).unwrap();
        model.eval();
        let a = model.forward(&x).unwrap().to_vec_f64();
        assert_eq!(
            a,
            model.forward(&x).unwrap().to_vec_f64(),
            "eval is deterministic"
        );
        model.train();
        let b = model.forward(&x).unwrap().to_vec_f64();
        assert!(b.contains(&0.0), "dropout zeroes in training");
        assert_ne!(a, b);
    }
}
