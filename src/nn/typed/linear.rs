//! [`Linear<I, O>`]: the affine layer with its sizes in its type.

use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::kernel::matmul::MatmulKernel;
use crate::nn::linear::{init_bound, uniform_values};
use crate::nn::typed::Forward;
use crate::nn::{Module, join_name};
use crate::ops::creation::Generator;
use crate::shape::{Const, Dim};
use crate::tensor::Tensor;

/// A fully connected layer from `I` to `O` features, `y = x @ weight^T + bias`, with
/// elements of `T` (`f32` unless said otherwise): the typed [`crate::nn::Linear`].
///
/// It takes `(B, Const<I>)` inputs for any batch dim `B` (a `Const` or a `usize`) and gives
/// `(B, Const<O>)`; an input with another feature count does not compile. The forward runs
/// the same `matmul`, `t` and `add` as the dynamic layer (and records the same gradients).
///
/// # Examples
/// ```
/// use rusttorch::{Generator, Tensor, shape::{Const, Rank2}};
/// use rusttorch::nn::typed::{Forward, Linear};
/// let fc = Linear::<3, 2>::new(true, &mut Generator::new(0));
/// let x = Tensor::<f32, (usize, Const<3>)>::zeros_with((7, Const))?;
/// let y: Tensor<f32, (usize, Const<2>)> = fc.forward(&x);
/// assert_eq!(y.dims(), &[7, 2]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Linear<const I: usize, const O: usize, T: Float + MatmulKernel = f32> {
    /// The weight, `(O, I)`.
    pub weight: Tensor<T, (Const<O>, Const<I>)>,
    /// The bias, `(O)`, if the layer has one.
    pub bias: Option<Tensor<T, (Const<O>,)>>,
}

impl<const I: usize, const O: usize, T: Float + MatmulKernel> Linear<I, O, T> {
    /// A layer with PyTorch's default initialisation drawn from `generator` (weight, then
    /// bias, from `U(-1/sqrt(I), 1/sqrt(I))`), both requiring grad. The same seed gives the
    /// same values as [`crate::nn::Linear::new`] of the same sizes and dtype.
    ///
    /// # Panics
    /// If the weight cannot be allocated (the sizes are the program's own constants).
    pub fn new(bias: bool, generator: &mut Generator) -> Self {
        let bound = init_bound(I);
        let weight = Tensor::from_vec(uniform_values::<T>(O * I, bound, generator))
            .expect("the length is O * I")
            .requires_grad_(true);
        let bias = bias.then(|| {
            Tensor::from_vec(uniform_values::<T>(O, bound, generator))
                .expect("the length is O")
                .requires_grad_(true)
        });
        Linear { weight, bias }
    }

    /// A layer with the given parameters, used as they are.
    pub fn from_parameters(
        weight: Tensor<T, (Const<O>, Const<I>)>,
        bias: Option<Tensor<T, (Const<O>,)>>,
    ) -> Self {
        Linear { weight, bias }
    }

    /// `x @ weight^T + bias` for a batch `(B, I)`: the body of both `Forward` impls.
    fn run<B: Dim>(&self, x: &Tensor<T, (B, Const<I>)>) -> Tensor<T, (B, Const<O>)> {
        let y = x.matmul(&self.weight.t());
        match &self.bias {
            Some(b) => y.add(b),
            None => y,
        }
    }
}

impl<const I: usize, const O: usize, T: Float + MatmulKernel, B: Dim>
    Forward<&Tensor<T, (B, Const<I>)>> for Linear<I, O, T>
{
    type Output = Tensor<T, (B, Const<O>)>;
    /// Returns `x @ weight^T + bias`, `(B, I)` to `(B, O)`.
    fn forward(&self, x: &Tensor<T, (B, Const<I>)>) -> Self::Output {
        self.run(x)
    }
}

impl<const I: usize, const O: usize, T: Float + MatmulKernel, B: Dim>
    Forward<Tensor<T, (B, Const<I>)>> for Linear<I, O, T>
{
    type Output = Tensor<T, (B, Const<O>)>;
    /// Returns `x @ weight^T + bias`, `(B, I)` to `(B, O)`.
    fn forward(&self, x: Tensor<T, (B, Const<I>)>) -> Self::Output {
        self.run(&x)
    }
}

