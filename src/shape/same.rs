//! Shapes that must be equal, dim by dim: one trait per rule that needs it, so that each
//! compile error names its rule ([`LossShape`] for a loss's prediction and target,
//! [`UpdateShape`] for an optimizer's parameter, gradient and state).
//!
//! Both shapes must have the same rank and each pair of dims must be [`DimEq`]: two
//! `Const`s must be equal at compile time; a `usize` against anything is checked at run
//! time, and the static side wins in the unified shape.

use super::{Dim, DimEq, Shape};

/// The prediction and target of an elementwise loss (`mse_loss`, `l1_loss`,
/// `smooth_l1_loss`, `binary_cross_entropy`, `binary_cross_entropy_with_logits`) or the
/// logits and soft targets of `cross_entropy_soft`: the same rank, and each pair of dims
/// equal ([`DimEq`]).
#[diagnostic::on_unimplemented(
    message = "a loss's prediction `{Self}` and target `{Rhs}` must have the same shape",
    label = "prediction and target shapes differ",
    note = "both shapes must have the same rank, and each pair of dims must be equal (a `usize` dim is checked at run time)"
)]
pub trait LossShape<Rhs: Shape>: Shape {
    /// The unified shape (a static dim wins over a `usize` one).
    type Output: Shape;
    /// The unified shape value, or `None` if runtime dims differ.
    fn unify(self, rhs: Rhs) -> Option<Self::Output>;
}

/// An optimizer's parameter and a gradient or state tensor (momentum, `exp_avg`,
/// `exp_avg_sq`): the same rank, and each pair of dims equal ([`DimEq`]).
#[diagnostic::on_unimplemented(
    message = "an optimizer's parameter `{Self}` and gradient/state `{Rhs}` must have the same shape",
    label = "parameter and gradient/state shapes differ",
    note = "the gradient and every state tensor have the parameter's shape (a `usize` dim is checked at run time)"
)]
pub trait UpdateShape<Rhs: Shape>: Shape {
    /// The unified shape (a static dim wins over a `usize` one).
    type Output: Shape;
    /// The unified shape value, or `None` if runtime dims differ.
    fn unify(self, rhs: Rhs) -> Option<Self::Output>;
}

/// A shape of rank `N` whose dims are named by associated types: lets the impls of
/// [`LossShape`] and friends match any right-hand shape, so that a rank mismatch reports the
/// rule's message instead of rustc inferring the rank from the only candidate impl.
macro_rules! tuple_dims {
    ($name:ident; $(($b:ident, $d:ident)),*) => {
        /// A shape of this rank, its dims named (an implementation detail of the shape rules).
        #[diagnostic::on_unimplemented(
            message = "a `{Self}` shape has the wrong rank here",
            label = "this shape has the wrong rank for the op's shape rule"
        )]
        pub trait $name: Shape {
            $(
                /// A dim.
                type $d: Dim;
            )*
            /// The dims.
            fn split(self) -> ($(Self::$d,)*);
        }
        impl<$($b: Dim),*> $name for ($($b,)*) {
            $(type $d = $b;)*
            #[inline]
            fn split(self) -> ($($b,)*) {
                self
            }
        }
    };
}

tuple_dims!(Dims0;);
tuple_dims!(Dims1; (B0, D0));
tuple_dims!(Dims2; (B0, D0), (B1, D1));
tuple_dims!(Dims3; (B0, D0), (B1, D1), (B2, D2));
tuple_dims!(Dims4; (B0, D0), (B1, D1), (B2, D2), (B3, D3));
tuple_dims!(Dims5; (B0, D0), (B1, D1), (B2, D2), (B3, D3), (B4, D4));
tuple_dims!(Dims6; (B0, D0), (B1, D1), (B2, D2), (B3, D3), (B4, D4), (B5, D5));

macro_rules! impl_same {
    ($tr:ident; $dims:ident; $(($a:ident, $b:ident, $d:ident)),*) => {
        #[diagnostic::do_not_recommend]
        impl<$($a: Dim,)* R: $dims> $tr<R> for ($($a,)*)
        where
            $($a: DimEq<R::$d>,)*
        {
            type Output = ($(<$a as DimEq<R::$d>>::Output,)*);
            #[allow(non_snake_case, clippy::unused_unit)]
            #[inline]
            fn unify(self, rhs: R) -> Option<Self::Output> {
                let ($($a,)*) = self;
                let ($($b,)*) = rhs.split();
                Some(($($a.unify($b)?,)*))
            }
        }
    };
}

macro_rules! impl_same_all_ranks {
    ($($tr:ident),*) => {
        $(
            impl_same!($tr; Dims0;);
            impl_same!($tr; Dims1; (A0, B0, D0));
            impl_same!($tr; Dims2; (A0, B0, D0), (A1, B1, D1));
            impl_same!($tr; Dims3; (A0, B0, D0), (A1, B1, D1), (A2, B2, D2));
            impl_same!($tr; Dims4; (A0, B0, D0), (A1, B1, D1), (A2, B2, D2), (A3, B3, D3));
            impl_same!($tr; Dims5; (A0, B0, D0), (A1, B1, D1), (A2, B2, D2), (A3, B3, D3), (A4, B4, D4));
            impl_same!($tr; Dims6; (A0, B0, D0), (A1, B1, D1), (A2, B2, D2), (A3, B3, D3), (A4, B4, D4), (A5, B5, D5));
        )*
    };
}

impl_same_all_ranks!(LossShape, UpdateShape);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Const, One};

    #[test]
    fn same_shapes_unify_dim_by_dim() {
        assert_eq!(
            LossShape::unify((5usize, Const::<3>), (Const::<5>, 3usize)),
            Some((Const::<5>, Const::<3>))
        );
        assert_eq!(LossShape::unify((5usize,), (4usize,)), None);
        assert_eq!(UpdateShape::unify((), ()), Some(()));
        assert_eq!(
            UpdateShape::unify((One, 2usize, Const::<4>), (1usize, 2usize, Const::<4>)),
            Some((One, 2usize, Const::<4>))
        );
        assert_eq!(UpdateShape::unify((Const::<2>,), (3usize,)), None);
    }
}
