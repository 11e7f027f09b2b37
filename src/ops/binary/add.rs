//! `add`: `a + b`

use super::{
    BinaryOp, Grads2, binary, binary_, binary_scalar, binary_scalar_, grad_if, typed, typed_scalar,
};
use crate::dtype::{Numeric, Scalar};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{AddShape, Shape};
use crate::tensor::Tensor;

/// The `add` op: `a + b`
#[derive(Clone, Copy, Debug)]
pub struct Add;

impl BinaryOp for Add {
    const NAME: &'static str = "add";
    #[inline(always)]
    fn apply<T: Numeric>(a: T, b: T) -> T {
        a.wrapping_add_(b)
    }
    fn apply_bool(a: bool, b: bool) -> Option<bool> {
        let _ = (a, b);
        Some(a | b)
    }
    fn backward(
        a: &DynTensor,
        b: &DynTensor,
        out: &DynTensor,
        g: &DynTensor,
        need: [bool; 2],
    ) -> Result<Grads2> {
        let _ = (a, b, out);
        Ok([
            grad_if(need[0], || Ok(g.clone()))?,
            grad_if(need[1], || Ok(g.clone()))?,
        ])
    }
}

impl DynTensor {
    /// Returns `a + b`, elementwise with NumPy broadcasting and PyTorch type promotion.
    ///
    /// # Errors
    /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
    pub fn add(&self, other: &DynTensor) -> Result<DynTensor> {
        binary::<Add>(self, other)
    }

    /// [`DynTensor::add`] with a scalar right operand.
    pub fn add_scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        binary_scalar::<Add>(self, other.into())
    }

    /// In-place [`DynTensor::add`]: writes into this tensor's buffer, or into a private copy
    /// if another tensor shares it. `other` must broadcast to this tensor's shape.
    pub fn add_(&mut self, other: &DynTensor) -> Result<()> {
        binary_::<Add>(self, other)
    }

    /// In-place [`DynTensor::add_scalar`].
    pub fn add_scalar_(&mut self, other: impl Into<Scalar>) -> Result<()> {
        binary_scalar_::<Add>(self, other.into())
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns `self + rhs` elementwise with NumPy broadcasting; the output shape type is
    /// the broadcast of both shape types, and shapes that cannot broadcast do not compile.
    ///
    /// # Panics
    /// If `usize` dims do not broadcast at run time (the message names both shapes).
    pub fn add<R: Shape>(&self, rhs: &Tensor<T, R>) -> Tensor<T, <S as AddShape<R>>::Output>
    where
        S: AddShape<R>,
    {
        typed::<Add, T, S, R, _>(self, rhs, S::broadcast)
    }

    /// Returns `self + s` elementwise for a scalar `s`; the shape is kept.
    pub fn add_scalar(&self, s: T) -> Tensor<T, S> {
        typed_scalar::<Add, T, S>(self, s)
    }
}

impl<T: Numeric, S: AddShape<R>, R: Shape> std::ops::Add<&Tensor<T, R>> for &Tensor<T, S> {
    type Output = Tensor<T, <S as AddShape<R>>::Output>;
    fn add(self, rhs: &Tensor<T, R>) -> Self::Output {
        typed::<Add, T, S, R, _>(self, rhs, S::broadcast)
    }
}

impl<T: Numeric, S: Shape> std::ops::Add<T> for &Tensor<T, S> {
    type Output = Tensor<T, S>;
    fn add(self, s: T) -> Tensor<T, S> {
        typed_scalar::<Add, T, S>(self, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Const, One, Rank1, Rank2};

    #[test]
    fn typed_add_broadcasts_in_the_type() {
        let a = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        let row = Tensor::<f32, Rank1<3>>::from_vec(vec![10.0, 20.0, 30.0]).unwrap();
        let s: Tensor<f32, Rank2<2, 3>> = a.add(&row);
        assert_eq!(s.to_vec(), vec![11.0, 22.0, 33.0, 14.0, 25.0, 36.0]);
        let col = Tensor::<f32, (Const<2>, One)>::from_vec(vec![100.0, 200.0]).unwrap();
        let t: Tensor<f32, Rank2<2, 3>> = &a + &col;
        assert_eq!(t.to_vec(), vec![101.0, 102.0, 103.0, 204.0, 205.0, 206.0]);
        // A runtime batch dim meets a static one: checked at run time, and the static
        // side wins in the output type.
        let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
        let u: Tensor<f32, Rank2<2, 3>> = b.add(&a);
        assert_eq!(u.to_vec(), a.to_vec());
    }

    #[test]
    #[should_panic(expected = "add: shapes [4, 3] and [2, 3] cannot be broadcast together")]
    fn mismatched_runtime_dims_panic_with_both_shapes() {
        let a = Tensor::<f32, (usize, Const<3>)>::zeros_with((4, Const)).unwrap();
        let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
        let _ = a.add(&b);
    }

    #[test]
    fn integer_overflow_wraps_as_in_pytorch() -> Result<()> {
        let a = DynTensor::from_vec(vec![i64::MAX, i64::MIN], &[2])?;
        let b = DynTensor::from_vec(vec![1i64, -1], &[2])?;
        assert_eq!(a.add(&b)?.to_vec::<i64>()?, vec![i64::MIN, i64::MAX]);
        assert_eq!(
            a.sub(&b)?.to_vec::<i64>()?,
            vec![i64::MAX - 1, i64::MIN + 1]
        );
        assert_eq!(a.mul(&b)?.to_vec::<i64>()?, vec![i64::MAX, i64::MIN]);
        let c = DynTensor::from_vec(vec![i32::MAX], &[1])?;
        assert_eq!(c.add_scalar(1i64)?.to_vec::<i32>()?, vec![i32::MIN]);
        assert_eq!(c.mul_scalar(2i64)?.to_vec::<i32>()?, vec![-2]);
        Ok(())
    }
}
