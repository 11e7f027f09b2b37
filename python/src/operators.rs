//! Arithmetic on tensors: the operators `+ - * / ** @`, unary minus, `abs()`, the
//! comparisons, in-place `+= -= *= /=`, their method forms (`add`, `sub`, ... with `alpha`
//! as PyTorch has it), `rt.add` and friends, the unary math (`exp`, `log`, `sqrt`, ... as
//! methods, in-place methods and `rt.*` functions), `clamp`, `maximum`/`minimum` and
//! `where`.
//!
//! A Python number operand goes straight to the core's scalar forms (`add_scalar`, ...),
//! which promote as PyTorch does: an `int64` tensor plus `2.5` is `float32`, a `float32`
//! tensor plus `2.5` stays `float32`, an `int64` tensor plus `2` stays `int64`. An operand
//! of another type gives `NotImplemented`, so Python raises its usual `TypeError`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyNotImplemented};
use rusttorch::{DynTensor, Scalar};

use crate::errors::{IntoPyResult, type_error};
use crate::tensor::PyTensor;

pub(crate) use crate::threads::maybe_detach as compute;

/// The tensor of a `Tensor` argument, or a `TypeError` naming `op`.
pub(crate) fn tensor_arg(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<DynTensor> {
    match obj.cast::<PyTensor>() {
        Ok(t) => Ok(t.get().get()),
        Err(_) => Err(type_error(op, "a Tensor", obj)),
    }
}

/// The other operand of a binary op: a tensor or a Python number.
pub(crate) enum Operand {
    Tensor(DynTensor),
    Scalar(Scalar),
}

impl Operand {
    fn numel(&self) -> usize {
        match self {
            Operand::Tensor(t) => t.numel(),
            Operand::Scalar(_) => 1,
        }
    }
}

/// A Python number as a [`Scalar`] (bool, int, float, or a numpy scalar), `None` for
/// anything else. An int outside `i64` is an `OverflowError`.
pub(crate) fn scalar(obj: &Bound<'_, PyAny>) -> PyResult<Option<Scalar>> {
    if obj.is_instance_of::<PyBool>() {
        return Ok(Some(Scalar::Bool(obj.extract::<bool>()?)));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Some(Scalar::Float(obj.extract::<f64>()?)));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Some(Scalar::Int(obj.extract::<i64>()?)));
    }
    // numpy scalars (np.int64, np.float32, ...): numbers without a length.
    if obj.hasattr(pyo3::intern!(obj.py(), "__len__"))? {
        return Ok(None);
    }
    if obj.hasattr(pyo3::intern!(obj.py(), "__index__"))?
        && let Ok(i) = obj.extract::<i64>()
    {
        return Ok(Some(Scalar::Int(i)));
    }
    if obj.hasattr(pyo3::intern!(obj.py(), "__float__"))?
        && let Ok(f) = obj.extract::<f64>()
    {
        return Ok(Some(Scalar::Float(f)));
    }
    Ok(None)
}

/// A tensor or a Python number, `None` for anything else.
pub(crate) fn operand(obj: &Bound<'_, PyAny>) -> PyResult<Option<Operand>> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        return Ok(Some(Operand::Tensor(t.get().get())));
    }
    Ok(scalar(obj)?.map(Operand::Scalar))
}

