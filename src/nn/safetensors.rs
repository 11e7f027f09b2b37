//! Saving and loading a model's parameters in the
//! [safetensors](https://huggingface.co/docs/safetensors) format, named as PyTorch's
//! `state_dict` keys (`"fc1.weight"`), so weights move between rusttorch and
//! `safetensors.torch.load_file` / `save_file`.

use std::collections::HashSet;
use std::path::Path;

use ::safetensors::tensor::{Dtype, SafeTensors, TensorView, serialize_to_file};

use super::Module;
use crate::dtype::{DType, Element};
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::tensor_impl::TensorImpl;

const SAVE: &str = "save_safetensors";
const LOAD: &str = "load_safetensors";

/// An element stored little-endian in a safetensors file.
trait LeBytes: Element {
    const WIDTH: usize;
    fn push_le(self, out: &mut Vec<u8>);
    fn from_le(bytes: &[u8]) -> Self;
}

macro_rules! le_bytes {
    ($($t:ty),*) => {$(
        impl LeBytes for $t {
            const WIDTH: usize = std::mem::size_of::<$t>();
            fn push_le(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn from_le(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().expect("chunks of the element width"))
            }
        }
    )*};
}
le_bytes!(f32, f64, i32, i64);

impl LeBytes for bool {
    const WIDTH: usize = 1;
    fn push_le(self, out: &mut Vec<u8>) {
        out.push(u8::from(self));
    }
    fn from_le(bytes: &[u8]) -> Self {
        bytes[0] != 0
    }
}

/// The safetensors dtype of `d`.
fn file_dtype(d: DType) -> Dtype {
    match d {
        DType::Bool => Dtype::BOOL,
        DType::Int32 => Dtype::I32,
        DType::Int64 => Dtype::I64,
        DType::Float32 => Dtype::F32,
        DType::Float64 => Dtype::F64,
    }
}

/// The row-major little-endian bytes of `x`.
fn to_bytes<T: LeBytes>(x: &TensorImpl<T>) -> Vec<u8> {
    let values = x.to_vec();
    let mut out = Vec::with_capacity(values.len() * T::WIDTH);
    for v in values {
        v.push_le(&mut out);
    }
    out
}

/// An error naming `op` and the file.
fn file_error(op: &'static str, path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::invalid(op, "file", format!("`{}`: {reason}", path.display()))
}

