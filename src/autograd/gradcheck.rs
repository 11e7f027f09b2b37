//! Checking autograd against central finite differences (`torch.autograd.gradcheck`).

use super::no_grad;
use crate::dtype::DType;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

/// Checks the gradients autograd computes for `f` at `inputs` against central finite
/// differences, in `f64`.
///
/// The inputs are copied to `f64` leaves that require grad. The output is reduced to a
/// scalar with fixed, unequal weights (so errors cannot cancel), back-propagated, and each
/// input element's gradient is compared with `(s(x + eps) - s(x - eps)) / 2 eps`: they must
/// agree within `atol + rtol * |numeric|`. `f` may build views (transposes, broadcasts) of
/// its inputs, so non-contiguous paths are checked too.
///
/// ```
/// use rusttorch::DynTensor;
/// use rusttorch::autograd::gradcheck;
/// let x = DynTensor::from_vec(vec![0.5f64, -1.0, 2.0], &[3])?;
/// gradcheck(|v| v[0].mul(&v[0]), &[x], 1e-6, 1e-8, 1e-6)?;
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::Autograd`] naming the input, the element and both values on the first
/// disagreement; `f`'s error if it fails.
pub fn gradcheck(
    f: impl Fn(&[DynTensor]) -> Result<DynTensor>,
    inputs: &[DynTensor],
    eps: f64,
    atol: f64,
    rtol: f64,
) -> Result<()> {
    let leaves = inputs
        .iter()
        .map(|x| {
            x.to_dtype(DType::Float64)?
                .contiguous()?
                .detach()
                .requires_grad_(true)
        })
        .collect::<Result<Vec<_>>>()?;
    let out = f(&leaves)?;
    let weights = weights(out.numel(), out.shape())?;
    out.mul(&weights)?.sum()?.backward()?;

    let value = |xs: &[DynTensor]| -> Result<f64> {
        no_grad(|| {
            Ok(f(xs)?
                .to_dtype(DType::Float64)?
                .mul(&weights)?
                .sum()?
                .to_vec::<f64>()?[0])
        })
    };
    for (i, leaf) in leaves.iter().enumerate() {
        let analytic = match leaf.grad() {
            Some(g) => g.to_vec::<f64>()?,
            None => vec![0.0; leaf.numel()],
        };
        let base = leaf.to_vec::<f64>()?;
        for j in 0..base.len() {
            let at = |delta: f64| -> Result<f64> {
                let mut v = base.clone();
                v[j] += delta;
                let mut xs: Vec<DynTensor> = leaves.iter().map(DynTensor::detach).collect();
                xs[i] = DynTensor::from_vec(v, leaf.shape())?;
                value(&xs)
            };
            let numeric = (at(eps)? - at(-eps)?) / (2.0 * eps);
            let a = analytic[j];
            let close = (a - numeric).abs() <= atol + rtol * numeric.abs();
            if !close {
                return Err(Error::Autograd {
                    op: "gradcheck",
                    reason: format!(
                        "input {i} (shape {:?}), element {j}: autograd gives {a}, finite \
                         differences give {numeric}",
                        leaf.shape()
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Fixed weights in [0.5, 1.5), all different, in the output's shape.
fn weights(n: usize, shape: &[usize]) -> Result<DynTensor> {
    let w = (0..n)
        .map(|k| 0.5 + ((k as f64 + 1.0) * 0.618_033_988_75).fract())
        .collect();
    DynTensor::from_vec(w, shape)
}