/// A tensor or a Python number, or a `TypeError` naming `op`.
pub(crate) fn operand_arg(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<Operand> {
    operand(obj)?.ok_or_else(|| type_error(op, "a Tensor or a number", obj))
}

/// The elementwise binary ops of this file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bin {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Maximum,
    Minimum,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Bin {
    fn tensors(self, a: &DynTensor, b: &DynTensor) -> rusttorch::Result<DynTensor> {
        match self {
            Bin::Add => a.add(b),
            Bin::Sub => a.sub(b),
            Bin::Mul => a.mul(b),
            Bin::Div => a.div(b),
            Bin::Pow => a.pow(b),
            Bin::Maximum => a.maximum(b),
            Bin::Minimum => a.minimum(b),
            Bin::Eq => a.eq(b),
            Bin::Ne => a.ne(b),
            Bin::Lt => a.lt(b),
            Bin::Le => a.le(b),
            Bin::Gt => a.gt(b),
            Bin::Ge => a.ge(b),
        }
    }

    fn with_scalar(self, a: &DynTensor, s: Scalar) -> rusttorch::Result<DynTensor> {
        match self {
            Bin::Add => a.add_scalar(s),
            Bin::Sub => a.sub_scalar(s),
            Bin::Mul => a.mul_scalar(s),
            Bin::Div => a.div_scalar(s),
            Bin::Pow => a.pow_scalar(s),
            Bin::Maximum => a.maximum_scalar(s),
            Bin::Minimum => a.minimum_scalar(s),
            Bin::Eq => a.eq_scalar(s),
            Bin::Ne => a.ne_scalar(s),
            Bin::Lt => a.lt_scalar(s),
            Bin::Le => a.le_scalar(s),
            Bin::Gt => a.gt_scalar(s),
            Bin::Ge => a.ge_scalar(s),
        }
    }

    /// `op(a, b)`, or `op(b, a)` if `reflected` (`2 - t`).
    pub(crate) fn run(
        self,
        py: Python<'_>,
        a: &DynTensor,
        b: &Operand,
        reflected: bool,
    ) -> PyResult<DynTensor> {
        let n = a.numel().max(b.numel());
        compute(py, n, || match b {
            Operand::Tensor(b) if reflected => self.tensors(b, a),
            Operand::Tensor(b) => self.tensors(a, b),
            Operand::Scalar(s) if !reflected || matches!(self, Bin::Add | Bin::Mul) => {
                self.with_scalar(a, *s)
            }
            Operand::Scalar(s) => {
                // `s op t`: the scalar as a 0-d tensor of the dtype PyTorch gives it.
                let st = DynTensor::full(&[], *s, a.dtype().promote_scalar(*s))?;
                self.tensors(&st, a)
            }
        })
        .py()
    }
}

/// A Python result: the tensor, or `NotImplemented` if the operand was not understood.
fn or_not_implemented<'py>(py: Python<'py>, t: Option<DynTensor>) -> PyResult<Bound<'py, PyAny>> {
    match t {
        Some(t) => Ok(Bound::new(py, PyTensor::new(t))?.into_any()),
        None => Ok(PyNotImplemented::get(py).to_owned().into_any()),
    }
}

/// The binary operator `op` on `slf` and `other`, `NotImplemented` for an unknown type.
fn operator<'py>(
    slf: &PyTensor,
    other: &Bound<'py, PyAny>,
    op: Bin,
    reflected: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let py = other.py();
    let out = match operand(other)? {
        Some(b) => Some(op.run(py, &slf.get(), &b, reflected)?),
        None => None,
    };
    or_not_implemented(py, out)
}

/// `other * alpha` for `add`/`sub`, refusing a float `alpha` with integer operands as
/// PyTorch does.
fn scaled(op: &str, a: &DynTensor, other: Operand, alpha: Scalar) -> PyResult<Operand> {
    if alpha == Scalar::Int(1) {
        return Ok(other);
    }
    let other_float = match &other {
        Operand::Tensor(t) => t.dtype().is_float(),
        Operand::Scalar(s) => matches!(s, Scalar::Float(_)),
    };
    if matches!(alpha, Scalar::Float(_)) && !a.dtype().is_float() && !other_float {
        return Err(PyTypeError::new_err(format!(
            "{op}: for integral input tensors, argument alpha must not be a floating point number"
        )));
    }
    Ok(match other {
        Operand::Tensor(t) => Operand::Tensor(t.mul_scalar(alpha).py()?),
        Operand::Scalar(s) => Operand::Scalar(match (s, alpha) {
            (Scalar::Float(_), _) | (_, Scalar::Float(_)) => {
                Scalar::Float(s.to_f64() * alpha.to_f64())
            }
            (Scalar::Bool(x), Scalar::Bool(y)) => Scalar::Bool(x && y),
            _ => Scalar::Int(
                (s.to_f64() as i64)
                    .checked_mul(alpha.to_f64() as i64)
                    .ok_or_else(|| {
                        PyValueError::new_err(format!("{op}: alpha * other overflows int64"))
                    })?,
            ),
        }),
    })
}

fn alpha_arg(op: &str, alpha: Option<&Bound<'_, PyAny>>) -> PyResult<Scalar> {
    match alpha {
        None => Ok(Scalar::Int(1)),
        Some(a) => scalar(a)?.ok_or_else(|| type_error(op, "a number for alpha", a)),
    }
}

