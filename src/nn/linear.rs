//! [`Linear`]: the affine layer `y = x @ W^T + b` (`torch.nn.Linear`).

use crate::dtype::{DType, Float};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::nn::{Layer, Module, join_name};
use crate::ops::creation::Generator;

/// PyTorch's default initialisation bound for a layer with `fan_in` inputs: weight and
/// bias are drawn from `U(-1/sqrt(fan_in), 1/sqrt(fan_in))` (`kaiming_uniform_` with
/// `a = sqrt(5)` for the weight), and a layer without inputs gets bound 0.
pub(crate) fn init_bound(fan_in: usize) -> f64 {
    if fan_in == 0 {
        0.0
    } else {
        1.0 / (fan_in as f64).sqrt()
    }
}

/// `n` samples of `U(-bound, bound)` drawn from `generator` in order.
pub(crate) fn uniform_values<T: Float>(n: usize, bound: f64, generator: &mut Generator) -> Vec<T> {
    (0..n)
        .map(|_| T::from_f64((2.0 * generator.uniform() - 1.0) * bound))
        .collect()
}

/// [`uniform_values`] for a size from the user: an error instead of an abort when the
/// values cannot be allocated.
fn try_uniform_values<T: Float>(
    op: &'static str,
    n: usize,
    bound: f64,
    generator: &mut Generator,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(n).map_err(|_| Error::Alloc {
        op,
        bytes: n.saturating_mul(std::mem::size_of::<T>()),
    })?;
    out.extend((0..n).map(|_| T::from_f64((2.0 * generator.uniform() - 1.0) * bound)));
    Ok(out)
}

/// A fully connected layer, `y = x @ weight^T + bias` (`torch.nn.Linear`).
///
/// `weight` has shape `(out_features, in_features)` and `bias` shape `(out_features)`; both
/// require grad. The input has shape `(*, in_features)` (any number of leading dims, or
/// none) and the output `(*, out_features)`.
///
/// # Examples
/// ```
/// use rusttorch::{DType, DynTensor, Generator, nn::{Linear, Module}};
/// let layer = Linear::new(3, 2, true, &mut Generator::new(0))?;
/// let y = layer.forward(&DynTensor::ones(&[4, 3], DType::Float32)?)?;
/// assert_eq!(y.shape(), &[4, 2]);
/// assert_eq!(layer.num_parameters(), 3 * 2 + 2);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Linear {
    /// The weight, `(out_features, in_features)`.
    pub weight: DynTensor,
    /// The bias, `(out_features)`, if the layer has one.
    pub bias: Option<DynTensor>,
}

impl Linear {
    /// A `float32` layer from `in_features` to `out_features` with PyTorch's default
    /// initialisation drawn from `generator`: weight, then bias, from
    /// `U(-1/sqrt(in_features), 1/sqrt(in_features))`.
    ///
    /// # Errors
    /// [`Error::Overflow`] or [`Error::Alloc`] if the weight is too large.
    pub fn new(
        in_features: usize,
        out_features: usize,
        bias: bool,
        generator: &mut Generator,
    ) -> Result<Linear> {
        Linear::with_dtype(in_features, out_features, bias, DType::Float32, generator)
    }

    /// As [`Linear::new`], with parameters of the float `dtype`.
    ///
    /// # Errors
    /// [`Error::DType`] if `dtype` is not a float type; as [`Linear::new`] otherwise.
    pub fn with_dtype(
        in_features: usize,
        out_features: usize,
        bias: bool,
        dtype: DType,
        generator: &mut Generator,
    ) -> Result<Linear> {
        const OP: &str = "Linear::new";
        let bound = init_bound(in_features);
        let numel = in_features
            .checked_mul(out_features)
            .ok_or_else(|| Error::Overflow {
                op: OP,
                shape: [out_features, in_features][..].into(),
            })?;
        let make = |n: usize, shape: &[usize], g: &mut Generator| -> Result<DynTensor> {
            match dtype {
                DType::Float32 => {
                    DynTensor::from_vec(try_uniform_values::<f32>(OP, n, bound, g)?, shape)
                }
                DType::Float64 => {
                    DynTensor::from_vec(try_uniform_values::<f64>(OP, n, bound, g)?, shape)
                }
                other => Err(Error::dtype(OP, "a floating-point", other)),
            }?
            .requires_grad_(true)
        };
        let weight = make(numel, &[out_features, in_features], generator)?;
        let bias = if bias {
            Some(make(out_features, &[out_features], generator)?)
        } else {
            None
        };
        Ok(Linear { weight, bias })
    }

