//! [`Dropout`]: zeroes elements at random while training (`torch.nn.Dropout`).

use std::sync::Mutex;

use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::nn::Layer;
use crate::ops::binary::{self, Mul};
use crate::ops::creation::Generator;
use crate::tensor_impl::TensorImpl;

/// Checks a dropout probability: `p` must lie in `[0, 1)`.
pub(crate) fn check_p(p: f64) -> Result<()> {
    if (0.0..1.0).contains(&p) {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            op: "Dropout::new",
            arg: "p",
            reason: format!("dropout probability has to be in [0, 1), got {p}"),
        })
    }
}

/// Dropout on a typed tensor in training mode: the kernel both faces share. Every element
/// is kept with probability `1 - p` and scaled by `1 / (1 - p)`, or zeroed; the mask is
/// drawn from `generator` in row-major order and applied with a recorded `mul`, so the
/// gradient is the same mask.
pub(crate) fn dropout<T: Float>(
    x: &TensorImpl<T>,
    p: f64,
    generator: &Mutex<Generator>,
) -> Result<TensorImpl<T>> {
    let numel = x.dims().iter().product::<usize>();
    let scale = T::from_f64(1.0 / (1.0 - p));
    let mask: Vec<T> = {
        let mut g = generator.lock().unwrap_or_else(|e| e.into_inner());
        (0..numel)
            .map(|_| if g.uniform() < p { T::ZERO } else { scale })
            .collect()
    };
    let mask = TensorImpl::from_vec(mask, x.dims(), "dropout")?;
    binary::apply::<Mul, T>(x, &mask)
}

/// Dropout (`torch.nn.Dropout(p)`): in training mode (the default) each element is zeroed
/// with probability `p` and the others are scaled by `1 / (1 - p)`, so the expected value is
/// unchanged; in evaluation mode ([`crate::nn::Module::eval`]) it is the identity.
///
/// The masks come from the layer's own generator seeded at construction, so a run repeats
/// exactly.
///
/// # Examples
/// ```
/// use rusttorch::{DType, DynTensor, nn::{Dropout, Module}};
/// let mut d = Dropout::new(0.5, 42)?;
/// let x = DynTensor::ones(&[1000], DType::Float32)?;
/// let y = d.forward(&x)?.to_vec::<f32>()?;
/// assert!(y.iter().all(|&v| v == 0.0 || v == 2.0));
/// d.eval();
/// assert_eq!(d.forward(&x)?.to_vec::<f32>()?, vec![1.0; 1000]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
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
    /// [`Error::InvalidArgument`] unless `0 <= p < 1`.
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

    /// Returns `x` with dropout applied in training mode (a new tensor, recorded for
    /// autograd as a product with the mask), or `x` itself in evaluation mode or for
    /// `p = 0`.
    ///
    /// # Errors
    /// [`Error::DType`] for an integer or bool `x` in training mode.
    pub fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        if !self.training || self.p == 0.0 {
            return Ok(x.clone());
        }
        match x.data() {
            Data::Float32(t) => Ok(dropout(t, self.p, &self.generator)?.into()),
            Data::Float64(t) => Ok(dropout(t, self.p, &self.generator)?.into()),
            _ => Err(Error::dtype("dropout", "a floating-point", x.dtype())),
        }
    }
}

impl crate::nn::Module for Dropout {
    fn visit_params(&self, _prefix: &str, _f: &mut dyn FnMut(&str, &DynTensor)) {}
    fn visit_params_mut(&mut self, _prefix: &str, _f: &mut dyn FnMut(&str, &mut DynTensor)) {}
    fn set_training(&mut self, training: bool) {
        self.training = training;
    }
}

