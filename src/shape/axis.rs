//! Axes in the type: [`Axis<I>`], and the shape rules of ops that take one (reductions,
//! `softmax`, `transpose`).
//!
//! Each rule has an impl for every rank 1 to 6 and every axis below the rank; an axis out
//! of range has no impl, so the call does not compile. Unlike PyTorch, a 0-d tensor has no
//! axis (PyTorch accepts dim 0 or -1 there); reduce it with the global reductions instead.

use super::{Dim, One, Shape};

/// The axis `I` (0 is the outermost dim), as a value: `t.sum_dim(Axis::<1>)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Axis<const I: usize>;

/// A shape that has the axis `A` (an [`Axis<I>`] with `I` below the rank).
#[diagnostic::on_unimplemented(
    message = "`{A}` is out of range for a `{Self}` tensor",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait HasAxis<A>: Shape {
    /// The axis as an index.
    const INDEX: usize;
    /// The dim type at the axis.
    type Dim: Dim;
    /// The dim at the axis.
    fn dim(self) -> Self::Dim;
}

/// The shape left by reducing the axis `A` away (`keepdim = false`).
#[diagnostic::on_unimplemented(
    message = "cannot reduce a `{Self}` tensor along `{A}`: the axis is out of range",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait ReduceShape<A>: HasAxis<A> {
    /// The shape without the axis.
    type Output: Shape;
    /// The shape value without the axis.
    fn reduce(self) -> Self::Output;
}

/// The shape left by reducing the axis `A` with `keepdim = true`: that dim becomes [`One`]
/// (so the result broadcasts back against the input).
#[diagnostic::on_unimplemented(
    message = "cannot reduce a `{Self}` tensor along `{A}`: the axis is out of range",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait ReduceKeepShape<A>: HasAxis<A> {
    /// The shape with the axis replaced by `One`.
    type Output: Shape;
    /// The shape value with the axis replaced by `One`.
    fn reduce_keep(self) -> Self::Output;
}

/// The shape with the dim at axis `A` replaced by a `D`.
#[diagnostic::on_unimplemented(
    message = "`{A}` is out of range for a `{Self}` tensor",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait ReplaceAxis<A, D: Dim>: HasAxis<A> {
    /// The shape with the new dim.
    type Output: Shape;
    /// The shape value with `d` at the axis.
    fn replace(self, d: D) -> Self::Output;
}

/// The shape with the dims at axes `A` and `B` swapped (`transpose`).
#[diagnostic::on_unimplemented(
    message = "cannot transpose `{A}` and `{B}` of a `{Self}` tensor: an axis is out of range",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait TransposeShape<A, B>: Shape {
    /// The shape with the two dims swapped.
    type Output: Shape;
    /// The shape value with the two dims swapped.
    fn transpose(self) -> Self::Output;
}

/// Swaps the dims at axes `$i < $j` (both orders of the two axes).
macro_rules! impl_transpose {
    ($i:literal, $j:literal; [$($p:ident),*] $x:ident [$($m:ident),*] $y:ident [$($q:ident),*]) => {
        impl_transpose!(@one $i, $j; [$($p),*] $x [$($m),*] $y [$($q),*]);
        impl_transpose!(@one $j, $i; [$($p),*] $x [$($m),*] $y [$($q),*]);
    };
    (@one $a:literal, $b:literal; [$($p:ident),*] $x:ident [$($m:ident),*] $y:ident [$($q:ident),*]) => {
        #[diagnostic::do_not_recommend]
        impl<$($p: Dim,)* $x: Dim, $($m: Dim,)* $y: Dim, $($q: Dim,)*>
            TransposeShape<Axis<$a>, Axis<$b>> for ($($p,)* $x, $($m,)* $y, $($q,)*)
        {
            type Output = ($($p,)* $y, $($m,)* $x, $($q,)*);
            #[allow(non_snake_case)]
            #[inline]
            fn transpose(self) -> Self::Output {
                let ($($p,)* $x, $($m,)* $y, $($q,)*) = self;
                ($($p,)* $y, $($m,)* $x, $($q,)*)
            }
        }
    };
}