/// `a = op(a, b)` in place on the handle's tensor (copy-on-write if its storage is shared).
fn in_place(
    py: Python<'_>,
    slf: &PyTensor,
    op: Bin,
    name: &str,
    other: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let b = operand_arg(name, other)?;
    let n = b.numel();
    slf.with_mut(|a| {
        let n = n.max(a.numel());
        compute(py, n, || match (op, &b) {
            (Bin::Add, Operand::Tensor(b)) => a.add_(b),
            (Bin::Add, Operand::Scalar(s)) => a.add_scalar_(*s),
            (Bin::Sub, Operand::Tensor(b)) => a.sub_(b),
            (Bin::Sub, Operand::Scalar(s)) => a.sub_scalar_(*s),
            (Bin::Mul, Operand::Tensor(b)) => a.mul_(b),
            (Bin::Mul, Operand::Scalar(s)) => a.mul_scalar_(*s),
            (Bin::Div, Operand::Tensor(b)) => a.div_(b),
            (Bin::Div, Operand::Scalar(s)) => a.div_scalar_(*s),
            (Bin::Pow, Operand::Tensor(b)) => a.pow_(b),
            (Bin::Pow, Operand::Scalar(s)) => a.pow_scalar_(*s),
            (_, _) => Err(rusttorch::Error::InvalidArgument {
                op: "in_place",
                arg: "op",
                reason: "this op has no in-place form".to_string(),
            }),
        })
    })
    .py()
}

/// `add_` with `alpha`: `self += alpha * other`.
fn in_place_alpha(
    py: Python<'_>,
    slf: &PyTensor,
    op: Bin,
    name: &str,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let alpha = alpha_arg(name, alpha)?;
    if alpha == Scalar::Int(1) {
        return in_place(py, slf, op, name, other);
    }
    let b = scaled(name, &slf.get(), operand_arg(name, other)?, alpha)?;
    let b = match b {
        Operand::Tensor(t) => Bound::new(py, PyTensor::new(t))?.into_any(),
        Operand::Scalar(Scalar::Float(f)) => f.into_pyobject(py)?.into_any(),
        Operand::Scalar(Scalar::Int(i)) => i.into_pyobject(py)?.into_any(),
        Operand::Scalar(Scalar::Bool(b)) => PyBool::new(py, b).to_owned().into_any(),
    };
    in_place(py, slf, op, name, &b)
}

