//! `rt.save(state_dict, path)` and `rt.load(path)`: a dict of named tensors to and from a
//! safetensors file, through the core's `nn::save_safetensors` and
//! `nn::read_safetensors`, so files move between rusttorch (Rust or Python) and
//! `safetensors.torch`.

use std::path::PathBuf;

use pyo3::exceptions::PyFileNotFoundError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping};
use rusttorch::DynTensor;
use rusttorch::nn::{Module, join_name, read_safetensors, save_safetensors};

use crate::errors::{IntoPyResult, type_error};
use crate::tensor::PyTensor;

/// Named tensors as a core [`Module`], for `save_safetensors`.
struct Named(Vec<(String, DynTensor)>);

impl Module for Named {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        for (name, t) in &self.0 {
            f(&join_name(prefix, name), t);
        }
    }

    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        for (name, t) in &mut self.0 {
            f(&join_name(prefix, name), t);
        }
    }
}

/// Saves a dict of named tensors (a `state_dict()`) to the safetensors file `f`
/// (`torch.save` for state dicts; the format is safetensors, not pickle).
///
/// Each tensor is stored with its shape and dtype; an existing file is replaced.
/// TypeError unless `obj` maps strings to Tensors; FileNotFoundError if the directory
/// does not exist; ValueError if the file cannot be written.
#[pyfunction]
fn save(py: Python<'_>, obj: &Bound<'_, PyAny>, f: PathBuf) -> PyResult<()> {
    let map = obj
        .cast::<PyMapping>()
        .map_err(|_| type_error("save", "a dict of name -> Tensor", obj))?;
    let mut named = Vec::new();
    for item in map.items()?.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let name: String = k
            .extract()
            .map_err(|_| type_error("save", "string keys", &k))?;
        let t = v
            .cast::<PyTensor>()
            .map_err(|_| type_error("save", &format!("a Tensor for key {name:?}"), &v))?;
        named.push((name, t.get().get()));
    }
    if let Some(dir) = f.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(PyFileNotFoundError::new_err(format!(
            "save: the directory `{}` does not exist",
            dir.display()
        )));
    }
    let model = Named(named);
    py.detach(|| save_safetensors(&model, &f)).py()
}

/// Loads the dict of named tensors saved by `rt.save` (or any safetensors file with
/// bool, int32, int64, float32 or float64 tensors) from `f`, sorted by name
/// (`torch.load` for state dicts). Feed it to `Module.load_state_dict`.
///
/// FileNotFoundError (an OSError) if the file does not exist; ValueError naming the file
/// and the problem if it is truncated, not a safetensors file, or holds another dtype.
#[pyfunction]
fn load<'py>(py: Python<'py>, f: PathBuf) -> PyResult<Bound<'py, PyDict>> {
    std::fs::metadata(&f).map_err(|e| {
        let err = PyErr::from(e);
        let msg = format!("load: cannot open `{}`: {}", f.display(), err.value(py));
        match err.get_type(py).call1((msg,)) {
            Ok(v) => PyErr::from_value(v),
            Err(e) => e,
        }
    })?;
    let tensors = py.detach(|| read_safetensors(&f)).py()?;
    let out = PyDict::new(py);
    for (name, t) in tensors {
        out.set_item(name, PyTensor::new(t))?;
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(save, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    Ok(())
}
