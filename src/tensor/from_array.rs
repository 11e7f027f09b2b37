//! Typed tensors from nested arrays: `Tensor::from([[1., 2.], [3., 4.]])` is a
//! `Tensor<f64, Rank2<2, 2>>`, and [`Tensor::scalar`] makes a rank-0 tensor. The
//! [`tensor!`](crate::tensor) literal expands to these, so the element type is inferred by
//! Rust as for the array itself.
//!
//! Each conversion copies the array into a new row-major buffer (a nested array is already
//! row-major in memory). A generic `From<T>` for rank 0 would overlap the array impls
//! (`T` could itself be an array), hence the named constructor.

use crate::dtype::Element;
use crate::shape::{ConstShape, Rank0, Rank1, Rank2, Rank3, Rank4, Rank5, Rank6};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

impl<T: Element> Tensor<T, Rank0> {
    /// Returns a rank-0 tensor (shape `[]`) holding `value`, like `torch.tensor(value)`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::Rank0};
    /// let s: Tensor<f32, Rank0> = Tensor::scalar(2.5);
    /// assert_eq!(s.dims(), &[] as &[usize]);
    /// assert_eq!(s.to_vec(), vec![2.5]);
    /// ```
    pub fn scalar(value: T) -> Self {
        Self::from_row_major(&[value])
    }
}

impl<T: Element, S: ConstShape> Tensor<T, S> {
    /// Copies `data`, which holds exactly `S`'s element count, into a tensor of shape `S`.
    fn from_row_major(data: &[T]) -> Self {
        const OP: &str = "Tensor::from";
        let inner = TensorImpl::from_vec(data.to_vec(), &S::default().dims(), OP)
            .expect("a nested array holds exactly its shape's element count");
        Self::from_kernel(inner, OP)
    }
}

/// `[a, b, c]` as a `Rank1<3>` tensor.
impl<T: Element, const A: usize> From<[T; A]> for Tensor<T, Rank1<A>> {
    fn from(array: [T; A]) -> Self {
        Self::from_row_major(&array)
    }
}

/// `[[a, b, c], [d, e, f]]` as a `Rank2<2, 3>` tensor, rows first.
impl<T: Element, const A: usize, const B: usize> From<[[T; B]; A]> for Tensor<T, Rank2<A, B>> {
    fn from(array: [[T; B]; A]) -> Self {
        Self::from_row_major(array.as_flattened())
    }
}

/// A rank-3 nested array as a `Rank3<A, B, C>` tensor.
impl<T: Element, const A: usize, const B: usize, const C: usize> From<[[[T; C]; B]; A]>
    for Tensor<T, Rank3<A, B, C>>
{
    fn from(array: [[[T; C]; B]; A]) -> Self {
        Self::from_row_major(array.as_flattened().as_flattened())
    }
}

/// A rank-4 nested array as a `Rank4<A, B, C, D>` tensor.
impl<T: Element, const A: usize, const B: usize, const C: usize, const D: usize>
    From<[[[[T; D]; C]; B]; A]> for Tensor<T, Rank4<A, B, C, D>>
{
    fn from(array: [[[[T; D]; C]; B]; A]) -> Self {
        Self::from_row_major(array.as_flattened().as_flattened().as_flattened())
    }
}

/// A rank-5 nested array as a `Rank5<A, B, C, D, E>` tensor.
impl<T: Element, const A: usize, const B: usize, const C: usize, const D: usize, const E: usize>
    From<[[[[[T; E]; D]; C]; B]; A]> for Tensor<T, Rank5<A, B, C, D, E>>
{
    fn from(array: [[[[[T; E]; D]; C]; B]; A]) -> Self {
        let flat = array.as_flattened().as_flattened().as_flattened();
        Self::from_row_major(flat.as_flattened())
    }
}

/// A rank-6 nested array as a `Rank6<A, B, C, D, E, F>` tensor.
impl<
    T: Element,
    const A: usize,
    const B: usize,
    const C: usize,
    const D: usize,
    const E: usize,
    const F: usize,
> From<[[[[[[T; F]; E]; D]; C]; B]; A]> for Tensor<T, Rank6<A, B, C, D, E, F>>
{
    fn from(array: [[[[[[T; F]; E]; D]; C]; B]; A]) -> Self {
        let flat = array.as_flattened().as_flattened().as_flattened();
        Self::from_row_major(flat.as_flattened().as_flattened())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DynTensor;

    #[test]
    fn arrays_copy_row_major_with_their_shape() {
        let v = Tensor::from([1i64, -2, 3]);
        let _: &Tensor<i64, Rank1<3>> = &v;
        assert_eq!((v.dims(), v.to_vec()), (&[3][..], vec![1, -2, 3]));

        let m: Tensor<f32, Rank2<2, 3>> = Tensor::from([[1., 2., 3.], [4., 5., 6.]]);
        assert_eq!(m.to_vec(), vec![1., 2., 3., 4., 5., 6.]);
        assert_eq!(
            DynTensor::from(m)
                .select(0, 1)
                .unwrap()
                .to_vec::<f32>()
                .unwrap(),
            vec![4., 5., 6.],
            "the first index picks a row"
        );

        let c = Tensor::<f64, Rank3<2, 1, 2>>::from([[[1., 2.]], [[3., 4.]]]);
        assert_eq!(
            (c.dims(), c.to_vec()),
            (&[2, 1, 2][..], vec![1., 2., 3., 4.])
        );

        let mut a4 = [[[[0i32; 2]; 3]; 1]; 2];
        a4[1][0][2][1] = 7;
        let t = Tensor::from(a4);
        assert_eq!(t.dims(), &[2, 1, 3, 2]);
        assert_eq!(t.to_vec()[11], 7, "index [1][0][2][1] is offset 6 + 4 + 1");
        assert_eq!(t.to_vec().iter().sum::<i32>(), 7);

        let t5 = Tensor::from([[[[[1i32, 2]]], [[[3, 4]]]]]);
        assert_eq!(
            (t5.dims(), t5.to_vec()),
            (&[1, 2, 1, 1, 2][..], vec![1, 2, 3, 4])
        );
        let t6 = Tensor::from([[[[[[true], [false]]]]]]);
        assert_eq!(
            (t6.dims(), t6.to_vec()),
            (&[1, 1, 1, 1, 2, 1][..], vec![true, false])
        );
    }

    #[test]
    fn zero_size_arrays_and_scalars() {
        let e = Tensor::<f32, Rank1<0>>::from([]);
        assert_eq!((e.dims(), e.to_vec()), (&[0][..], vec![]));
        let e = Tensor::<f64, Rank2<2, 0>>::from([[], []]);
        assert_eq!(e.dims(), &[2, 0]);
        let e = Tensor::<f64, Rank2<0, 3>>::from([]);
        assert_eq!(e.dims(), &[0, 3]);

        let s = Tensor::scalar(f64::NAN);
        assert_eq!(s.dims(), &[] as &[usize]);
        assert!(s.to_vec()[0].is_nan());
        assert_eq!(s.to_dyn().item::<f64>().map(f64::is_nan).ok(), Some(true));
    }
}