/// Saves the parameters of `model` to the safetensors file `path`, each under its
/// [`Module`] name with its shape and dtype (`F32`, `F64`, `I32`, `I64` or `BOOL`), as
/// PyTorch's `save_file(model.state_dict(), path)` does. An existing file is replaced.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the file if two parameters share a name or the file
/// cannot be written.
pub fn save_safetensors(model: &dyn Module, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut named: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = Vec::new();
    let mut seen = HashSet::new();
    let mut duplicate = None;
    model.visit_params("", &mut |name, p| {
        if !seen.insert(name.to_owned()) {
            duplicate.get_or_insert_with(|| name.to_owned());
        }
        let bytes = match p.data() {
            Data::Bool(t) => to_bytes(t),
            Data::Int32(t) => to_bytes(t),
            Data::Int64(t) => to_bytes(t),
            Data::Float32(t) => to_bytes(t),
            Data::Float64(t) => to_bytes(t),
        };
        named.push((
            name.to_owned(),
            file_dtype(p.dtype()),
            p.shape().to_vec(),
            bytes,
        ));
    });
    if let Some(name) = duplicate {
        return Err(file_error(
            SAVE,
            path,
            format!("two parameters are named `{name}`"),
        ));
    }
    let views = named
        .iter()
        .map(|(name, dtype, shape, bytes)| {
            TensorView::new(*dtype, shape.clone(), bytes)
                .map(|v| (name.as_str(), v))
                .map_err(|e| file_error(SAVE, path, format!("parameter `{name}`: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    serialize_to_file(views, None, path)
        .map_err(|e| file_error(SAVE, path, format!("cannot write the file: {e}")))
}

/// The tensor of `T` in `bytes` (already checked to hold `dims`' elements).
fn decode<T: LeBytes>(bytes: &[u8], dims: &[usize]) -> Result<TensorImpl<T>> {
    let values = bytes.chunks_exact(T::WIDTH).map(T::from_le).collect();
    TensorImpl::from_vec(values, dims, LOAD)
}

/// Writes `src` into `dst`'s buffer, keeping `dst`'s autograd state.
fn assign<T: Element>(dst: &mut TensorImpl<T>, src: &TensorImpl<T>) -> Result<()> {
    kernel::update(LOAD, dst, src, Cost::Cheap, |_, s| s)
}

/// Loads the parameters of `model` from the safetensors file `path` (PyTorch's
/// `model.load_state_dict(load_file(path))` with `strict=True`): every parameter is
/// overwritten in place by the file's tensor of the same name, so it keeps its
/// `requires_grad` (its gradient, if any, is left as it was).
///
/// Every name, shape and dtype is checked before any parameter changes: on an error the
/// model is untouched.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the file and what is wrong: the file cannot be read,
/// is truncated or is not a safetensors file; a parameter's tensor is missing, or has
/// another shape or dtype than the parameter; the file holds a tensor the model does not
/// have.
pub fn load_safetensors(model: &mut dyn Module, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let buffer = std::fs::read(path)
        .map_err(|e| file_error(LOAD, path, format!("cannot read the file: {e}")))?;
    let file = SafeTensors::deserialize(&buffer).map_err(|e| {
        file_error(
            LOAD,
            path,
            format!("not a valid safetensors file (truncated or corrupt?): {e}"),
        )
    })?;
    let mut values: Vec<DynTensor> = Vec::new();
    let mut names = HashSet::new();
    let mut first_error = None;
    model.visit_params("", &mut |name, p| {
        if first_error.is_some() {
            return;
        }
        names.insert(name.to_owned());
        let found = file
            .tensor(name)
            .map_err(|_| file_error(LOAD, path, format!("missing tensor `{name}`")));
        let decoded = found.and_then(|t| {
            if t.shape() != p.shape() {
                return Err(file_error(
                    LOAD,
                    path,
                    format!(
                        "tensor `{name}` has shape {:?} in the file vs {:?} in the model",
                        t.shape(),
                        p.shape()
                    ),
                ));
            }
            if t.dtype() != file_dtype(p.dtype()) {
                return Err(file_error(
                    LOAD,
                    path,
                    format!(
                        "tensor `{name}` has dtype {:?} in the file vs {:?} ({}) in the model",
                        t.dtype(),
                        file_dtype(p.dtype()),
                        p.dtype()
                    ),
                ));
            }
            let (bytes, dims) = (t.data(), t.shape());
            Ok(match p.dtype() {
                DType::Bool => decode::<bool>(bytes, dims)?.into(),
                DType::Int32 => decode::<i32>(bytes, dims)?.into(),
                DType::Int64 => decode::<i64>(bytes, dims)?.into(),
                DType::Float32 => decode::<f32>(bytes, dims)?.into(),
                DType::Float64 => decode::<f64>(bytes, dims)?.into(),
            })
        });
        match decoded {
            Ok(v) => values.push(v),
            Err(e) => first_error = Some(e),
        }
    });
    if let Some(e) = first_error {
        return Err(e);
    }
    let mut unexpected: Vec<&str> = file
        .names()
        .into_iter()
        .filter(|n| !names.contains(*n))
        .collect();
    if !unexpected.is_empty() {
        unexpected.sort_unstable();
        return Err(file_error(
            LOAD,
            path,
            format!(
                "unexpected tensor(s) the model does not have: `{}`",
                unexpected.join("`, `")
            ),
        ));
    }
    let mut values = values.into_iter();
    let mut result = Ok(());
    model.visit_params_mut("", &mut |_, p| {
        let v = values
            .next()
            .expect("one value per parameter, checked above");
        if result.is_err() {
            return;
        }
        result = match (p.data_mut(), v.data()) {
            (Data::Bool(d), Data::Bool(s)) => assign(d, s),
            (Data::Int32(d), Data::Int32(s)) => assign(d, s),
            (Data::Int64(d), Data::Int64(s)) => assign(d, s),
            (Data::Float32(d), Data::Float32(s)) => assign(d, s),
            (Data::Float64(d), Data::Float64(s)) => assign(d, s),
            _ => unreachable!("dtypes were checked above"),
        };
    });
    result
}
