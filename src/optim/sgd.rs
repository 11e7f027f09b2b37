//! Stochastic gradient descent, plain and with momentum.

use super::{check_finite, check_same};
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::Result;
use crate::kernel::{self, Cost};
use crate::tensor_impl::TensorImpl;

/// `p - lr * g`: the kernel both faces share.
pub fn sgd_impl<T: Float>(
    param: &TensorImpl<T>,
    grad: &TensorImpl<T>,
    lr: f64,
) -> Result<TensorImpl<T>> {
    let lr = T::c(lr);
    kernel::zip("sgd_update", param, grad, Cost::Cheap, move |p, g| {
        p - lr * g
    })
}

/// `(p - lr * v', v')` with `v' = momentum * v + g`: the kernel both faces share.
pub fn sgd_momentum_impl<T: Float>(
    param: &TensorImpl<T>,
    grad: &TensorImpl<T>,
    velocity: &TensorImpl<T>,
    lr: f64,
    momentum: f64,
) -> Result<(TensorImpl<T>, TensorImpl<T>)> {
    let (lr, mu) = (T::c(lr), T::c(momentum));
    let v = kernel::zip(
        "sgd_momentum_update",
        velocity,
        grad,
        Cost::Cheap,
        move |v, g| mu * v + g,
    )?;
    let p = kernel::zip(
        "sgd_momentum_update",
        param,
        &v,
        Cost::Cheap,
        move |p, v| p - lr * v,
    )?;
    Ok((p, v))
}

/// Returns `param - lr * grad` (one step of `torch.optim.SGD` without momentum).
///
/// # Errors
/// [`crate::Error::ShapeMismatch`] or [`crate::Error::DType`] unless `param` and `grad`
/// share a shape and a float dtype; [`crate::Error::InvalidArgument`] for a non-finite `lr`.
pub fn sgd_update(param: &DynTensor, grad: &DynTensor, lr: f64) -> Result<DynTensor> {
    check_same("sgd_update", &[param, grad])?;
    check_finite("sgd_update", "lr", lr)?;
    Ok(match (param.data(), grad.data()) {
        (Data::Float32(p), Data::Float32(g)) => sgd_impl(p, g, lr)?.into(),
        (Data::Float64(p), Data::Float64(g)) => sgd_impl(p, g, lr)?.into(),
        _ => unreachable!("check_same admits one float dtype"),
    })
}

/// One step of `torch.optim.SGD` with momentum (no dampening, no Nesterov): the new
/// velocity is `momentum * velocity + grad` and the new parameter `param - lr * velocity'`.
/// Start with a zero velocity: PyTorch's first step sets the buffer to the gradient, which
/// is the same thing. Returns `(param', velocity')`.
///
/// # Errors
/// As [`sgd_update`], for all three tensors.
pub fn sgd_momentum_update(
    param: &DynTensor,
    grad: &DynTensor,
    velocity: &DynTensor,
    lr: f64,
    momentum: f64,
) -> Result<(DynTensor, DynTensor)> {
    check_same("sgd_momentum_update", &[param, grad, velocity])?;
    check_finite("sgd_momentum_update", "lr", lr)?;
    check_finite("sgd_momentum_update", "momentum", momentum)?;
    Ok(match (param.data(), grad.data(), velocity.data()) {
        (Data::Float32(p), Data::Float32(g), Data::Float32(v)) => {
            let (p, v) = sgd_momentum_impl(p, g, v, lr, momentum)?;
            (p.into(), v.into())
        }
        (Data::Float64(p), Data::Float64(g), Data::Float64(v)) => {
            let (p, v) = sgd_momentum_impl(p, g, v, lr, momentum)?;
            (p.into(), v.into())
        }
        _ => unreachable!("check_same admits one float dtype"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    fn t(v: &[f64]) -> DynTensor {
        DynTensor::from_vec(v.to_vec(), &[v.len()]).unwrap()
    }

    #[test]
    fn sgd_steps() {
        let p = sgd_update(&t(&[1.0, 2.0]), &t(&[0.5, -1.0]), 0.1).unwrap();
        assert_eq!(p.to_vec::<f64>().unwrap(), vec![0.95, 2.1]);
        assert!(sgd_update(&t(&[1.0]), &t(&[1.0, 2.0]), 0.1).is_err());
        let i = DynTensor::zeros(&[2], DType::Int64).unwrap();
        assert!(sgd_update(&i, &i, 0.1).is_err());
    }

    #[test]
    fn momentum_accumulates_over_three_steps() {
        // By hand: v1 = g, v2 = 0.9 g + g, v3 = 0.9 v2 + g, with g = 1 each step.
        let (mut p, mut v) = (t(&[0.0]), t(&[0.0]));
        for _ in 0..3 {
            (p, v) = sgd_momentum_update(&p, &t(&[1.0]), &v, 0.1, 0.9).unwrap();
        }
        let v3 = 0.9 * 1.9 + 1.0;
        assert!((v.item::<f64>().unwrap() - v3).abs() < 1e-12);
        assert!((p.item::<f64>().unwrap() + 0.1 * (1.0 + 1.9 + v3)).abs() < 1e-12);
    }
}