    /// A layer with the given parameters (used as they are: they keep their
    /// `requires_grad`).
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] unless `weight` is 2-D and `bias` (if any) is 1-D with
    /// `weight.shape()[0]` elements; [`Error::DType`] unless both have one float dtype.
    pub fn from_parameters(weight: DynTensor, bias: Option<DynTensor>) -> Result<Linear> {
        const OP: &str = "Linear::from_parameters";
        if !weight.dtype().is_float() {
            return Err(Error::dtype(OP, "a floating-point", weight.dtype()));
        }
        if weight.ndim() != 2 {
            return Err(Error::mismatch(
                OP,
                weight.shape(),
                bias.as_ref().map_or(&[][..], |b| b.shape()),
                "the weight must be 2-D (out_features, in_features)",
            ));
        }
        if let Some(b) = &bias {
            if b.shape() != [weight.shape()[0]] {
                return Err(Error::mismatch(
                    OP,
                    weight.shape(),
                    b.shape(),
                    "the bias must be 1-D with out_features elements",
                ));
            }
            if b.dtype() != weight.dtype() {
                return Err(Error::dtype(OP, weight.dtype().name(), b.dtype()));
            }
        }
        Ok(Linear { weight, bias })
    }

    /// The input size, `weight.shape()[1]`.
    pub fn in_features(&self) -> usize {
        self.weight.shape()[1]
    }

    /// The output size, `weight.shape()[0]`.
    pub fn out_features(&self) -> usize {
        self.weight.shape()[0]
    }

    /// Returns `x @ weight^T + bias` for `x` of shape `(*, in_features)`: shape
    /// `(*, out_features)`. Recorded for autograd through `matmul`, `t` and `add`.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if `x` is 0-d or its last dim is not `in_features`;
    /// [`Error::DType`] if `x`'s dtype is not the weight's (PyTorch does not promote here
    /// either).
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        const OP: &str = "linear";
        if x.dtype() != self.weight.dtype() {
            return Err(Error::dtype(OP, self.weight.dtype().name(), x.dtype()));
        }
        if x.shape().last() != Some(&self.in_features()) {
            return Err(Error::mismatch(
                OP,
                x.shape(),
                self.weight.shape(),
                format!(
                    "the input's last dim must be in_features = {}",
                    self.in_features()
                ),
            ));
        }
        let y = x.matmul(&self.weight.t()?)?;
        match &self.bias {
            Some(b) => y.add(b),
            None => Ok(y),
        }
    }
}

