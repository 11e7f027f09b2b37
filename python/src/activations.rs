//! Activations as `Tensor` methods and `rt.*` functions (`rt.nn.functional` re-exports
//! them under PyTorch's names, with its `inplace=` flags): relu, leaky_relu, sigmoid, tanh,
//! gelu, elu, selu, silu (and the original name swish), mish, softplus, softsign,
//! hardtanh, softmax, log_softmax, and the in-place forms the core has (`relu_`, ...).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rusttorch::{DynTensor, Gelu};

use crate::errors::IntoPyResult;
use crate::operators::{compute, tensor_arg};
use crate::tensor::PyTensor;

fn run(
    py: Python<'_>,
    t: &DynTensor,
    f: impl FnOnce(&DynTensor) -> rusttorch::Result<DynTensor> + Send,
) -> PyResult<PyTensor> {
    Ok(PyTensor::new(compute(py, t.numel(), || f(t)).py()?))
}

fn run_<'py>(
    slf: &Bound<'py, PyTensor>,
    f: impl FnOnce(&mut DynTensor) -> rusttorch::Result<()> + Send,
) -> PyResult<Bound<'py, PyTensor>> {
    let py = slf.py();
    slf.get()
        .with_mut(|t| {
            let n = t.numel();
            compute(py, n, || f(t))
        })
        .py()?;
    Ok(slf.clone())
}

/// Activations without arguments that have an in-place form.
macro_rules! simple {
    ($($name:ident, $name_:ident, $what:literal;)*) => {
        #[pymethods]
        impl PyTensor {
            $(
                #[doc = concat!("Returns ", $what, " elementwise (`torch.Tensor.", stringify!($name), "`).")]
                fn $name(&self, py: Python<'_>) -> PyResult<PyTensor> {
                    run(py, &self.get(), |t| t.$name())
                }
                #[doc = concat!("Applies ", $what, " in place (`torch.Tensor.", stringify!($name_), "`) and returns this tensor.")]
                fn $name_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, Self>> {
                    run_(slf, |t| t.$name_())
                }
            )*
        }
        mod simple_fns {
            use super::*;
            $(
                #[doc = concat!("`rt.", stringify!($name), "(input)`: ", $what, " elementwise (`torch.nn.functional.", stringify!($name), "`).")]
                #[pyfunction]
                pub(super) fn $name(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
                    run(py, &tensor_arg(stringify!($name), input)?, |t| t.$name())
                }
                #[doc = concat!("`rt.", stringify!($name_), "(input)`: ", $what, " in place; returns `input`.")]
                #[pyfunction]
                pub(super) fn $name_<'py>(input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTensor>> {
                    let t = input.cast::<PyTensor>().map_err(|_| {
                        crate::errors::type_error(stringify!($name_), "a Tensor", input)
                    })?;
                    run_(t, |t| t.$name_())
                }
            )*
            pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
                $(
                    m.add_function(wrap_pyfunction!($name, m)?)?;
                    m.add_function(wrap_pyfunction!($name_, m)?)?;
                )*
                Ok(())
            }
        }
    };
}

simple! {
    relu, relu_, "the rectified linear unit `max(x, 0)`";
    sigmoid, sigmoid_, "the logistic sigmoid `1 / (1 + e^-x)`";
    tanh, tanh_, "the hyperbolic tangent";
    selu, selu_, "the scaled ELU `scale * (max(0, x) + min(0, alpha (e^x - 1)))` with PyTorch's constants";
    silu, silu_, "the SiLU (swish) `x * sigmoid(x)`";
    mish, mish_, "the Mish `x * tanh(softplus(x))`";
}

fn gelu_mode(approximate: &str) -> PyResult<Gelu> {
    match approximate {
        "none" => Ok(Gelu::None),
        "tanh" => Ok(Gelu::Tanh),
        other => Err(PyValueError::new_err(format!(
            "gelu: approximate must be 'none' or 'tanh', got '{other}'"
        ))),
    }
}

fn hardtanh_bounds(min_val: f64, max_val: f64) -> PyResult<()> {
    if min_val > max_val {
        return Err(PyValueError::new_err(format!(
            "hardtanh: min_val ({min_val}) cannot be greater than max_val ({max_val})"
        )));
    }
    Ok(())
}

