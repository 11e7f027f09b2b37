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

/// An [`Error::Io`] for a failed read or write of the file, keeping the I/O error's kind
/// (so that a missing file can be told from a permission problem).
fn io_error(op: &'static str, path: &Path, action: &str, e: &std::io::Error) -> Error {
    Error::Io {
        op,
        path: path.display().to_string(),
        kind: e.kind(),
        reason: format!("cannot {action} the file: {e}"),
    }
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
    serialize_to_file(views, None, path).map_err(|e| match e {
        safetensors::SafeTensorError::IoError(io) => io_error(SAVE, path, "write", &io),
        e => file_error(SAVE, path, format!("cannot write the file: {e}")),
    })
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
    let buffer = std::fs::read(path).map_err(|e| io_error(LOAD, path, "read", &e))?;
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

/// The safetensors dtype `d` as a rusttorch dtype, if rusttorch has it.
fn tensor_dtype(d: Dtype) -> Option<DType> {
    Some(match d {
        Dtype::BOOL => DType::Bool,
        Dtype::I32 => DType::Int32,
        Dtype::I64 => DType::Int64,
        Dtype::F32 => DType::Float32,
        Dtype::F64 => DType::Float64,
        _ => return None,
    })
}

/// Reads every tensor of the safetensors file `path`, sorted by name (what
/// `safetensors.torch.load_file` returns, for a file whose names are not known in
/// advance). The tensors do not require grad.
///
/// ```
/// use rusttorch::{DynTensor, nn::{read_safetensors, save_safetensors}};
/// let path = std::env::temp_dir().join(format!("rt-doc-read-{}.safetensors", std::process::id()));
/// save_safetensors(&DynTensor::from_vec(vec![1.0f32, 2.0], &[2])?, &path)?;
/// let tensors = read_safetensors(&path)?;
/// assert_eq!(tensors[0].0, ""); // a lone tensor is saved under its prefix, here empty
/// assert_eq!(tensors[0].1.to_vec::<f32>()?, vec![1.0, 2.0]);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] naming the file and the problem: it cannot be read, is
/// truncated or is not a safetensors file, or holds a tensor of a dtype rusttorch does
/// not have (`F16`, `U8`, ...).
pub fn read_safetensors(path: impl AsRef<Path>) -> Result<Vec<(String, DynTensor)>> {
    const READ: &str = "read_safetensors";
    let path = path.as_ref();
    let buffer = std::fs::read(path).map_err(|e| io_error(READ, path, "read", &e))?;
    let file = SafeTensors::deserialize(&buffer).map_err(|e| {
        file_error(
            READ,
            path,
            format!("not a valid safetensors file (truncated or corrupt?): {e}"),
        )
    })?;
    let mut out = file
        .tensors()
        .into_iter()
        .map(|(name, t)| {
            let dtype = tensor_dtype(t.dtype()).ok_or_else(|| {
                file_error(
                    READ,
                    path,
                    format!(
                        "tensor `{name}` has dtype {:?}, which rusttorch does not support",
                        t.dtype()
                    ),
                )
            })?;
            let (bytes, dims) = (t.data(), t.shape());
            let width = match dtype {
                DType::Bool => 1,
                DType::Int32 | DType::Float32 => 4,
                DType::Int64 | DType::Float64 => 8,
            };
            let numel = dims.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
            if numel.and_then(|n| n.checked_mul(width)) != Some(bytes.len()) {
                return Err(file_error(
                    READ,
                    path,
                    format!(
                        "tensor `{name}` of shape {dims:?} has {} bytes of data",
                        bytes.len()
                    ),
                ));
            }
            let value: DynTensor = match dtype {
                DType::Bool => decode::<bool>(bytes, dims)?.into(),
                DType::Int32 => decode::<i32>(bytes, dims)?.into(),
                DType::Int64 => decode::<i64>(bytes, dims)?.into(),
                DType::Float32 => decode::<f32>(bytes, dims)?.into(),
                DType::Float64 => decode::<f64>(bytes, dims)?.into(),
            };
            Ok((name, value))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tensor;
    use crate::nn::join_name;
    use crate::shape::Rank2;
    use std::path::PathBuf;

    /// A model with typed and dynamic parameters of every dtype.
    struct Model {
        fc1_weight: Tensor<f32, Rank2<2, 3>>,
        fc1_bias: DynTensor,
        steps: DynTensor,
        mask: DynTensor,
    }

    impl Module for Model {
        fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
            self.fc1_weight
                .visit_params(&join_name(prefix, "fc1.weight"), f);
            self.fc1_bias
                .visit_params(&join_name(prefix, "fc1.bias"), f);
            self.steps.visit_params(&join_name(prefix, "steps"), f);
            self.mask.visit_params(&join_name(prefix, "mask"), f);
        }
        fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
            self.fc1_weight
                .visit_params_mut(&join_name(prefix, "fc1.weight"), f);
            self.fc1_bias
                .visit_params_mut(&join_name(prefix, "fc1.bias"), f);
            self.steps.visit_params_mut(&join_name(prefix, "steps"), f);
            self.mask.visit_params_mut(&join_name(prefix, "mask"), f);
        }
    }

    const W: [f32; 6] = [1.5, -0.0, f32::NAN, 1e-40, f32::MAX, -3.25];
    const B: [f64; 3] = [0.1, f64::MIN_POSITIVE / 4.0, f64::NEG_INFINITY];

    fn model(scale: f32) -> Model {
        Model {
            fc1_weight: Tensor::from_vec(W.iter().map(|w| w * scale).collect())
                .unwrap()
                .requires_grad_(true),
            fc1_bias: DynTensor::from_vec(B.iter().map(|b| b * scale as f64).collect(), &[3])
                .unwrap()
                .requires_grad_(true)
                .unwrap(),
            steps: DynTensor::from_vec(vec![7i64 * scale as i64, -1], &[2]).unwrap(),
            mask: DynTensor::from_vec(vec![scale > 0.0, true, false], &[3]).unwrap(),
        }
    }

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "rusttorch-{}-{name}.safetensors",
            std::process::id()
        ))
    }

    fn bits32(t: &[f32]) -> Vec<u32> {
        t.iter().map(|x| x.to_bits()).collect()
    }

    fn bits64(t: &[f64]) -> Vec<u64> {
        t.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn round_trip_is_bit_exact_and_keeps_requires_grad() {
        let path = temp("roundtrip");
        save_safetensors(&model(1.0), &path).unwrap();
        let mut m = model(0.0);
        let buffer = m.fc1_weight.inner().buffer().as_ptr();
        load_safetensors(&mut m, &path).unwrap();
        assert_eq!(bits32(&m.fc1_weight.to_vec()), bits32(&W));
        assert_eq!(bits64(&m.fc1_bias.to_vec::<f64>().unwrap()), bits64(&B));
        assert_eq!(m.steps.to_vec::<i64>().unwrap(), vec![7, -1]);
        assert_eq!(m.mask.to_vec::<bool>().unwrap(), vec![true, true, false]);
        assert!(m.fc1_weight.requires_grad() && m.fc1_bias.requires_grad());
        assert!(m.fc1_bias.is_leaf());
        assert_eq!(
            m.fc1_weight.inner().buffer().as_ptr(),
            buffer,
            "loaded in place"
        );
        // The file is a standard safetensors file with the Module names and dtypes.
        let bytes = std::fs::read(&path).unwrap();
        let file = SafeTensors::deserialize(&bytes).unwrap();
        let w = file.tensor("fc1.weight").unwrap();
        assert_eq!((w.dtype(), w.shape()), (Dtype::F32, &[2usize, 3][..]));
        assert_eq!(file.tensor("fc1.bias").unwrap().dtype(), Dtype::F64);
        assert_eq!(file.tensor("steps").unwrap().dtype(), Dtype::I64);
        assert_eq!(file.tensor("mask").unwrap().dtype(), Dtype::BOOL);
        assert_eq!(&w.data()[..4], &1.5f32.to_le_bytes());
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_file_from_the_crates_own_serializer_loads() {
        let path = temp("foreign");
        let w: Vec<u8> = (0..6)
            .flat_map(|i| (i as f32 * 0.5).to_le_bytes())
            .collect();
        let b: Vec<u8> = [1.0f64, 2.0, 3.0]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let s: Vec<u8> = [3i64, 4].iter().flat_map(|x| x.to_le_bytes()).collect();
        let k = vec![0u8, 1, 1];
        let tensors = vec![
            (
                "fc1.weight",
                TensorView::new(Dtype::F32, vec![2, 3], &w).unwrap(),
            ),
            (
                "fc1.bias",
                TensorView::new(Dtype::F64, vec![3], &b).unwrap(),
            ),
            ("steps", TensorView::new(Dtype::I64, vec![2], &s).unwrap()),
            ("mask", TensorView::new(Dtype::BOOL, vec![3], &k).unwrap()),
        ];
        let bytes = ::safetensors::tensor::serialize(tensors, None).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let mut m = model(1.0);
        load_safetensors(&mut m, &path).unwrap();
        assert_eq!(m.fc1_weight.to_vec(), vec![0.0, 0.5, 1.0, 1.5, 2.0, 2.5]);
        assert_eq!(m.fc1_bias.to_vec::<f64>().unwrap(), vec![1.0, 2.0, 3.0]);
        assert_eq!(m.steps.to_vec::<i64>().unwrap(), vec![3, 4]);
        assert_eq!(m.mask.to_vec::<bool>().unwrap(), vec![false, true, true]);
        std::fs::remove_file(&path).unwrap();
    }

    /// Loads `bytes` (written to a temp file) into a fresh model: the error message, and
    /// a check that the model was left as it was.
    fn load_err(name: &str, bytes: &[u8]) -> String {
        let path = temp(name);
        std::fs::write(&path, bytes).unwrap();
        let mut m = model(2.0);
        let e = load_safetensors(&mut m, &path).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument { op: LOAD, .. }));
        let msg = e.to_string();
        assert!(msg.contains(&path.display().to_string()), "{msg}");
        assert_eq!(m.fc1_weight.to_vec()[0], 3.0, "nothing half-loaded");
        assert_eq!(m.fc1_bias.to_vec::<f64>().unwrap()[0], 0.2);
        std::fs::remove_file(&path).unwrap();
        msg
    }

    fn saved(m: &dyn Module, name: &str) -> Vec<u8> {
        let path = temp(name);
        save_safetensors(m, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        bytes
    }

    #[test]
    fn a_truncated_or_corrupt_file_is_an_error() {
        let good = saved(&model(1.0), "good");
        let msg = load_err("truncated", &good[..good.len() - 5]);
        assert!(msg.contains("not a valid safetensors file"), "{msg}");
        let msg = load_err("short", &good[..5]);
        assert!(msg.contains("header too small"), "{msg}");
        let mut corrupt = good.clone();
        corrupt[8] = b'#'; // the header's opening brace
        let msg = load_err("corrupt", &corrupt);
        assert!(msg.contains("invalid JSON in header"), "{msg}");
        let msg = load_err("empty", b"");
        assert!(msg.contains("not a valid safetensors file"), "{msg}");
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let path = temp("does-not-exist");
        let err = load_safetensors(&mut model(1.0), &path).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Io {
                    kind: std::io::ErrorKind::NotFound,
                    ..
                }
            ),
            "{err:?}"
        );
        let e = err.to_string();
        assert!(e.starts_with("load_safetensors: /"), "{e}");
        assert!(
            e.contains("does-not-exist") && e.contains("cannot read the file"),
            "{e}"
        );
    }

    /// A model whose parameters are a list of named tensors.
    struct Named(Vec<(&'static str, DynTensor)>);

    impl Module for Named {
        fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
            for (n, t) in &self.0 {
                f(&join_name(prefix, n), t);
            }
        }
        fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
            for (n, t) in &mut self.0 {
                f(&join_name(prefix, n), t);
            }
        }
    }

    fn zeros(shape: &[usize], d: DType) -> DynTensor {
        DynTensor::zeros(shape, d).unwrap()
    }

    fn with(weight: DynTensor) -> Named {
        Named(vec![
            ("fc1.weight", weight),
            ("fc1.bias", zeros(&[3], DType::Float64)),
            ("steps", zeros(&[2], DType::Int64)),
            ("mask", zeros(&[3], DType::Bool)),
        ])
    }

    #[test]
    fn a_wrong_shape_or_dtype_is_an_error_naming_the_tensor() {
        let msg = load_err("shape", &saved(&with(zeros(&[3, 2], DType::Float32)), "s"));
        assert!(
            msg.contains("tensor `fc1.weight` has shape [3, 2] in the file vs [2, 3] in the model"),
            "{msg}"
        );
        let msg = load_err("dtype", &saved(&with(zeros(&[2, 3], DType::Float64)), "d"));
        assert!(
            msg.contains("tensor `fc1.weight` has dtype F64 in the file vs F32"),
            "{msg}"
        );
    }

    #[test]
    fn a_missing_or_unexpected_name_is_an_error() {
        // `fc1.weight` and `fc1.bias` are fine and come first: they must not be loaded
        // either (load_err checks them).
        let mut m = with(zeros(&[2, 3], DType::Float32));
        m.0.remove(2);
        let msg = load_err("missing", &saved(&m, "m"));
        assert!(msg.contains("missing tensor `steps`"), "{msg}");
        let mut extra = with(zeros(&[2, 3], DType::Float32));
        extra.0.push(("fc2.weight", zeros(&[1], DType::Float32)));
        let msg = load_err("extra", &saved(&extra, "e"));
        assert!(
            msg.contains("unexpected tensor(s)") && msg.contains("`fc2.weight`"),
            "{msg}"
        );
    }

    #[test]
    fn duplicate_names_cannot_be_saved() {
        let m = Named(vec![
            ("w", zeros(&[1], DType::Float32)),
            ("w", zeros(&[1], DType::Float32)),
        ]);
        let e = save_safetensors(&m, temp("dup")).unwrap_err().to_string();
        assert!(e.contains("two parameters are named `w`"), "{e}");
    }

    #[test]
    fn read_returns_every_tensor_by_name_and_names_a_bad_file() {
        let path = temp("read");
        save_safetensors(&model(1.0), &path).unwrap();
        let all = read_safetensors(&path).unwrap();
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["fc1.bias", "fc1.weight", "mask", "steps"]);
        assert_eq!(bits64(&all[0].1.to_vec::<f64>().unwrap()), bits64(&B));
        assert_eq!(all[1].1.shape(), &[2, 3]);
        assert_eq!(bits32(&all[1].1.to_vec::<f32>().unwrap()), bits32(&W));
        assert_eq!(all[2].1.to_vec::<bool>().unwrap(), vec![true, true, false]);
        assert_eq!(all[3].1.to_vec::<i64>().unwrap(), vec![7, -1]);
        assert!(!all[1].1.requires_grad());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let err = read_safetensors(&path).unwrap_err().to_string();
        assert!(
            err.contains("read_safetensors") && err.contains("truncated"),
            "{err}"
        );
        std::fs::remove_file(&path).unwrap();
        let err = read_safetensors(&path).unwrap_err().to_string();
        assert!(err.contains("cannot read"), "{err}");
    }
}