impl Module for Linear {
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

impl Layer for Linear {
    fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        Linear::forward(self, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_too_large_to_allocate_is_an_error() {
        let mut g = Generator::new(0);
        for (i, o) in [(1 << 31, 1 << 31), (1 << 62, 1)] {
            let err = Linear::with_dtype(i, o, true, DType::Float64, &mut g).unwrap_err();
            assert!(
                matches!(err, Error::Alloc { .. } | Error::Overflow { .. }),
                "{err}"
            );
        }
        let a = Linear::new(3, 2, true, &mut Generator::new(5)).unwrap();
        let mut g = Generator::new(5);
        let want: Vec<f32> = uniform_values(6, init_bound(3), &mut g);
        assert_eq!(
            a.weight.to_vec::<f32>().unwrap(),
            want,
            "same stream as before"
        );
    }

    fn t(data: &[f32], shape: &[usize]) -> DynTensor {
        DynTensor::from_vec(data.to_vec(), shape).unwrap()
    }

    fn hand_made() -> Linear {
        // W = [[1, 2, 3], [-1, 0, 0.5]], b = [0.5, -1]
        Linear::from_parameters(
            t(&[1.0, 2.0, 3.0, -1.0, 0.0, 0.5], &[2, 3]),
            Some(t(&[0.5, -1.0], &[2])),
        )
        .unwrap()
    }

    #[test]
    fn forward_is_x_times_w_transposed_plus_b() {
        let l = hand_made();
        let x = t(&[1.0, 1.0, 1.0, 2.0, -1.0, 4.0], &[2, 3]);
        let y = l.forward(&x).unwrap();
        assert_eq!(y.shape(), &[2, 2]);
        // row 0: [1+2+3+0.5, -1+0+0.5-1]; row 1: [2-2+12+0.5, -2+0+2-1]
        assert_eq!(y.to_vec::<f32>().unwrap(), vec![6.5, -1.5, 12.5, -1.0]);
        // A 1-D input gives a 1-D output; leading batch dims pass through.
        let y1 = l.forward(&t(&[1.0, 1.0, 1.0], &[3])).unwrap();
        assert_eq!(y1.shape(), &[2]);
        assert_eq!(y1.to_vec::<f32>().unwrap(), vec![6.5, -1.5]);
        let x3 = x.reshape(&[2, 1, 3]).unwrap();
        let y3 = l.forward(&x3).unwrap();
        assert_eq!(y3.shape(), &[2, 1, 2]);
        assert_eq!(y3.to_vec::<f32>().unwrap(), vec![6.5, -1.5, 12.5, -1.0]);
        // A transposed (non-contiguous) input.
        let xt = t(&[1.0, 2.0, 1.0, -1.0, 1.0, 4.0], &[3, 2]).t().unwrap();
        assert_eq!(
            l.forward(&xt).unwrap().to_vec::<f32>().unwrap(),
            vec![6.5, -1.5, 12.5, -1.0]
        );
        // Without bias; an empty batch.
        let nb = Linear::from_parameters(l.weight.clone(), None).unwrap();
        assert_eq!(
            nb.forward(&x).unwrap().to_vec::<f32>().unwrap(),
            vec![6.0, -0.5, 12.0, 0.0]
        );
        let e = l.forward(&DynTensor::zeros(&[0, 3], DType::Float32).unwrap());
        assert_eq!(e.unwrap().shape(), &[0, 2]);
    }

    #[test]
    fn forward_rejects_bad_input() {
        let l = hand_made();
        let err = l.forward(&t(&[1.0, 2.0], &[1, 2])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "linear: shapes [1, 2] and [2, 3] do not match (the input's last dim must be in_features = 3)"
        );
        assert!(l.forward(&DynTensor::scalar(1.0f32)).is_err());
        let err = l
            .forward(&DynTensor::zeros(&[1, 3], DType::Float64).unwrap())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "linear: expected float32 tensor, got float64"
        );
        assert!(Linear::from_parameters(t(&[1.0], &[1]), None).is_err());
        assert!(
            Linear::from_parameters(t(&[1.0, 2.0], &[1, 2]), Some(t(&[1.0, 2.0], &[2]))).is_err()
        );
        assert!(Linear::with_dtype(2, 2, true, DType::Int64, &mut Generator::new(0)).is_err());
    }