impl<const I: usize, const O: usize, T: Float + MatmulKernel> Module for Linear<I, O, T> {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        self.weight.visit_params(&join_name(prefix, "weight"), f);
        if let Some(b) = &self.bias {
            b.visit_params(&join_name(prefix, "bias"), f);
        }
    }

    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        self.weight
            .visit_params_mut(&join_name(prefix, "weight"), f);
        if let Some(b) = &mut self.bias {
            b.visit_params_mut(&join_name(prefix, "bias"), f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Rank1, Rank2};
    use crate::{DType, nn};

    fn hand_made() -> Linear<3, 2> {
        Linear::from_parameters(
            Tensor::from_vec(vec![1.0, 2.0, 3.0, -1.0, 0.0, 0.5]).unwrap(),
            Some(Tensor::<f32, Rank1<2>>::from_vec(vec![0.5, -1.0]).unwrap()),
        )
    }

    #[test]
    fn forward_values_with_static_and_runtime_batches() {
        let l = hand_made();
        let x = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![1.0, 1.0, 1.0, 2.0, -1.0, 4.0]).unwrap();
        let y: Tensor<f32, Rank2<2, 2>> = l.forward(&x);
        assert_eq!(y.to_vec(), vec![6.5, -1.5, 12.5, -1.0]);
        let xr = Tensor::<f32, (usize, Const<3>)>::try_from(x.to_dyn()).unwrap();
        let yr: Tensor<f32, (usize, Const<2>)> = l.forward(xr);
        assert_eq!(yr.to_vec(), vec![6.5, -1.5, 12.5, -1.0]);
        let nb = Linear::from_parameters(l.weight.clone(), None);
        assert_eq!(nb.forward(&x).to_vec(), vec![6.0, -0.5, 12.0, 0.0]);
        // The same values as the dynamic layer.
        let d = nn::Linear::from_parameters(l.weight.to_dyn(), l.bias.as_ref().map(|b| b.to_dyn()))
            .unwrap();
        assert_eq!(
            d.forward(&x.to_dyn()).unwrap().to_vec::<f32>().unwrap(),
            y.to_vec()
        );
    }

    #[test]
    fn init_matches_the_dynamic_layer() {
        let t = Linear::<5, 4, f64>::new(true, &mut Generator::new(11));
        let d =
            nn::Linear::with_dtype(5, 4, true, DType::Float64, &mut Generator::new(11)).unwrap();
        assert_eq!(t.weight.to_vec(), d.weight.to_vec::<f64>().unwrap());
        assert_eq!(
            t.bias.as_ref().unwrap().to_vec(),
            d.bias.unwrap().to_vec::<f64>().unwrap()
        );
        assert!(t.weight.requires_grad() && t.bias.as_ref().unwrap().requires_grad());
        let bound = 1.0 / 5f64.sqrt();
        assert!(t.weight.to_vec().iter().all(|v| v.abs() <= bound));
        let names: Vec<String> = t.named_parameters().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["weight", "bias"]);
        assert!(
            Linear::<5, 4>::new(false, &mut Generator::new(0))
                .bias
                .is_none()
        );
    }

    #[test]
    fn gradients_of_the_sum() {
        let l = hand_made();
        let l = Linear::from_parameters(
            l.weight.requires_grad_(true),
            l.bias.map(|b| b.requires_grad_(true)),
        );
        let x = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![1.0, 1.0, 1.0, 2.0, -1.0, 4.0])
            .unwrap()
            .requires_grad_(true);
        l.forward(&x).sum().backward().unwrap();
        let gw: Tensor<f32, Rank2<2, 3>> = l.weight.grad().unwrap();
        assert_eq!(gw.to_vec(), vec![3.0, 0.0, 5.0, 3.0, 0.0, 5.0]);
        assert_eq!(l.bias.unwrap().grad().unwrap().to_vec(), vec![2.0, 2.0]);
        assert_eq!(
            x.grad().unwrap().to_vec(),
            vec![0.0, 2.0, 3.5, 0.0, 2.0, 3.5]
        );
    }
}