impl Layer for Dropout {
    fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        Dropout::forward(self, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;
    use crate::nn::Module;

    #[test]
    fn p_outside_zero_one_is_an_error() {
        for p in [-0.1, 1.0, 1.5, f64::NAN, f64::INFINITY] {
            let err = Dropout::new(p, 0).unwrap_err();
            assert!(
                matches!(err, Error::InvalidArgument { arg: "p", .. }),
                "{p}"
            );
        }
        assert_eq!(
            Dropout::new(1.0, 0).unwrap_err().to_string(),
            "Dropout::new: invalid p: dropout probability has to be in [0, 1), got 1"
        );
        assert!(Dropout::new(0.0, 0).is_ok() && Dropout::new(0.999, 0).is_ok());
    }

    #[test]
    fn training_zeroes_a_fraction_p_and_scales_the_rest() {
        let d = Dropout::new(0.3, 1).unwrap();
        assert!(d.is_training());
        let n = 20_000;
        let x = DynTensor::arange(1.0, n as f64 + 1.0, 1.0, DType::Float64).unwrap();
        let y = d.forward(&x).unwrap().to_vec_f64();
        let mut zeros = 0;
        for (i, &v) in y.iter().enumerate() {
            if v == 0.0 {
                zeros += 1;
            } else {
                assert!((v - (i + 1) as f64 / 0.7).abs() < 1e-9, "{i}: {v}");
            }
        }
        // Binomial(20000, 0.3): sd = sqrt(20000 * 0.21) ~ 65; allow 5 sd.
        assert!((zeros as f64 - 6000.0).abs() < 325.0, "{zeros}");
        // The mean of ones is kept in expectation.
        let ones = DynTensor::ones(&[n], DType::Float32).unwrap();
        let m = d
            .forward(&ones)
            .unwrap()
            .mean()
            .unwrap()
            .item::<f32>()
            .unwrap();
        assert!((m - 1.0).abs() < 0.03, "{m}");
    }

    #[test]
    fn masks_repeat_with_the_seed_and_change_between_calls() {
        let x = DynTensor::ones(&[4, 64], DType::Float32).unwrap();
        let (a, b) = (Dropout::new(0.5, 9).unwrap(), Dropout::new(0.5, 9).unwrap());
        let (a1, a2) = (
            a.forward(&x).unwrap().to_vec_f64(),
            a.forward(&x).unwrap().to_vec_f64(),
        );
        assert_eq!(a1, b.forward(&x).unwrap().to_vec_f64());
        assert_eq!(a2, b.forward(&x).unwrap().to_vec_f64());
        assert_ne!(a1, a2);
        let c = Dropout::new(0.5, 10).unwrap();
        assert_ne!(a1, c.forward(&x).unwrap().to_vec_f64());
        // A transposed view keeps its logical order: the mask follows the output's order.
        let t = DynTensor::arange(0.0, 6.0, 1.0, DType::Float32)
            .unwrap()
            .reshape(&[2, 3])
            .unwrap();
        let y = Dropout::new(0.5, 3)
            .unwrap()
            .forward(&t.t().unwrap())
            .unwrap();
        let m = Dropout::new(0.5, 3)
            .unwrap()
            .forward(&DynTensor::ones(&[3, 2], DType::Float32).unwrap())
            .unwrap();
        assert_eq!(y.to_vec_f64(), t.t().unwrap().mul(&m).unwrap().to_vec_f64());
    }

    #[test]
    fn eval_mode_and_p_zero_are_the_identity() {
        let mut d = Dropout::new(0.9, 0).unwrap();
        let x = DynTensor::from_vec(vec![1.0f32, -2.0, 3.0], &[3]).unwrap();
        d.eval();
        assert!(!d.is_training());
        let y = d.forward(&x).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.to_vec::<f32>().unwrap(), vec![1.0, -2.0, 3.0]);
        // Integers pass in eval mode and are refused in training mode, as in PyTorch.
        let i = DynTensor::from_vec(vec![1i64, 2], &[2]).unwrap();
        assert_eq!(d.forward(&i).unwrap().to_vec::<i64>().unwrap(), vec![1, 2]);
        d.train();
        assert_eq!(
            d.forward(&i).unwrap_err().to_string(),
            "dropout: expected a floating-point tensor, got int64"
        );
        let z = Dropout::new(0.0, 0).unwrap();
        assert_eq!(
            z.forward(&x).unwrap().to_vec::<f32>().unwrap(),
            vec![1.0, -2.0, 3.0]
        );
        assert_eq!(z.num_parameters(), 0);
        // Empty input.
        let e = DynTensor::zeros(&[0, 4], DType::Float32).unwrap();
        assert_eq!(d.forward(&e).unwrap().shape(), &[0, 4]);
    }

    #[test]
    fn the_gradient_is_the_mask() {
        let d = Dropout::new(0.5, 5).unwrap();
        let x = DynTensor::ones(&[32], DType::Float64)
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        let y = d.forward(&x).unwrap();
        y.sum().unwrap().backward().unwrap();
        assert_eq!(x.grad().unwrap().to_vec_f64(), y.to_vec_f64());
        assert!(y.to_vec_f64().contains(&0.0));
    }
}