    #[test]
    fn default_init_is_uniform_in_the_bound_and_seeded() {
        let l = Linear::new(16, 50, true, &mut Generator::new(7)).unwrap();
        assert_eq!(l.weight.shape(), &[50, 16]);
        assert_eq!(l.weight.dtype(), DType::Float32);
        assert!(l.weight.requires_grad() && l.weight.is_leaf());
        let bias = l.bias.as_ref().unwrap();
        assert_eq!(bias.shape(), &[50]);
        assert!(bias.requires_grad());
        let bound = 0.25; // 1 / sqrt(16)
        let w = l.weight.to_vec_f64();
        assert!(w.iter().all(|v| v.abs() <= bound));
        // Spread over the whole range: min and max near the bounds, mean near 0, variance
        // near bound^2 / 3 (800 samples).
        let (min, max) = w
            .iter()
            .fold((1.0f64, -1.0f64), |(a, b), &v| (a.min(v), b.max(v)));
        assert!(min < -0.24 && max > 0.24, "{min} {max}");
        let mean = w.iter().sum::<f64>() / w.len() as f64;
        let var = w.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / w.len() as f64;
        assert!(mean.abs() < 0.02, "{mean}");
        assert!((var - bound * bound / 3.0).abs() < 0.003, "{var}");
        assert!(bias.to_vec_f64().iter().all(|v| v.abs() <= bound));
        // The same seed gives the same layer; another seed another one.
        let again = Linear::new(16, 50, true, &mut Generator::new(7)).unwrap();
        assert_eq!(again.weight.to_vec_f64(), w);
        assert_eq!(again.bias.unwrap().to_vec_f64(), bias.to_vec_f64());
        let other = Linear::new(16, 50, true, &mut Generator::new(8)).unwrap();
        assert_ne!(other.weight.to_vec_f64(), w);
        // The weight is drawn first, then the bias, from one stream.
        let mut g = Generator::new(3);
        let l = Linear::with_dtype(4, 1, true, DType::Float64, &mut g).unwrap();
        let mut g2 = Generator::new(3);
        let want: Vec<f64> = (0..5).map(|_| (2.0 * g2.uniform() - 1.0) * 0.5).collect();
        assert_eq!(l.weight.to_vec_f64(), want[..4]);
        assert_eq!(l.bias.unwrap().to_vec_f64(), want[4..]);
        // No inputs: bound 0 (PyTorch's bias rule), an empty weight.
        let z = Linear::new(0, 3, true, &mut Generator::new(0)).unwrap();
        assert_eq!(z.weight.shape(), &[3, 0]);
        assert_eq!(z.bias.unwrap().to_vec_f64(), vec![0.0; 3]);
        let nb = Linear::new(3, 2, false, &mut Generator::new(0)).unwrap();
        assert!(nb.bias.is_none());
        assert_eq!(nb.named_parameters().len(), 1);
    }

    #[test]
    fn parameters_are_weight_then_bias() {
        let l = hand_made();
        let names: Vec<String> = l.named_parameters().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["weight", "bias"]);
        assert_eq!(l.num_parameters(), 8);
        let mut seen = Vec::new();
        let mut l = l;
        l.visit_params_mut("fc", &mut |n, _| seen.push(n.to_owned()));
        assert_eq!(seen, vec!["fc.weight", "fc.bias"]);
    }

    #[test]
    fn gradients_of_the_sum() {
        let l = hand_made();
        let l = Linear::from_parameters(
            l.weight.requires_grad_(true).unwrap(),
            l.bias.map(|b| b.requires_grad_(true).unwrap()),
        )
        .unwrap();
        let x = t(&[1.0, 1.0, 1.0, 2.0, -1.0, 4.0], &[2, 3])
            .requires_grad_(true)
            .unwrap();
        l.forward(&x).unwrap().sum().unwrap().backward().unwrap();
        // d(sum)/dW[o, i] = sum over the batch of x[:, i], for every o.
        assert_eq!(
            l.weight.grad().unwrap().to_vec::<f32>().unwrap(),
            vec![3.0, 0.0, 5.0, 3.0, 0.0, 5.0]
        );
        // d(sum)/db[o] = the batch size.
        assert_eq!(
            l.bias
                .as_ref()
                .unwrap()
                .grad()
                .unwrap()
                .to_vec::<f32>()
                .unwrap(),
            vec![2.0, 2.0]
        );
        // d(sum)/dx[n, i] = sum over o of W[o, i].
        assert_eq!(
            x.grad().unwrap().to_vec::<f32>().unwrap(),
            vec![0.0, 2.0, 3.5, 0.0, 2.0, 3.5]
        );
    }
}
