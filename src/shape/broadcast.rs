//! NumPy broadcasting of two shapes, as traits with an impl for every pair of ranks: one
//! per elementwise op, so that a compile error names the op.

use super::{Dim, DimBroadcast, Shape};

/// Declares a shape trait for NumPy broadcasting whose compile error names the op.
macro_rules! broadcast_trait {
    ($(#[$doc:meta])* $tr:ident, $message:literal, $label:literal) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $message,
            label = $label,
            note = "trailing dims are aligned; each pair must be equal, or one of them `One`",
            note = "a `Const<1>` does not stretch; write `One` for a dim that should broadcast"
        )]
        pub trait $tr<Rhs: Shape>: Shape {
            /// The broadcast shape.
            type Output: Shape;
            /// The broadcast shape value, or `None` if runtime dims do not broadcast.
            fn broadcast(self, rhs: Rhs) -> Option<Self::Output>;
        }
        rank_pairs!(impl_broadcast, $tr);
    };
}

/// Calls `$m!($tr; lhs: .., rhs: .., lead: .., pairs: ..)` for every pair of ranks 0 to 6:
/// `lead` are the dims the longer shape passes through, `pairs` the aligned trailing dims.
macro_rules! rank_pairs {
    ($m:ident, $tr:ident) => {
        $m!($tr; lhs: (), rhs: (), lead: [], pairs: []);
        $m!($tr; lhs: (), rhs: (B0), lead: [B0], pairs: []);
        $m!($tr; lhs: (), rhs: (B0, B1), lead: [B0, B1], pairs: []);
        $m!($tr; lhs: (), rhs: (B0, B1, B2), lead: [B0, B1, B2], pairs: []);
        $m!($tr; lhs: (), rhs: (B0, B1, B2, B3), lead: [B0, B1, B2, B3], pairs: []);
        $m!($tr; lhs: (), rhs: (B0, B1, B2, B3, B4), lead: [B0, B1, B2, B3, B4], pairs: []);
        $m!($tr; lhs: (), rhs: (B0, B1, B2, B3, B4, B5), lead: [B0, B1, B2, B3, B4, B5], pairs: []);
        $m!($tr; lhs: (A0), rhs: (), lead: [A0], pairs: []);
        $m!($tr; lhs: (A0), rhs: (B0), lead: [], pairs: [(A0, B0)]);
        $m!($tr; lhs: (A0), rhs: (B0, B1), lead: [B0], pairs: [(A0, B1)]);
        $m!($tr; lhs: (A0), rhs: (B0, B1, B2), lead: [B0, B1], pairs: [(A0, B2)]);
        $m!($tr; lhs: (A0), rhs: (B0, B1, B2, B3), lead: [B0, B1, B2], pairs: [(A0, B3)]);
        $m!($tr; lhs: (A0), rhs: (B0, B1, B2, B3, B4), lead: [B0, B1, B2, B3], pairs: [(A0, B4)]);
        $m!($tr; lhs: (A0), rhs: (B0, B1, B2, B3, B4, B5), lead: [B0, B1, B2, B3, B4], pairs: [(A0, B5)]);
        $m!($tr; lhs: (A0, A1), rhs: (), lead: [A0, A1], pairs: []);
        $m!($tr; lhs: (A0, A1), rhs: (B0), lead: [A0], pairs: [(A1, B0)]);
        $m!($tr; lhs: (A0, A1), rhs: (B0, B1), lead: [], pairs: [(A0, B0), (A1, B1)]);
        $m!($tr; lhs: (A0, A1), rhs: (B0, B1, B2), lead: [B0], pairs: [(A0, B1), (A1, B2)]);
        $m!($tr; lhs: (A0, A1), rhs: (B0, B1, B2, B3), lead: [B0, B1], pairs: [(A0, B2), (A1, B3)]);
        $m!($tr; lhs: (A0, A1), rhs: (B0, B1, B2, B3, B4), lead: [B0, B1, B2], pairs: [(A0, B3), (A1, B4)]);
        $m!($tr; lhs: (A0, A1), rhs: (B0, B1, B2, B3, B4, B5), lead: [B0, B1, B2, B3], pairs: [(A0, B4), (A1, B5)]);
        $m!($tr; lhs: (A0, A1, A2), rhs: (), lead: [A0, A1, A2], pairs: []);
        $m!($tr; lhs: (A0, A1, A2), rhs: (B0), lead: [A0, A1], pairs: [(A2, B0)]);
        $m!($tr; lhs: (A0, A1, A2), rhs: (B0, B1), lead: [A0], pairs: [(A1, B0), (A2, B1)]);
        $m!($tr; lhs: (A0, A1, A2), rhs: (B0, B1, B2), lead: [], pairs: [(A0, B0), (A1, B1), (A2, B2)]);
        $m!($tr; lhs: (A0, A1, A2), rhs: (B0, B1, B2, B3), lead: [B0], pairs: [(A0, B1), (A1, B2), (A2, B3)]);
        $m!($tr; lhs: (A0, A1, A2), rhs: (B0, B1, B2, B3, B4), lead: [B0, B1], pairs: [(A0, B2), (A1, B3), (A2, B4)]);
        $m!($tr; lhs: (A0, A1, A2), rhs: (B0, B1, B2, B3, B4, B5), lead: [B0, B1, B2], pairs: [(A0, B3), (A1, B4), (A2, B5)]);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (), lead: [A0, A1, A2, A3], pairs: []);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (B0), lead: [A0, A1, A2], pairs: [(A3, B0)]);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (B0, B1), lead: [A0, A1], pairs: [(A2, B0), (A3, B1)]);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (B0, B1, B2), lead: [A0], pairs: [(A1, B0), (A2, B1), (A3, B2)]);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (B0, B1, B2, B3), lead: [], pairs: [(A0, B0), (A1, B1), (A2, B2), (A3, B3)]);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (B0, B1, B2, B3, B4), lead: [B0], pairs: [(A0, B1), (A1, B2), (A2, B3), (A3, B4)]);
        $m!($tr; lhs: (A0, A1, A2, A3), rhs: (B0, B1, B2, B3, B4, B5), lead: [B0, B1], pairs: [(A0, B2), (A1, B3), (A2, B4), (A3, B5)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (), lead: [A0, A1, A2, A3, A4], pairs: []);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (B0), lead: [A0, A1, A2, A3], pairs: [(A4, B0)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (B0, B1), lead: [A0, A1, A2], pairs: [(A3, B0), (A4, B1)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (B0, B1, B2), lead: [A0, A1], pairs: [(A2, B0), (A3, B1), (A4, B2)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (B0, B1, B2, B3), lead: [A0], pairs: [(A1, B0), (A2, B1), (A3, B2), (A4, B3)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (B0, B1, B2, B3, B4), lead: [], pairs: [(A0, B0), (A1, B1), (A2, B2), (A3, B3), (A4, B4)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4), rhs: (B0, B1, B2, B3, B4, B5), lead: [B0], pairs: [(A0, B1), (A1, B2), (A2, B3), (A3, B4), (A4, B5)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (), lead: [A0, A1, A2, A3, A4, A5], pairs: []);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (B0), lead: [A0, A1, A2, A3, A4], pairs: [(A5, B0)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (B0, B1), lead: [A0, A1, A2, A3], pairs: [(A4, B0), (A5, B1)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (B0, B1, B2), lead: [A0, A1, A2], pairs: [(A3, B0), (A4, B1), (A5, B2)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (B0, B1, B2, B3), lead: [A0, A1], pairs: [(A2, B0), (A3, B1), (A4, B2), (A5, B3)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (B0, B1, B2, B3, B4), lead: [A0], pairs: [(A1, B0), (A2, B1), (A3, B2), (A4, B3), (A5, B4)]);
        $m!($tr; lhs: (A0, A1, A2, A3, A4, A5), rhs: (B0, B1, B2, B3, B4, B5), lead: [], pairs: [(A0, B0), (A1, B1), (A2, B2), (A3, B3), (A4, B4), (A5, B5)]);
    };
}

macro_rules! impl_broadcast {
    ($tr:ident; lhs: ($($l:ident),*), rhs: ($($r:ident),*), lead: [$($lead:ident),*], pairs: [$(($a:ident, $b:ident)),*]) => {
        #[diagnostic::do_not_recommend]
        impl<$($l: Dim,)* $($r: Dim,)*> $tr<($($r,)*)> for ($($l,)*)
        where
            $($a: DimBroadcast<$b>,)*
        {
            type Output = ($($lead,)* $(<$a as DimBroadcast<$b>>::Output,)*);
            #[allow(non_snake_case, unused_variables)]
            #[inline]
            fn broadcast(self, rhs: ($($r,)*)) -> Option<Self::Output> {
                let ($($l,)*) = self;
                let ($($r,)*) = rhs;
                Some(($($lead,)* $($a.broadcast($b)?,)*))
            }
        }
    };
}

broadcast_trait!(
    /// Two shapes that broadcast under NumPy's rules: trailing dims aligned, each pair equal
    /// or one of them [`super::One`]; the longer shape's leading dims pass through. The rule
    /// of every elementwise op of two tensors; the common operators have their own copy of
    /// it ([`AddShape`], ...) so that their compile errors name the op.
    BroadcastShape,
    "cannot broadcast a `{Self}` tensor with a `{Rhs}` tensor",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for `+` / `add`.
    AddShape,
    "cannot add a `{Self}` tensor and a `{Rhs}` tensor",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for `-` / `sub`.
    SubShape,
    "cannot subtract a `{Rhs}` tensor from a `{Self}` tensor",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for `*` / `mul`.
    MulShape,
    "cannot multiply a `{Self}` tensor by a `{Rhs}` tensor elementwise",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for `/` / `div`.
    DivShape,
    "cannot divide a `{Self}` tensor by a `{Rhs}` tensor",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for the comparisons (`eq`, `lt`, ...).
    CompareShape,
    "cannot compare a `{Self}` tensor with a `{Rhs}` tensor",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for `pow`.
    PowShape,
    "cannot raise a `{Self}` tensor to the power of a `{Rhs}` tensor",
    "these shapes do not broadcast"
);
broadcast_trait!(
    /// [`BroadcastShape`] for `maximum` and `minimum`.
    ExtremumShape,
    "cannot take the elementwise maximum or minimum of a `{Self}` tensor and a `{Rhs}` tensor",
    "these shapes do not broadcast"
);

#[cfg(test)]
mod tests {
    use super::BroadcastShape;
    use crate::shape::{Const, One};

    #[test]
    fn broadcast_aligns_trailing_dims_and_checks_runtime_sizes() {
        let out = (Const::<2>, One, Const::<3>).broadcast((4usize, One));
        assert_eq!(out, Some((Const::<2>, 4usize, Const::<3>)));
        assert_eq!(
            (5usize, Const::<3>).broadcast((Const::<3>,)),
            Some((5, Const))
        );
        assert_eq!((5usize,).broadcast((6usize,)), None);
        assert_eq!(().broadcast((Const::<2>,)), Some((Const::<2>,)));
        // Every op's copy of the rule computes the same shapes.
        assert_eq!(
            super::SubShape::broadcast((Const::<2>, One, Const::<3>), (4usize, One)),
            out
        );
        assert_eq!(super::SubShape::broadcast((5usize,), (6usize,)), None);
    }
}
