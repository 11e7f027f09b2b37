//! The comparisons `eq`, `ne`, `lt`, `le`, `gt`, `ge`: elementwise, broadcasting, giving
//! `bool` tensors. Operands are compared in their promoted dtype; NaN compares unequal to
//! everything, as in IEEE 754 and PyTorch.

use crate::dtype::{Element, Scalar};
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::kernel::{self, Cost};
use crate::shape::{CompareShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// An elementwise comparison.
pub trait CompareOp: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// The result for two elements.
    fn apply<T: Element>(a: T, b: T) -> bool;
}

/// Runs a comparison on two typed tensors: the kernel both faces share.
pub fn compare<Op: CompareOp, T: Element>(
    a: &TensorImpl<T>,
    b: &TensorImpl<T>,
) -> Result<TensorImpl<bool>> {
    kernel::zip(Op::NAME, a, b, Cost::Cheap, Op::apply::<T>)
}

fn compare_dyn<Op: CompareOp>(a: &DynTensor, b: &DynTensor) -> Result<DynTensor> {
    super::with_promoted(a, b, |a, b| {
        with_any!(a, x => {
            let y = b.as_impl().expect("both operands have the promoted dtype");
            Ok(compare::<Op, _>(x, y)?.into())
        })
    })
}

macro_rules! comparison {
    ($name:ident, $scalar:ident, $ty:ident, $sym:literal, |$a:ident, $b:ident| $e:expr) => {
        #[doc = concat!("The `", stringify!($name), "` comparison, `a ", $sym, " b`.")]
        #[derive(Clone, Copy, Debug)]
        pub struct $ty;

        impl CompareOp for $ty {
            const NAME: &'static str = stringify!($name);
            #[inline(always)]
            fn apply<T: Element>($a: T, $b: T) -> bool {
                $e
            }
        }

        impl DynTensor {
            #[doc = concat!("Returns `self ", $sym, " other` elementwise as a `bool` tensor, with broadcasting.")]
            ///
            /// # Errors
            /// [`crate::Error::Broadcast`] if the shapes do not broadcast.
            pub fn $name(&self, other: &DynTensor) -> Result<DynTensor> {
                compare_dyn::<$ty>(self, other)
            }

            #[doc = concat!("[`DynTensor::", stringify!($name), "`] against a scalar.")]
            pub fn $scalar(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
                let s = other.into();
                let b = DynTensor::full(&[], s, self.dtype().promote_scalar(s))?;
                compare_dyn::<$ty>(self, &b)
            }
        }

        impl<T: Element, S: Shape> Tensor<T, S> {
            #[doc = concat!("Returns `self ", $sym, " rhs` elementwise as a `bool` tensor, with NumPy")]
            /// broadcasting; the output shape type is the broadcast of both shape types, and
            /// shapes that cannot broadcast do not compile.
            ///
            /// # Panics
            /// If `usize` dims do not broadcast at run time (the message names both shapes).
            pub fn $name<R: Shape>(
                &self,
                rhs: &Tensor<T, R>,
            ) -> Tensor<bool, <S as CompareShape<R>>::Output>
            where
                S: CompareShape<R>,
            {
                super::typed_with(stringify!($name), self, rhs, S::broadcast, compare::<$ty, T>)
            }
        }
    };
}

comparison!(eq, eq_scalar, Eq, "==", |a, b| a == b);
comparison!(ne, ne_scalar, Ne, "!=", |a, b| a != b);
comparison!(lt, lt_scalar, Lt, "<", |a, b| a < b);
comparison!(le, le_scalar, Le, "<=", |a, b| a <= b);
comparison!(gt, gt_scalar, Gt, ">", |a, b| a > b);
comparison!(ge, ge_scalar, Ge, ">=", |a, b| a >= b);

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor};

    #[test]
    fn comparisons_broadcast_promote_and_handle_nan() {
        let a = DynTensor::from_vec(vec![1.0f32, f32::NAN, 3.0, -2.0], &[2, 2]).unwrap();
        let b = DynTensor::from_vec(vec![1i64, 3], &[2]).unwrap();
        let bools = |t: DynTensor| t.to_vec::<bool>().unwrap();
        assert_eq!(bools(a.eq(&b).unwrap()), vec![true, false, false, false]);
        assert_eq!(bools(a.ne(&b).unwrap()), vec![false, true, true, true]);
        assert_eq!(bools(a.lt(&b).unwrap()), vec![false, false, false, true]);
        assert_eq!(bools(a.le(&b).unwrap()), vec![true, false, false, true]);
        assert_eq!(bools(a.gt(&b).unwrap()), vec![false, false, true, false]);
        assert_eq!(bools(a.ge(&b).unwrap()), vec![true, false, true, false]);
        assert_eq!(
            bools(a.gt_scalar(0).unwrap()),
            vec![true, false, true, false]
        );
        assert_eq!(a.eq(&b).unwrap().dtype(), DType::Bool);
        // An int tensor against a float scalar compares in floats: 1 < 1.5.
        let i = DynTensor::from_vec(vec![1i32, 2], &[2]).unwrap();
        assert_eq!(bools(i.lt_scalar(1.5).unwrap()), vec![true, false]);
        let e = a
            .eq(&DynTensor::zeros(&[3], DType::Float32).unwrap())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "eq: shapes [2, 2] and [3] cannot be broadcast together"
        );
    }
}
