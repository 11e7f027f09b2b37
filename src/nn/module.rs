//! [`Module`]: anything with parameters, visited by name in a fixed order.

use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The name of a parameter or sub-module `name` inside `prefix`, joined with a dot as in
/// PyTorch's `state_dict` keys (`"fc1.weight"`).
pub fn join_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A layer, a model, or a list of tensors: something with parameters.
///
/// Implementors visit every parameter with its name, always in the same order; optimizers
/// keep their state by that order, and `safetensors` files by name. A struct of layers gets
/// this from `#[derive(Module)]`; a tensor is a module with one parameter (named by the
/// prefix), and a `Vec` of modules names its items `0`, `1`, ...
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a module: it has no parameters to visit",
    label = "not a layer, a model or a tensor",
    note = "in a `#[derive(Module)]` struct every field must be a module (a layer, a tensor, a \
            `Vec` of modules); mark other fields `#[module(skip)]`"
)]
pub trait Module {
    /// Calls `f` with the name (`prefix` joined with the parameter's path) and the value of
    /// every parameter.
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor));

    /// Calls `f` with the name and a mutable handle of every parameter, for in-place
    /// updates (optimizers, loading weights). `f` must keep each parameter's dtype and
    /// shape.
    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor));

    /// Switches training behaviour (dropout) on or off; layers without any ignore it.
    fn set_training(&mut self, training: bool) {
        let _ = training;
    }

    /// The parameters, in visiting order (they share their buffers and gradients with the
    /// module's).
    fn parameters(&self) -> Vec<DynTensor> {
        let mut out = Vec::new();
        self.visit_params("", &mut |_, p| out.push(p.clone()));
        out
    }

    /// The parameters with their names.
    fn named_parameters(&self) -> Vec<(String, DynTensor)> {
        let mut out = Vec::new();
        self.visit_params("", &mut |n, p| out.push((n.to_owned(), p.clone())));
        out
    }

    /// The number of parameter elements.
    fn num_parameters(&self) -> usize {
        let mut n = 0;
        self.visit_params("", &mut |_, p| n += p.numel());
        n
    }

    /// Clears every parameter's gradient (`zero_grad(set_to_none=True)`).
    fn zero_grad(&self) {
        self.visit_params("", &mut |_, p| p.zero_grad());
    }

    /// Training mode (`model.train()`).
    fn train(&mut self) {
        self.set_training(true);
    }

    /// Evaluation mode (`model.eval()`).
    fn eval(&mut self) {
        self.set_training(false);
    }
}

impl Module for DynTensor {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        f(prefix, self);
    }
    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        f(prefix, self);
    }
}

impl<T: Float, S: Shape> Module for Tensor<T, S> {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        f(prefix, &DynTensor::from(self.inner().clone()));
    }

    /// # Panics
    /// If `f` changes the parameter's dtype or shape (a bug in the visitor).
    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        // Move the value out (not a clone), so that an in-place update finds its buffer
        // unshared and writes it without copying.
        let placeholder = TensorImpl::from_vec(Vec::new(), &[0], "visit_params_mut")
            .expect("an empty tensor needs no allocation");
        let mut value = DynTensor::from(std::mem::replace(self.inner_mut(), placeholder));
        f(prefix, &mut value);
        assert_eq!(
            value.shape(),
            &self.shape().dims()[..],
            "visit_params_mut: the visitor changed the shape of `{prefix}`"
        );
        *self.inner_mut() = T::take_dyn(value).unwrap_or_else(|| {
            panic!("visit_params_mut: the visitor changed the dtype of `{prefix}`")
        });
    }
}

impl<M: Module> Module for Vec<M> {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        for (i, m) in self.iter().enumerate() {
            m.visit_params(&join_name(prefix, &i.to_string()), f);
        }
    }
    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        for (i, m) in self.iter_mut().enumerate() {
            m.visit_params_mut(&join_name(prefix, &i.to_string()), f);
        }
    }
    fn set_training(&mut self, training: bool) {
        for m in self {
            m.set_training(training);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autograd::no_grad;
    use crate::shape::Rank1;

    struct Pair {
        w: Tensor<f32, Rank1<2>>,
        b: Vec<DynTensor>,
    }

    impl Module for Pair {
        fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
            self.w.visit_params(&join_name(prefix, "w"), f);
            self.b.visit_params(&join_name(prefix, "b"), f);
        }
        fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
            self.w.visit_params_mut(&join_name(prefix, "w"), f);
            self.b.visit_params_mut(&join_name(prefix, "b"), f);
        }
    }

    fn pair() -> Pair {
        Pair {
            w: Tensor::from_vec(vec![1.0, 2.0])
                .unwrap()
                .requires_grad_(true),
            b: vec![
                DynTensor::from_vec(vec![0.5f64], &[1])
                    .unwrap()
                    .requires_grad_(true)
                    .unwrap(),
            ],
        }
    }

    #[test]
    fn parameters_are_visited_by_name_in_order() {
        let m = pair();
        let names: Vec<String> = m.named_parameters().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["w", "b.0"]);
        assert_eq!(m.num_parameters(), 3);
        assert!(m.parameters()[0].shares_storage(&DynTensor::from(m.w.inner().clone())));
    }

    #[test]
    fn mutable_visits_update_typed_parameters_in_place() {
        let mut m = pair();
        let before = m.w.inner().buffer().as_ptr();
        m.w.mul_scalar(3.0).sum().backward().unwrap();
        no_grad(|| {
            m.visit_params_mut("", &mut |_, p| {
                if let Some(g) = p.grad() {
                    p.sub_(&g).unwrap();
                }
            })
        });
        assert_eq!(m.w.to_vec(), vec![-2.0, -1.0]);
        assert_eq!(
            m.w.inner().buffer().as_ptr(),
            before,
            "no copy: the buffer was unshared"
        );
        assert!(
            m.w.requires_grad() && m.w.grad().is_some(),
            "the leaf keeps its state"
        );
        m.zero_grad();
        assert!(m.w.grad().is_none());
    }

    #[test]
    #[should_panic(expected = "the visitor changed the shape of `w`")]
    fn a_visitor_may_not_change_a_typed_shape() {
        let mut m = pair();
        m.visit_params_mut("", &mut |_, p| {
            *p = DynTensor::zeros(&[3], crate::DType::Float32).unwrap()
        });
    }
}
