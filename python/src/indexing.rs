//! `t[key]` and `t[key] = value` as in PyTorch.
//!
//! Keys: ints (negative count from the end), slices with positive steps, `...`, `None`
//! (a new axis of size 1), `True`/`False`, and for reading and writing alike, boolean
//! masks (tensors or nested lists, covering one or more dims) and integer tensors or lists
//! (advanced indexing, several of them broadcast together with NumPy's placement rules),
//! and tuples of all of these.
//!
//! Basic keys give views (`select`, `slice`, `unsqueeze`); advanced keys give copies
//! (`index_select`). Assignment computes the flat positions the key selects (by indexing
//! a tensor of flat indices with the same key) and writes `value`, broadcast to the
//! indexed shape, with the core's in-place `put_`. The core's in-place writes are
//! copy-on-write, so views taken before the write keep the old values (PyTorch's views see
//! the write); a leaf that requires grad cannot be written outside `rt.no_grad()`.

use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyEllipsis, PyList, PySlice, PyTuple};
use rusttorch::{DType, DynTensor};

use crate::errors::{IntoPyResult, ShapeError, type_error};
use crate::tensor::PyTensor;

/// Above this many elements, copies run with the GIL released.
const LARGE: usize = 1 << 14;

/// One item of an index key.
enum Item {
    Int(i64),
    Slice(Option<isize>, Option<isize>, usize),
    NewAxis,
    Ellipsis,
    /// `True`/`False` (or a 0-d bool tensor): a new axis of size 1 or 0.
    Flag(bool),
    /// A boolean mask over as many dims as it has.
    Mask(DynTensor),
    /// An integer index tensor (advanced indexing along one dim).
    Ints(DynTensor),
}

impl Item {
    /// How many dims of the indexed tensor this item consumes.
    fn dims(&self) -> usize {
        match self {
            Item::Int(_) | Item::Slice(..) | Item::Ints(_) => 1,
            Item::Mask(m) => m.ndim(),
            Item::NewAxis | Item::Ellipsis | Item::Flag(_) => 0,
        }
    }
}

/// A slice bound: an int (clamped to `isize` when huge, as Python clamps), or `None`.
fn bound(v: &Bound<'_, PyAny>) -> PyResult<Option<isize>> {
    if v.is_none() {
        return Ok(None);
    }
    match v.extract::<isize>() {
        Ok(i) => Ok(Some(i)),
        Err(_) => {
            let big: i128 = v
                .extract()
                .map_err(|_| type_error("index", "slice bounds that are ints or None", v))?;
            Ok(Some(if big < 0 { isize::MIN } else { isize::MAX }))
        }
    }
}

/// An index tensor given as a tensor or nested list: a mask or integer index.
fn tensor_item(t: DynTensor) -> PyResult<Item> {
    match t.dtype() {
        DType::Bool if t.ndim() == 0 => Ok(Item::Flag(t.to_vec_f64()[0] != 0.0)),
        DType::Bool => Ok(Item::Mask(t)),
        DType::Int32 | DType::Int64 => Ok(Item::Ints(t)),
        d => Err(PyIndexError::new_err(format!(
            "index: tensors used as indices must be long, int or bool tensors, got {}",
            d.name()
        ))),
    }
}

fn item(obj: &Bound<'_, PyAny>) -> PyResult<Item> {
    if obj.is_none() {
        return Ok(Item::NewAxis);
    }
    if obj.is_instance_of::<PyEllipsis>() {
        return Ok(Item::Ellipsis);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Item::Flag(obj.extract()?));
    }
    if let Ok(s) = obj.cast::<PySlice>() {
        let step = match bound(&s.getattr("step")?)? {
            None => 1,
            Some(st) if st > 0 => st as usize,
            Some(st) => {
                return Err(PyValueError::new_err(format!(
                    "index: step must be greater than zero, got {st}"
                )));
            }
        };
        return Ok(Item::Slice(
            bound(&s.getattr("start")?)?,
            bound(&s.getattr("stop")?)?,
            step,
        ));
    }
    if let Ok(t) = obj.cast::<PyTensor>() {
        let t = t.get().get();
        if t.ndim() == 0 && t.dtype().is_int() {
            return Ok(Item::Int(t.item::<i64>().py()?));
        }
        return tensor_item(t);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let t = crate::convert::from_nested("index", obj, None)?;
        // `[]` selects nothing: an empty integer index, as in PyTorch.
        let t = if t.numel() == 0 && t.dtype().is_float() {
            t.to_dtype(DType::Int64).py()?
        } else {
            t
        };
        return tensor_item(t);
    }
    match obj.extract::<i64>() {
        Ok(i) => Ok(Item::Int(i)),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(obj.py()) => Err(
            PyIndexError::new_err(format!("index: index {obj} is out of range")),
        ),
        Err(_) => Err(type_error(
            "index",
            "ints, slices, None, ..., bool or integer tensors (or tuples of them)",
            obj,
        )),
    }
}

