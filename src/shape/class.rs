//! The shape rules of the class-index losses: `(B, C)` scores against `(B,)` class indices
//! (or `(C,)` scores against a 0-d index), and soft targets of the scores' own shape.

use super::same::{Dims0, Dims1, Dims2};
use super::{Dim, DimEq, Shape};

macro_rules! class_target_trait {
    ($(#[$doc:meta])* $name:ident, $message:literal) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $message,
            label = "class indices must be `(B,)` for `(B, C)` scores, or `()` for `(C,)`",
            note = "the batch dims must be equal (a `usize` dim is checked at run time)"
        )]
        pub trait $name<Targets: Shape>: Shape {
            /// The shape of the per-sample losses: `(B,)` for `(B, C)` scores, `()` for `(C,)`.
            type Samples: Shape;
            /// The per-sample shape value, or `None` if runtime batch dims differ.
            fn samples(self, targets: Targets) -> Option<Self::Samples>;
        }

        #[diagnostic::do_not_recommend]
        impl<B: Dim, C: Dim, R: Shape> $name<R> for (B, C)
        where
            R: Dims1,
            B: DimEq<R::D0>,
        {
            type Samples = (<B as DimEq<R::D0>>::Output,);
            #[inline]
            fn samples(self, targets: R) -> Option<Self::Samples> {
                Some((self.0.unify(targets.split().0)?,))
            }
        }

        #[diagnostic::do_not_recommend]
        impl<C: Dim, R: Dims0> $name<R> for (C,) {
            type Samples = ();
            #[inline]
            fn samples(self, _: R) -> Option<()> {
                Some(())
            }
        }
    };
}

class_target_trait!(
    /// `cross_entropy`'s logits `(B, C)` against class indices `(B,)`, or `(C,)` against `()`.
    ClassTargetShape,
    "cannot take cross entropy of `{Self}` logits against `{Targets}` class indices"
);

class_target_trait!(
    /// `nll_loss`'s log-probabilities `(B, C)` against class indices `(B,)`, or `(C,)`
    /// against `()`.
    NllTargetShape,
    "cannot take nll_loss of `{Self}` log-probabilities against `{Targets}` class indices"
);

/// `cross_entropy_soft`'s logits and class probabilities: `(B, C)` and `(B, C)`, or `(C,)`
/// and `(C,)`, dims pairwise equal ([`DimEq`]).
#[diagnostic::on_unimplemented(
    message = "cannot take cross entropy of `{Self}` logits against `{Targets}` soft targets",
    label = "soft targets must have the logits' shape, `(B, C)` or `(C,)`",
    note = "the dims must be equal (a `usize` dim is checked at run time)"
)]
pub trait SoftTargetShape<Targets: Shape>: Shape {
    /// The shape of the per-sample losses: `(B,)` for `(B, C)` logits, `()` for `(C,)`.
    type Samples: Shape;
    /// The per-sample shape value, or `None` if runtime dims differ.
    fn samples(self, targets: Targets) -> Option<Self::Samples>;
}

#[diagnostic::do_not_recommend]
impl<B: Dim, C: Dim, R: Dims2> SoftTargetShape<R> for (B, C)
where
    B: DimEq<R::D0>,
    C: DimEq<R::D1>,
{
    type Samples = (<B as DimEq<R::D0>>::Output,);
    #[inline]
    fn samples(self, targets: R) -> Option<Self::Samples> {
        let (b, c) = targets.split();
        self.1.unify(c)?;
        Some((self.0.unify(b)?,))
    }
}

#[diagnostic::do_not_recommend]
impl<C: Dim, R: Dims1> SoftTargetShape<R> for (C,)
where
    C: DimEq<R::D0>,
{
    type Samples = ();
    #[inline]
    fn samples(self, targets: R) -> Option<()> {
        self.0.unify(targets.split().0).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Const;

    #[test]
    fn class_targets_give_the_per_sample_shape() {
        assert_eq!(
            ClassTargetShape::samples((4usize, Const::<3>), (Const::<4>,)),
            Some((Const::<4>,))
        );
        assert_eq!(
            NllTargetShape::samples((4usize, Const::<3>), (5usize,)),
            None
        );
        assert_eq!(ClassTargetShape::samples((Const::<3>,), ()), Some(()));
        assert_eq!(
            SoftTargetShape::samples((2usize, Const::<3>), (2usize, 3usize)),
            Some((2usize,))
        );
        assert_eq!(
            SoftTargetShape::samples((2usize, 3usize), (2usize, 4usize)),
            None
        );
        assert_eq!(SoftTargetShape::samples((Const::<3>,), (3usize,)), Some(()));
    }
}