#[pymethods]
impl PyTensor {
    /// Returns `x` where `x > 0`, else `negative_slope * x` (`torch.nn.functional.leaky_relu`).
    #[pyo3(signature = (negative_slope = 0.01))]
    fn leaky_relu(&self, py: Python<'_>, negative_slope: f64) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.leaky_relu(negative_slope))
    }
    /// Applies `leaky_relu` in place and returns this tensor.
    #[pyo3(signature = (negative_slope = 0.01))]
    fn leaky_relu_<'py>(slf: &Bound<'py, Self>, negative_slope: f64) -> PyResult<Bound<'py, Self>> {
        run_(slf, |t| t.leaky_relu_(negative_slope))
    }
    /// Returns the GELU `x * Phi(x)` (`torch.nn.functional.gelu`): the exact erf form, or
    /// the tanh approximation with `approximate='tanh'`.
    #[pyo3(signature = (approximate = "none"))]
    fn gelu(&self, py: Python<'_>, approximate: &str) -> PyResult<PyTensor> {
        let mode = gelu_mode(approximate)?;
        run(py, &self.get(), |t| t.gelu(mode))
    }
    /// Returns the ELU `x` where `x > 0`, else `alpha * (e^x - 1)`
    /// (`torch.nn.functional.elu`).
    #[pyo3(signature = (alpha = 1.0))]
    fn elu(&self, py: Python<'_>, alpha: f64) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.elu(alpha))
    }
    /// Applies `elu` in place and returns this tensor.
    #[pyo3(signature = (alpha = 1.0))]
    fn elu_<'py>(slf: &Bound<'py, Self>, alpha: f64) -> PyResult<Bound<'py, Self>> {
        run_(slf, |t| t.elu_(alpha))
    }
    /// Returns the SiLU `x * sigmoid(x)` under the original RustTorch name.
    fn swish(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.swish())
    }
    /// Returns the softplus `log(1 + e^(beta x)) / beta`, or `x` where `beta x > threshold`
    /// (`torch.nn.functional.softplus`).
    #[pyo3(signature = (beta = 1.0, threshold = 20.0))]
    fn softplus(&self, py: Python<'_>, beta: f64, threshold: f64) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.softplus(beta, threshold))
    }
    /// Returns the softsign `x / (1 + |x|)` (`torch.nn.functional.softsign`).
    fn softsign(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.softsign())
    }
    /// Returns `x` clamped to `[min_val, max_val]` (`torch.nn.functional.hardtanh`).
    #[pyo3(signature = (min_val = -1.0, max_val = 1.0))]
    fn hardtanh(&self, py: Python<'_>, min_val: f64, max_val: f64) -> PyResult<PyTensor> {
        hardtanh_bounds(min_val, max_val)?;
        run(py, &self.get(), |t| t.clamp(Some(min_val), Some(max_val)))
    }
    /// Applies `hardtanh` in place and returns this tensor.
    #[pyo3(signature = (min_val = -1.0, max_val = 1.0))]
    fn hardtanh_<'py>(
        slf: &Bound<'py, Self>,
        min_val: f64,
        max_val: f64,
    ) -> PyResult<Bound<'py, Self>> {
        hardtanh_bounds(min_val, max_val)?;
        run_(slf, |t| t.clamp_(Some(min_val), Some(max_val)))
    }
    /// Returns the softmax along `dim`, `e^x / sum(e^x)` computed stably
    /// (`torch.Tensor.softmax`).
    fn softmax(&self, py: Python<'_>, dim: isize) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.softmax(dim))
    }
    /// Returns the log of the softmax along `dim`, computed stably
    /// (`torch.Tensor.log_softmax`).
    fn log_softmax(&self, py: Python<'_>, dim: isize) -> PyResult<PyTensor> {
        run(py, &self.get(), |t| t.log_softmax(dim))
    }
}