/// The items of a key (a tuple is a sequence of items; anything else is one item).
fn items(key: &Bound<'_, PyAny>) -> PyResult<Vec<Item>> {
    match key.cast::<PyTuple>() {
        Ok(tuple) => tuple.iter().map(|k| item(&k)).collect(),
        Err(_) => Ok(vec![item(key)?]),
    }
}

/// `IndexError` for index `i` outside a dim, as PyTorch words it.
fn out_of_bounds(i: i64, dim: usize, size: usize) -> PyErr {
    PyIndexError::new_err(format!(
        "index {i} is out of bounds for dimension {dim} with size {size}"
    ))
}

/// `idx` checked against a dim of `size` (dim `dim` of the input) with negative values
/// wrapped, as int64.
fn wrap_index(idx: &DynTensor, dim: usize, size: usize) -> PyResult<DynTensor> {
    let vals = idx.to_dtype(DType::Int64).py()?.to_vec::<i64>().py()?;
    let n = size as i64;
    let wrapped = vals
        .into_iter()
        .map(|i| {
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                Err(out_of_bounds(i, dim, size))
            } else {
                Ok(j)
            }
        })
        .collect::<PyResult<Vec<i64>>>()?;
    DynTensor::from_vec(wrapped, idx.shape()).py()
}

/// `t[key]`.
pub fn index(py: Python<'_>, t: &DynTensor, key: &Bound<'_, PyAny>) -> PyResult<DynTensor> {
    let items = items(key)?;
    let used: usize = items.iter().map(Item::dims).sum();
    let ellipses = items.iter().filter(|i| matches!(i, Item::Ellipsis)).count();
    if ellipses > 1 {
        return Err(PyIndexError::new_err(
            "index: an index can only have a single ellipsis ('...')",
        ));
    }
    if used > t.ndim() {
        return Err(PyIndexError::new_err(format!(
            "too many indices for tensor of dimension {} (got {used})",
            t.ndim()
        )));
    }
    let mut out = t.clone();
    let mut d = 0usize; // the dim of `out` the next item applies to
    let mut orig = 0usize; // the dim of `t` the next item applies to
    let mut advanced: Vec<(usize, usize, DynTensor)> = Vec::new(); // (dim of out, dim of t, index)
    // NumPy's adjacency of the advanced indices is a property of the key, not of the dims:
    // a slice, `...` (even covering no dims) or `None` between two of them separates them,
    // an int (applied first as a select, as PyTorch does) does not. `slot` counts the key's
    // items other than ints; `slots` records it for each advanced index.
    let mut slot = 0usize;
    let mut slots: Vec<usize> = Vec::new();
    for it in items {
        if !matches!(it, Item::Int(_)) {
            slot += 1;
        }
        match it {
            Item::Int(i) => {
                let size = out.shape()[d];
                let n = size as i64;
                if i < -n || i >= n {
                    return Err(out_of_bounds(i, orig, size));
                }
                out = out.select(d as isize, i as isize).py()?;
                orig += 1;
            }
            Item::Slice(start, end, step) => {
                out = out.slice(d as isize, start, end, step).py()?;
                d += 1;
                orig += 1;
            }
            Item::NewAxis => {
                out = out.unsqueeze(d as isize).py()?;
                d += 1;
            }
            Item::Flag(b) => {
                out = out.unsqueeze(d as isize).py()?;
                if !b {
                    out = out.slice(d as isize, Some(0), Some(0), 1).py()?;
                }
                d += 1;
            }
            Item::Ellipsis => {
                let skip = t.ndim() - used;
                d += skip;
                orig += skip;
            }
            Item::Ints(idx) => {
                let wrapped = wrap_index(&idx, orig, out.shape()[d])?;
                advanced.push((d, orig, wrapped));
                slots.push(slot);
                d += 1;
                orig += 1;
            }
            Item::Mask(mask) => {
                let k = mask.ndim();
                let region = &out.shape()[d..d + k];
                if mask.shape() != region {
                    return Err(PyIndexError::new_err(format!(
                        "The shape of the mask {:?} at index {orig} does not match the shape \
                         of the indexed tensor {region:?} at index {orig}",
                        mask.shape()
                    )));
                }
                let nz = mask.nonzero().py()?;
                for j in 0..k {
                    let col = nz.select(1, j as isize).py()?;
                    advanced.push((d + j, orig + j, col));
                    slots.push(slot);
                }
                d += k;
                orig += k;
            }
        }
    }
    if advanced.is_empty() {
        return Ok(out);
    }
    let adjacent = slots.windows(2).all(|w| w[1] <= w[0] + 1);
    let work = |out: DynTensor| gather(&out, advanced, adjacent);
    if out.numel() >= LARGE {
        py.detach(|| work(out)).py()
    } else {
        work(out).py()
    }
}