impl_transpose!(0, 1; [] D0 [] D1 []);
impl_transpose!(0, 1; [] D0 [] D1 [D2]);
impl_transpose!(0, 2; [] D0 [D1] D2 []);
impl_transpose!(1, 2; [D0] D1 [] D2 []);
impl_transpose!(0, 1; [] D0 [] D1 [D2, D3]);
impl_transpose!(0, 2; [] D0 [D1] D2 [D3]);
impl_transpose!(0, 3; [] D0 [D1, D2] D3 []);
impl_transpose!(1, 2; [D0] D1 [] D2 [D3]);
impl_transpose!(1, 3; [D0] D1 [D2] D3 []);
impl_transpose!(2, 3; [D0, D1] D2 [] D3 []);
impl_transpose!(0, 1; [] D0 [] D1 [D2, D3, D4]);
impl_transpose!(0, 2; [] D0 [D1] D2 [D3, D4]);
impl_transpose!(0, 3; [] D0 [D1, D2] D3 [D4]);
impl_transpose!(0, 4; [] D0 [D1, D2, D3] D4 []);
impl_transpose!(1, 2; [D0] D1 [] D2 [D3, D4]);
impl_transpose!(1, 3; [D0] D1 [D2] D3 [D4]);
impl_transpose!(1, 4; [D0] D1 [D2, D3] D4 []);
impl_transpose!(2, 3; [D0, D1] D2 [] D3 [D4]);
impl_transpose!(2, 4; [D0, D1] D2 [D3] D4 []);
impl_transpose!(3, 4; [D0, D1, D2] D3 [] D4 []);
impl_transpose!(0, 1; [] D0 [] D1 [D2, D3, D4, D5]);
impl_transpose!(0, 2; [] D0 [D1] D2 [D3, D4, D5]);
impl_transpose!(0, 3; [] D0 [D1, D2] D3 [D4, D5]);
impl_transpose!(0, 4; [] D0 [D1, D2, D3] D4 [D5]);
impl_transpose!(0, 5; [] D0 [D1, D2, D3, D4] D5 []);
impl_transpose!(1, 2; [D0] D1 [] D2 [D3, D4, D5]);
impl_transpose!(1, 3; [D0] D1 [D2] D3 [D4, D5]);
impl_transpose!(1, 4; [D0] D1 [D2, D3] D4 [D5]);
impl_transpose!(1, 5; [D0] D1 [D2, D3, D4] D5 []);
impl_transpose!(2, 3; [D0, D1] D2 [] D3 [D4, D5]);
impl_transpose!(2, 4; [D0, D1] D2 [D3] D4 [D5]);
impl_transpose!(2, 5; [D0, D1] D2 [D3, D4] D5 []);
impl_transpose!(3, 4; [D0, D1, D2] D3 [] D4 [D5]);
impl_transpose!(3, 5; [D0, D1, D2] D3 [D4] D5 []);
impl_transpose!(4, 5; [D0, D1, D2, D3] D4 [] D5 []);