/// `rt.leaky_relu(input, negative_slope=0.01)`: `x` where `x > 0`, else
/// `negative_slope * x` (`torch.nn.functional.leaky_relu`).
#[pyfunction]
#[pyo3(signature = (input, negative_slope = 0.01))]
fn leaky_relu(py: Python<'_>, input: &Bound<'_, PyAny>, negative_slope: f64) -> PyResult<PyTensor> {
    run(py, &tensor_arg("leaky_relu", input)?, |t| {
        t.leaky_relu(negative_slope)
    })
}

/// `rt.gelu(input, approximate='none')`: the GELU `x * Phi(x)`, exact or with the tanh
/// approximation (`torch.nn.functional.gelu`).
#[pyfunction]
#[pyo3(signature = (input, approximate = "none"))]
fn gelu(py: Python<'_>, input: &Bound<'_, PyAny>, approximate: &str) -> PyResult<PyTensor> {
    let t = tensor_arg("gelu", input)?;
    let mode = gelu_mode(approximate)?;
    run(py, &t, |t| t.gelu(mode))
}

/// `rt.elu(input, alpha=1.0)`: `x` where `x > 0`, else `alpha * (e^x - 1)`
/// (`torch.nn.functional.elu`).
#[pyfunction]
#[pyo3(signature = (input, alpha = 1.0))]
fn elu(py: Python<'_>, input: &Bound<'_, PyAny>, alpha: f64) -> PyResult<PyTensor> {
    run(py, &tensor_arg("elu", input)?, |t| t.elu(alpha))
}

/// `rt.swish(input)`: the SiLU `x * sigmoid(x)` under the original RustTorch name.
#[pyfunction]
fn swish(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    run(py, &tensor_arg("swish", input)?, |t| t.swish())
}

/// `rt.softplus(input, beta=1.0, threshold=20.0)`: `log(1 + e^(beta x)) / beta`, or `x`
/// where `beta x > threshold` (`torch.nn.functional.softplus`).
#[pyfunction]
#[pyo3(signature = (input, beta = 1.0, threshold = 20.0))]
fn softplus(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    beta: f64,
    threshold: f64,
) -> PyResult<PyTensor> {
    run(py, &tensor_arg("softplus", input)?, |t| {
        t.softplus(beta, threshold)
    })
}

/// `rt.softsign(input)`: `x / (1 + |x|)` (`torch.nn.functional.softsign`).
#[pyfunction]
fn softsign(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    run(py, &tensor_arg("softsign", input)?, |t| t.softsign())
}

/// `rt.hardtanh(input, min_val=-1.0, max_val=1.0)`: `x` clamped to `[min_val, max_val]`
/// (`torch.nn.functional.hardtanh`).
#[pyfunction]
#[pyo3(signature = (input, min_val = -1.0, max_val = 1.0))]
fn hardtanh(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    min_val: f64,
    max_val: f64,
) -> PyResult<PyTensor> {
    let t = tensor_arg("hardtanh", input)?;
    hardtanh_bounds(min_val, max_val)?;
    run(py, &t, |t| t.clamp(Some(min_val), Some(max_val)))
}

/// `rt.softmax(input, dim=-1)`: `e^x / sum(e^x)` along `dim`, computed stably
/// (`torch.softmax`; the default `dim=-1` is the original API's, PyTorch requires `dim`).
#[pyfunction]
#[pyo3(signature = (input, dim = -1))]
fn softmax(py: Python<'_>, input: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    run(py, &tensor_arg("softmax", input)?, |t| t.softmax(dim))
}

/// `rt.log_softmax(input, dim=-1)`: the log of the softmax along `dim`, computed stably
/// (`torch.log_softmax`).
#[pyfunction]
#[pyo3(signature = (input, dim = -1))]
fn log_softmax(py: Python<'_>, input: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    run(py, &tensor_arg("log_softmax", input)?, |t| {
        t.log_softmax(dim)
    })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    simple_fns::register(m)?;
    for f in [
        wrap_pyfunction!(leaky_relu, m)?,
        wrap_pyfunction!(gelu, m)?,
        wrap_pyfunction!(elu, m)?,
        wrap_pyfunction!(swish, m)?,
        wrap_pyfunction!(softplus, m)?,
        wrap_pyfunction!(softsign, m)?,
        wrap_pyfunction!(hardtanh, m)?,
        wrap_pyfunction!(softmax, m)?,
        wrap_pyfunction!(log_softmax, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