#[pymethods]
impl PyTensor {
    fn __add__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Add, false)
    }
    fn __radd__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Add, true)
    }
    fn __sub__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Sub, false)
    }
    fn __rsub__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Sub, true)
    }
    fn __mul__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Mul, false)
    }
    fn __rmul__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Mul, true)
    }
    fn __truediv__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Div, false)
    }
    fn __rtruediv__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Div, true)
    }
    fn __pow__<'py>(
        &self,
        other: &Bound<'py, PyAny>,
        modulo: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return or_not_implemented(other.py(), None);
        }
        operator(self, other, Bin::Pow, false)
    }
    fn __rpow__<'py>(
        &self,
        other: &Bound<'py, PyAny>,
        modulo: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return or_not_implemented(other.py(), None);
        }
        operator(self, other, Bin::Pow, true)
    }
    fn __matmul__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = other.py();
        let out = match other.cast::<PyTensor>() {
            Ok(b) => Some(matmul_tensors(py, &self.get(), &b.get().get())?),
            Err(_) => None,
        };
        or_not_implemented(py, out)
    }
    fn __rmatmul__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = other.py();
        let out = match other.cast::<PyTensor>() {
            Ok(b) => Some(matmul_tensors(py, &b.get().get(), &self.get())?),
            Err(_) => None,
        };
        or_not_implemented(py, out)
    }
    fn __eq__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Eq, false)
    }
    fn __ne__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Ne, false)
    }
    fn __lt__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Lt, false)
    }
    fn __le__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Le, false)
    }
    fn __gt__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Gt, false)
    }
    fn __ge__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        operator(self, other, Bin::Ge, false)
    }
    fn __neg__(&self, py: Python<'_>) -> PyResult<PyTensor> {
        let t = self.get();
        Ok(PyTensor::new(compute(py, t.numel(), || t.neg()).py()?))
    }
    fn __pos__(&self) -> PyTensor {
        PyTensor::new(self.get())
    }
    fn __abs__(&self, py: Python<'_>) -> PyResult<PyTensor> {
        let t = self.get();
        Ok(PyTensor::new(compute(py, t.numel(), || t.abs()).py()?))
    }
    fn __iadd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        in_place(py, self, Bin::Add, "add_", other)
    }
    fn __isub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        in_place(py, self, Bin::Sub, "sub_", other)
    }
    fn __imul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        in_place(py, self, Bin::Mul, "mul_", other)
    }
    fn __itruediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        in_place(py, self, Bin::Div, "div_", other)
    }
    fn __ipow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return Err(PyTypeError::new_err("pow_: a modulo is not supported"));
        }
        in_place(py, self, Bin::Pow, "pow_", other)
    }

    /// Returns `self + alpha * other` (`torch.Tensor.add`), elementwise with broadcasting;
    /// `other` is a tensor or a number.
    #[pyo3(signature = (other, *, alpha = None))]
    fn add(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        alpha: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        add_sub(py, "add", Bin::Add, &self.get(), other, alpha)
    }
    /// Returns `self - alpha * other` (`torch.Tensor.sub`), elementwise with broadcasting.
    #[pyo3(signature = (other, *, alpha = None))]
    fn sub(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        alpha: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        add_sub(py, "sub", Bin::Sub, &self.get(), other, alpha)
    }
    /// Returns `self * other` (`torch.Tensor.mul`), elementwise with broadcasting.
    fn mul(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "mul", Bin::Mul, &self.get(), other)
    }
    /// Returns `self / other` (`torch.Tensor.div`), true division: integers give floats.
    fn div(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "div", Bin::Div, &self.get(), other)
    }
    /// Returns `self ** exponent` (`torch.Tensor.pow`), elementwise with broadcasting.
    fn pow(&self, py: Python<'_>, exponent: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "pow", Bin::Pow, &self.get(), exponent)
    }
    /// Returns the matrix product `self @ other` (`torch.Tensor.matmul`): dot, matrix-vector,
    /// 2-D, or batched with broadcast batch dims.
    fn matmul(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_arg("matmul", other)?;
        Ok(PyTensor::new(matmul_tensors(py, &self.get(), &b)?))
    }
    /// Adds `alpha * other` to this tensor in place (`torch.Tensor.add_`) and returns it.
    #[pyo3(signature = (other, *, alpha = None))]
    fn add_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
        alpha: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        in_place_alpha(slf.py(), slf.get(), Bin::Add, "add_", other, alpha)?;
        Ok(slf.clone())
    }
    /// Subtracts `alpha * other` from this tensor in place (`torch.Tensor.sub_`) and
    /// returns it.
    #[pyo3(signature = (other, *, alpha = None))]
    fn sub_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
        alpha: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        in_place_alpha(slf.py(), slf.get(), Bin::Sub, "sub_", other, alpha)?;
        Ok(slf.clone())
    }
    /// Multiplies this tensor by `other` in place (`torch.Tensor.mul_`) and returns it.
    fn mul_<'py>(slf: &Bound<'py, Self>, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        in_place(slf.py(), slf.get(), Bin::Mul, "mul_", other)?;
        Ok(slf.clone())
    }
    /// Divides this tensor by `other` in place (`torch.Tensor.div_`; an integer tensor
    /// cannot hold the float result) and returns it.
    fn div_<'py>(slf: &Bound<'py, Self>, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        in_place(slf.py(), slf.get(), Bin::Div, "div_", other)?;
        Ok(slf.clone())
    }
    /// Raises this tensor to `exponent` in place (`torch.Tensor.pow_`) and returns it.
    fn pow_<'py>(
        slf: &Bound<'py, Self>,
        exponent: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        in_place(slf.py(), slf.get(), Bin::Pow, "pow_", exponent)?;
        Ok(slf.clone())
    }
    /// Returns `-self` (`torch.Tensor.neg`).
    fn neg(&self, py: Python<'_>) -> PyResult<PyTensor> {
        self.__neg__(py)
    }
    /// Negates this tensor in place (`torch.Tensor.neg_`) and returns it.
    fn neg_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, Self>> {
        slf.get().with_mut(|t| t.neg_()).py()?;
        Ok(slf.clone())
    }
    /// Returns the elementwise maximum of this tensor and `other` (`torch.Tensor.maximum`);
    /// NaN propagates.
    fn maximum(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_arg("maximum", other)?;
        binary_fn_tensor(py, Bin::Maximum, &self.get(), b)
    }
    /// Returns the elementwise minimum of this tensor and `other` (`torch.Tensor.minimum`);
    /// NaN propagates.
    fn minimum(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_arg("minimum", other)?;
        binary_fn_tensor(py, Bin::Minimum, &self.get(), b)
    }
    /// Returns each element clamped to `[min, max]` (`torch.Tensor.clamp`); either bound may
    /// be `None`, a number, or a tensor that broadcasts.
    #[pyo3(signature = (min = None, max = None))]
    fn clamp(
        &self,
        py: Python<'_>,
        min: Option<&Bound<'_, PyAny>>,
        max: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        clamp_impl(py, &self.get(), min, max).map(PyTensor::new)
    }
    /// Clamps this tensor to `[min, max]` in place (`torch.Tensor.clamp_`; number bounds)
    /// and returns it.
    #[pyo3(signature = (min = None, max = None))]
    fn clamp_<'py>(
        slf: &Bound<'py, Self>,
        min: Option<&Bound<'py, PyAny>>,
        max: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let lo = bound_scalar("clamp_", min)?;
        let hi = bound_scalar("clamp_", max)?;
        slf.get().with_mut(|t| t.clamp_(lo, hi)).py()?;
        Ok(slf.clone())
    }
    /// Returns `self == other` elementwise as a bool tensor (`torch.Tensor.eq`).
    fn eq(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "eq", Bin::Eq, &self.get(), other)
    }
    /// Returns `self != other` elementwise as a bool tensor (`torch.Tensor.ne`).
    fn ne(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "ne", Bin::Ne, &self.get(), other)
    }
    /// Returns `self < other` elementwise as a bool tensor (`torch.Tensor.lt`).
    fn lt(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "lt", Bin::Lt, &self.get(), other)
    }
    /// Returns `self <= other` elementwise as a bool tensor (`torch.Tensor.le`).
    fn le(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "le", Bin::Le, &self.get(), other)
    }
    /// Returns `self > other` elementwise as a bool tensor (`torch.Tensor.gt`).
    fn gt(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "gt", Bin::Gt, &self.get(), other)
    }
    /// Returns `self >= other` elementwise as a bool tensor (`torch.Tensor.ge`).
    fn ge(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        binary_fn(py, "ge", Bin::Ge, &self.get(), other)
    }
}

