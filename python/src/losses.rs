//! Losses as `rt.*` functions (`rt.nn.functional` re-exports them under PyTorch's names):
//! mse_loss, l1_loss, smooth_l1_loss, binary_cross_entropy,
//! binary_cross_entropy_with_logits, cross_entropy (class-index or probability targets)
//! and nll_loss, each with `reduction='mean'|'sum'|'none'`. A reduced loss is a 0-d
//! tensor that `float()` converts and autograd flows through.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rusttorch::DynTensor;
use rusttorch::loss::{self, Reduction};

use crate::errors::IntoPyResult;
use crate::operators::{compute, tensor_arg};
use crate::tensor::PyTensor;

fn reduction_arg(op: &str, reduction: &str) -> PyResult<Reduction> {
    match reduction {
        "mean" => Ok(Reduction::Mean),
        "sum" => Ok(Reduction::Sum),
        "none" => Ok(Reduction::None),
        other => Err(PyValueError::new_err(format!(
            "{op}: reduction must be 'mean', 'sum' or 'none', got '{other}'"
        ))),
    }
}

/// Runs loss `f` on the tensors `input` and `target`.
fn run(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
    f: impl FnOnce(&DynTensor, &DynTensor, Reduction) -> rusttorch::Result<DynTensor> + Send,
) -> PyResult<PyTensor> {
    let (x, y) = (tensor_arg(op, input)?, tensor_arg(op, target)?);
    let r = reduction_arg(op, reduction)?;
    Ok(PyTensor::new(compute(py, x.numel(), || f(&x, &y, r)).py()?))
}

/// `rt.mse_loss(input, target, reduction='mean')`: the squared error `(input - target)^2`,
/// reduced (`torch.nn.functional.mse_loss`).
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean"))]
fn mse_loss(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
) -> PyResult<PyTensor> {
    run(py, "mse_loss", input, target, reduction, loss::mse_loss)
}

/// `rt.l1_loss(input, target, reduction='mean')`: the absolute error `|input - target|`,
/// reduced (`torch.nn.functional.l1_loss`).
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean"))]
fn l1_loss(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
) -> PyResult<PyTensor> {
    run(py, "l1_loss", input, target, reduction, loss::l1_loss)
}

/// `rt.smooth_l1_loss(input, target, reduction='mean', beta=1.0)`: `0.5 d^2 / beta` where
/// `|d| < beta`, else `|d| - 0.5 beta`, for `d = input - target`, reduced
/// (`torch.nn.functional.smooth_l1_loss`; `beta=0` is the L1 loss).
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean", beta = 1.0))]
fn smooth_l1_loss(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
    beta: f64,
) -> PyResult<PyTensor> {
    run(py, "smooth_l1_loss", input, target, reduction, |x, y, r| {
        loss::smooth_l1_loss(x, y, r, beta)
    })
}

/// `rt.binary_cross_entropy(input, target, reduction='mean')`: `-(t ln p + (1 - t)
/// ln(1 - p))` for probabilities `input`, each log clamped at -100 as PyTorch does,
/// reduced (`torch.nn.functional.binary_cross_entropy`).
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean"))]
fn binary_cross_entropy(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
) -> PyResult<PyTensor> {
    run(
        py,
        "binary_cross_entropy",
        input,
        target,
        reduction,
        loss::binary_cross_entropy,
    )
}

/// `rt.binary_cross_entropy_with_logits(input, target, reduction='mean')`: the binary
/// cross entropy of `sigmoid(input)`, computed stably from the logits
/// (`torch.nn.functional.binary_cross_entropy_with_logits`).
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean"))]
fn binary_cross_entropy_with_logits(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
) -> PyResult<PyTensor> {
    run(
        py,
        "binary_cross_entropy_with_logits",
        input,
        target,
        reduction,
        loss::binary_cross_entropy_with_logits,
    )
}

/// `rt.cross_entropy(input, target, reduction='mean')`: `log_softmax` of the logits
/// `input` (`(N, C)` or `(C,)`) then the negative log likelihood of the class-index
/// `target` (int), or `-sum(target * log_softmax(input))` per sample for probability
/// targets (float, same shape) (`torch.nn.functional.cross_entropy`). The mean is over
/// samples.
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean"))]
fn cross_entropy(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
) -> PyResult<PyTensor> {
    run(
        py,
        "cross_entropy",
        input,
        target,
        reduction,
        loss::cross_entropy,
    )
}

/// `rt.nll_loss(input, target, reduction='mean')`: `-input[i, target[i]]` per sample for
/// log-probabilities `input` `(N, C)` and class indices `target`, reduced
/// (`torch.nn.functional.nll_loss`).
#[pyfunction]
#[pyo3(signature = (input, target, reduction = "mean"))]
fn nll_loss(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    reduction: &str,
) -> PyResult<PyTensor> {
    run(py, "nll_loss", input, target, reduction, loss::nll_loss)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(mse_loss, m)?,
        wrap_pyfunction!(l1_loss, m)?,
        wrap_pyfunction!(smooth_l1_loss, m)?,
        wrap_pyfunction!(binary_cross_entropy, m)?,
        wrap_pyfunction!(binary_cross_entropy_with_logits, m)?,
        wrap_pyfunction!(cross_entropy, m)?,
        wrap_pyfunction!(nll_loss, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