/// `out` indexed by integer tensors at several dims, with NumPy's rules: the indices
/// broadcast together; the result's indexed dims go where the first indexed dim was when
/// the indices are `adjacent` in the key, else in front.
fn gather(
    out: &DynTensor,
    advanced: Vec<(usize, usize, DynTensor)>,
    adjacent: bool,
) -> rusttorch::Result<DynTensor> {
    let shape = out.shape().to_vec();
    if let [(d, _, idx)] = &advanced[..] {
        // One index tensor: select along its dim, then unflatten the index's shape there.
        let flat = idx.reshape(&[-1])?;
        let picked = out.index_select(*d as isize, &flat)?;
        let dims: Vec<isize> = shape[..*d]
            .iter()
            .chain(idx.shape())
            .chain(&shape[d + 1..])
            .map(|&s| s as isize)
            .collect();
        return picked.reshape(&dims);
    }
    let pos: Vec<usize> = advanced.iter().map(|a| a.0).collect();
    let idx: Vec<DynTensor> = advanced.into_iter().map(|a| a.2).collect();
    let idx = rusttorch::broadcast_tensors(&idx)?;
    let bshape: Vec<usize> = idx.first().map(|i| i.shape().to_vec()).unwrap_or_default();
    let rest: Vec<usize> = (0..shape.len()).filter(|i| !pos.contains(i)).collect();
    // The indexed dims first, merged into one; the flat index is their row-major offset.
    let perm: Vec<isize> = pos.iter().chain(&rest).map(|&i| i as isize).collect();
    let mut merged: Vec<isize> = vec![pos.iter().map(|&p| shape[p] as isize).product()];
    merged.extend(rest.iter().map(|&i| shape[i] as isize));
    let src = out.permute(&perm)?.reshape(&merged)?;
    let mut lin = DynTensor::zeros(&bshape, DType::Int64)?;
    let mut stride = 1i64;
    for (p, i) in pos.iter().zip(&idx).rev() {
        lin = lin.add(&i.mul_scalar(stride)?)?;
        stride *= shape[*p] as i64;
    }
    let picked = src.index_select(0, &lin.reshape(&[-1])?)?;
    let mut dims: Vec<isize> = bshape.iter().map(|&s| s as isize).collect();
    dims.extend(rest.iter().map(|&i| shape[i] as isize));
    let result = picked.reshape(&dims)?;
    let first = pos[0];
    if !adjacent || first == 0 {
        return Ok(result);
    }
    // Move the broadcast dims to where the first indexed dim was.
    let nb = bshape.len();
    let order: Vec<isize> = (nb..nb + first)
        .chain(0..nb)
        .chain(nb + first..dims.len())
        .map(|i| i as isize)
        .collect();
    result.permute(&order)
}

/// `t[key] = value` on the tensor held by `slf`.
fn assign(
    py: Python<'_>,
    slf: &PyTensor,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let t = slf.get();
    // The flat positions `key` selects, in the indexed shape.
    let ids = DynTensor::arange(0.0, t.numel() as f64, 1.0, DType::Int64)
        .py()?
        .reshape(&t.shape().iter().map(|&s| s as isize).collect::<Vec<_>>())
        .py()?;
    let pos = index(py, &ids, key)?;
    let v = match value.cast::<PyTensor>() {
        Ok(v) => v.get().get().to_dtype(t.dtype()).py()?,
        Err(_) => crate::convert::from_nested("index assignment", value, Some(t.dtype()))?,
    };
    // Leading size-1 dims of the value beyond the indexed shape are dropped, as in PyTorch.
    let mut v = v;
    while v.ndim() > pos.ndim() && v.shape()[0] == 1 {
        v = v.squeeze_dim(0).py()?;
    }
    let v = v.broadcast_to(pos.shape()).map_err(|_| {
        ShapeError::new_err(format!(
            "index assignment: shape mismatch: value tensor of shape {:?} cannot be broadcast \
             to indexing result of shape {:?}",
            v.shape(),
            pos.shape()
        ))
    })?;
    let flat_pos = pos.reshape(&[-1]).py()?;
    let flat_v = v.reshape(&[-1]).py()?;
    let write = |x: &mut DynTensor| x.put_(&flat_pos, &flat_v);
    if t.numel() >= LARGE {
        py.detach(|| slf.with_mut(write)).py()
    } else {
        slf.with_mut(write).py()
    }
}

#[pymethods]
impl PyTensor {
    /// `t[key]` as in PyTorch: ints, slices (positive steps), `...`, `None`, boolean
    /// masks and integer tensors or lists, and tuples of these. Basic keys give views;
    /// masks and integer indices give copies.
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(PyTensor::new(index(py, &self.get(), key)?))
    }

    /// `t[key] = value`: writes `value` (a number, nested list or tensor, converted to
    /// this tensor's dtype and broadcast to the indexed shape) into the positions `key`
    /// selects. Views taken earlier do not see the write (the core is copy-on-write).
    fn __setitem__(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        assign(py, self, key, value)
    }
}