fn matmul_tensors(py: Python<'_>, a: &DynTensor, b: &DynTensor) -> PyResult<DynTensor> {
    let work = a.numel().max(b.numel());
    compute(py, work, || a.matmul(b)).py()
}

fn binary_fn(
    py: Python<'_>,
    op: &str,
    bin: Bin,
    a: &DynTensor,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let b = operand_arg(op, other)?;
    Ok(PyTensor::new(bin.run(py, a, &b, false)?))
}

fn binary_fn_tensor(py: Python<'_>, bin: Bin, a: &DynTensor, b: DynTensor) -> PyResult<PyTensor> {
    Ok(PyTensor::new(bin.run(py, a, &Operand::Tensor(b), false)?))
}

fn add_sub(
    py: Python<'_>,
    op: &str,
    bin: Bin,
    a: &DynTensor,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let alpha = alpha_arg(op, alpha)?;
    let b = scaled(op, a, operand_arg(op, other)?, alpha)?;
    Ok(PyTensor::new(bin.run(py, a, &b, false)?))
}

/// A clamp bound that must be a number (or `None`).
fn bound_scalar(op: &str, b: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Scalar>> {
    match b.filter(|b| !b.is_none()) {
        None => Ok(None),
        Some(b) => {
            Ok(Some(scalar(b)?.ok_or_else(|| {
                type_error(op, "a number or None as a bound", b)
            })?))
        }
    }
}

fn clamp_impl(
    py: Python<'_>,
    t: &DynTensor,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
) -> PyResult<DynTensor> {
    let (min, max) = (min.filter(|b| !b.is_none()), max.filter(|b| !b.is_none()));
    let is_tensor = |b: Option<&Bound<'_, PyAny>>| b.is_some_and(|b| b.cast::<PyTensor>().is_ok());
    if is_tensor(min) || is_tensor(max) {
        // Tensor bounds: max(x, min) then min(., max), as torch.clamp with tensors.
        if min.is_none() && max.is_none() {
            return t.clamp::<Scalar>(None, None).py();
        }
        let mut out = t.clone();
        if let Some(lo) = min {
            let lo = operand_arg("clamp", lo)?;
            out = Bin::Maximum.run(py, &out, &lo, false)?;
        }
        if let Some(hi) = max {
            let hi = operand_arg("clamp", hi)?;
            out = Bin::Minimum.run(py, &out, &hi, false)?;
        }
        return Ok(out);
    }
    let lo = bound_scalar("clamp", min)?;
    let hi = bound_scalar("clamp", max)?;
    compute(py, t.numel(), || t.clamp(lo, hi)).py()
}

/// `rt.add(input, other, *, alpha=1)`: `input + alpha * other` (`torch.add`), elementwise
/// with broadcasting; `other` is a tensor or a number.
#[pyfunction]
#[pyo3(signature = (input, other, *, alpha = None))]
fn add(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    add_sub(
        py,
        "add",
        Bin::Add,
        &tensor_arg("add", input)?,
        other,
        alpha,
    )
}

/// `rt.sub(input, other, *, alpha=1)`: `input - alpha * other` (`torch.sub`).
#[pyfunction]
#[pyo3(signature = (input, other, *, alpha = None))]
fn sub(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    add_sub(
        py,
        "sub",
        Bin::Sub,
        &tensor_arg("sub", input)?,
        other,
        alpha,
    )
}

/// `rt.mul(input, other)`: `input * other` elementwise with broadcasting (`torch.mul`).
#[pyfunction]
fn mul(py: Python<'_>, input: &Bound<'_, PyAny>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    binary_fn(py, "mul", Bin::Mul, &tensor_arg("mul", input)?, other)
}

/// `rt.div(input, other)`: `input / other`, true division (`torch.div`): integers give
/// floats.
#[pyfunction]
fn div(py: Python<'_>, input: &Bound<'_, PyAny>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    binary_fn(py, "div", Bin::Div, &tensor_arg("div", input)?, other)
}

/// `rt.pow(input, exponent)`: `input ** exponent` elementwise (`torch.pow`); `input` may
/// be a number when `exponent` is a tensor.
#[pyfunction]
fn pow(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    exponent: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    match input.cast::<PyTensor>() {
        Ok(t) => binary_fn(py, "pow", Bin::Pow, &t.get().get(), exponent),
        Err(_) => {
            let s =
                scalar(input)?.ok_or_else(|| type_error("pow", "a Tensor or a number", input))?;
            let e = tensor_arg("pow", exponent)?;
            Ok(PyTensor::new(Bin::Pow.run(
                py,
                &e,
                &Operand::Scalar(s),
                true,
            )?))
        }
    }
}

/// `rt.matmul(input, other)`: the matrix product (`torch.matmul`): dot for 1-D x 1-D,
/// matrix-vector, 2-D, or batched N-D with broadcast batch dims.
#[pyfunction]
fn matmul(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let (a, b) = (tensor_arg("matmul", input)?, tensor_arg("matmul", other)?);
    Ok(PyTensor::new(matmul_tensors(py, &a, &b)?))
}

/// `rt.maximum(input, other)`: the elementwise maximum of two tensors (`torch.maximum`);
/// NaN propagates.
#[pyfunction]
fn maximum(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let (a, b) = (tensor_arg("maximum", input)?, tensor_arg("maximum", other)?);
    binary_fn_tensor(py, Bin::Maximum, &a, b)
}

/// `rt.minimum(input, other)`: the elementwise minimum of two tensors (`torch.minimum`);
/// NaN propagates.
#[pyfunction]
fn minimum(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let (a, b) = (tensor_arg("minimum", input)?, tensor_arg("minimum", other)?);
    binary_fn_tensor(py, Bin::Minimum, &a, b)
}

/// `rt.clamp(input, min=None, max=None)`: each element clamped to `[min, max]`
/// (`torch.clamp`); bounds are numbers, tensors or `None` (not both `None`).
#[pyfunction]
#[pyo3(signature = (input, min = None, max = None))]
fn clamp(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    clamp_impl(py, &tensor_arg("clamp", input)?, min, max).map(PyTensor::new)
}

/// `rt.where(condition, input, other)`: `input` where the bool `condition` holds, else
/// `other` (`torch.where`), all broadcast together; `input`/`other` may be numbers.
#[pyfunction]
#[pyo3(name = "where")]
fn where_(
    py: Python<'_>,
    condition: &Bound<'_, PyAny>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let cond = tensor_arg("where", condition)?;
    let value = |obj: &Bound<'_, PyAny>, like: Option<&DynTensor>| -> PyResult<DynTensor> {
        match operand_arg("where", obj)? {
            Operand::Tensor(t) => Ok(t),
            Operand::Scalar(s) => {
                let d = like.map_or(rusttorch::DType::Bool, |t| t.dtype());
                DynTensor::full(&[], s, d.promote_scalar(s)).py()
            }
        }
    };
    let (a, b) = match (
        input.cast::<PyTensor>().is_ok(),
        other.cast::<PyTensor>().is_ok(),
    ) {
        (true, _) => {
            let a = value(input, None)?;
            let b = value(other, Some(&a))?;
            (a, b)
        }
        (false, true) => {
            let b = value(other, None)?;
            (value(input, Some(&b))?, b)
        }
        (false, false) => {
            // Two numbers: the dtype of a 0-d tensor of each.
            let a = value(input, None)?;
            let b = value(other, Some(&a))?;
            let a = a.to_dtype(b.dtype().promote(a.dtype())).py()?;
            (a, b)
        }
    };
    let n = cond.numel().max(a.numel()).max(b.numel());
    Ok(PyTensor::new(
        compute(py, n, || DynTensor::r#where(&cond, &a, &b)).py()?,
    ))
}

/// Unary math: a method, an in-place method and an `rt.*` function per op.
macro_rules! unary {
    ($($name:ident, $name_:ident, $what:literal;)*) => {
        #[pymethods]
        impl PyTensor {
            $(
                #[doc = concat!("Returns ", $what, " elementwise (`torch.Tensor.", stringify!($name), "`).")]
                fn $name(&self, py: Python<'_>) -> PyResult<PyTensor> {
                    let t = self.get();
                    Ok(PyTensor::new(compute(py, t.numel(), || t.$name()).py()?))
                }
                #[doc = concat!("Replaces this tensor with ", $what, " in place (`torch.Tensor.", stringify!($name_), "`) and returns it.")]
                fn $name_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, Self>> {
                    let py = slf.py();
                    slf.get().with_mut(|t| { let n = t.numel(); compute(py, n, || t.$name_()) }).py()?;
                    Ok(slf.clone())
                }
            )*
        }
        $(
            #[doc = concat!("`rt.", stringify!($name), "(input)`: ", $what, " elementwise (`torch.", stringify!($name), "`).")]
            #[pyfunction]
            fn $name(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
                let t = tensor_arg(stringify!($name), input)?;
                Ok(PyTensor::new(compute(py, t.numel(), || t.$name()).py()?))
            }
        )*
        fn register_unary(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $( m.add_function(wrap_pyfunction!($name, m)?)?; )*
            Ok(())
        }
    };
}

unary! {
    abs, abs_, "the absolute value `|x|`";
    exp, exp_, "the exponential `e^x`";
    expm1, expm1_, "`e^x - 1`, accurate near 0";
    log, log_, "the natural logarithm `ln x`";
    log1p, log1p_, "`ln(1 + x)`, accurate near 0";
    sqrt, sqrt_, "the square root";
    rsqrt, rsqrt_, "the reciprocal square root `1 / sqrt(x)`";
    sin, sin_, "the sine";
    cos, cos_, "the cosine";
    square, square_, "the square `x * x`";
    reciprocal, reciprocal_, "the reciprocal `1 / x`";
    sign, sign_, "the sign (-1, 0 or 1)";
    floor, floor_, "the largest integer not above `x`";
    ceil, ceil_, "the smallest integer not below `x`";
    round, round_, "`x` rounded to the nearest integer, half to even";
}

/// `rt.neg(input)`: the negation `-x` elementwise (`torch.neg`).
#[pyfunction]
fn neg(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let t = tensor_arg("neg", input)?;
    Ok(PyTensor::new(compute(py, t.numel(), || t.neg()).py()?))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(add, m)?,
        wrap_pyfunction!(sub, m)?,
        wrap_pyfunction!(mul, m)?,
        wrap_pyfunction!(div, m)?,
        wrap_pyfunction!(pow, m)?,
        wrap_pyfunction!(matmul, m)?,
        wrap_pyfunction!(maximum, m)?,
        wrap_pyfunction!(minimum, m)?,
        wrap_pyfunction!(clamp, m)?,
        wrap_pyfunction!(where_, m)?,
        wrap_pyfunction!(neg, m)?,
    ] {
        m.add_function(f)?;
    }
    register_unary(m)
}