macro_rules! impl_axis {
    ($i:literal; [$($p:ident),*] $x:ident [$($q:ident),*]) => {
        #[diagnostic::do_not_recommend]
        impl<$($p: Dim,)* $x: Dim, $($q: Dim,)*> HasAxis<Axis<$i>> for ($($p,)* $x, $($q,)*) {
            const INDEX: usize = $i;
            type Dim = $x;
            #[allow(non_snake_case, unused_variables)]
            #[inline]
            fn dim(self) -> $x {
                let ($($p,)* $x, $($q,)*) = self;
                $x
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($p: Dim,)* $x: Dim, $($q: Dim,)*> ReduceShape<Axis<$i>> for ($($p,)* $x, $($q,)*) {
            type Output = ($($p,)* $($q,)*);
            #[allow(non_snake_case, unused_variables, clippy::unused_unit)]
            #[inline]
            fn reduce(self) -> Self::Output {
                let ($($p,)* $x, $($q,)*) = self;
                ($($p,)* $($q,)*)
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($p: Dim,)* $x: Dim, $($q: Dim,)*> ReduceKeepShape<Axis<$i>>
            for ($($p,)* $x, $($q,)*)
        {
            type Output = ($($p,)* One, $($q,)*);
            #[allow(non_snake_case, unused_variables)]
            #[inline]
            fn reduce_keep(self) -> Self::Output {
                let ($($p,)* $x, $($q,)*) = self;
                ($($p,)* One, $($q,)*)
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($p: Dim,)* $x: Dim, $($q: Dim,)*> TransposeShape<Axis<$i>, Axis<$i>>
            for ($($p,)* $x, $($q,)*)
        {
            type Output = Self;
            #[inline]
            fn transpose(self) -> Self {
                self
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($p: Dim,)* $x: Dim, $($q: Dim,)* New: Dim> ReplaceAxis<Axis<$i>, New>
            for ($($p,)* $x, $($q,)*)
        {
            type Output = ($($p,)* New, $($q,)*);
            #[allow(non_snake_case, unused_variables)]
            #[inline]
            fn replace(self, d: New) -> Self::Output {
                let ($($p,)* $x, $($q,)*) = self;
                ($($p,)* d, $($q,)*)
            }
        }
    };
}

impl_axis!(0; [] D0 []);

impl_axis!(0; [] D0 [D1]);
impl_axis!(1; [D0] D1 []);

impl_axis!(0; [] D0 [D1, D2]);
impl_axis!(1; [D0] D1 [D2]);
impl_axis!(2; [D0, D1] D2 []);

impl_axis!(0; [] D0 [D1, D2, D3]);
impl_axis!(1; [D0] D1 [D2, D3]);
impl_axis!(2; [D0, D1] D2 [D3]);
impl_axis!(3; [D0, D1, D2] D3 []);

impl_axis!(0; [] D0 [D1, D2, D3, D4]);
impl_axis!(1; [D0] D1 [D2, D3, D4]);
impl_axis!(2; [D0, D1] D2 [D3, D4]);
impl_axis!(3; [D0, D1, D2] D3 [D4]);
impl_axis!(4; [D0, D1, D2, D3] D4 []);

impl_axis!(0; [] D0 [D1, D2, D3, D4, D5]);
impl_axis!(1; [D0] D1 [D2, D3, D4, D5]);
impl_axis!(2; [D0, D1] D2 [D3, D4, D5]);
impl_axis!(3; [D0, D1, D2] D3 [D4, D5]);
impl_axis!(4; [D0, D1, D2, D3] D4 [D5]);
impl_axis!(5; [D0, D1, D2, D3, D4] D5 []);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Const;

    #[test]
    fn axes_reduce_keep_and_swap_dims() {
        let s = (Const::<2>, 5usize, Const::<4>);
        assert_eq!(<(Const<2>, usize, Const<4>) as HasAxis<Axis<2>>>::INDEX, 2);
        assert_eq!(HasAxis::<Axis<1>>::dim(s), 5);
        assert_eq!(ReduceShape::<Axis<1>>::reduce(s), (Const::<2>, Const::<4>));
        assert_eq!(ReduceShape::<Axis<0>>::reduce(s), (5usize, Const::<4>));
        assert_eq!(
            ReduceKeepShape::<Axis<1>>::reduce_keep(s),
            (Const::<2>, One, Const::<4>)
        );
        assert_eq!(
            TransposeShape::<Axis<0>, Axis<1>>::transpose(s),
            (5usize, Const::<2>, Const::<4>)
        );
        assert_eq!(TransposeShape::<Axis<2>, Axis<2>>::transpose(s), s);
        let six = (1usize, 2usize, 3usize, 4usize, 5usize, 6usize);
        assert_eq!(
            TransposeShape::<Axis<5>, Axis<0>>::transpose(six),
            (6, 2, 3, 4, 5, 1)
        );
        assert_eq!(ReduceShape::<Axis<5>>::reduce(six), (1, 2, 3, 4, 5));
    }
}
