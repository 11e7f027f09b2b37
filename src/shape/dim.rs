//! Dims: [`Const<N>`] (static), `usize` (known at run time) and [`One`] (size 1, stretches
//! under broadcasting), and the rules that relate two dims.

use std::fmt::Debug;

/// A dimension of a shape: its size known at compile time ([`Const<N>`], [`One`]) or at
/// run time (`usize`).
pub trait Dim: Copy + Debug + Send + Sync + 'static {
    /// `Some(n)` for a static dim.
    const STATIC: Option<usize>;
    /// The size.
    fn size(self) -> usize;
    /// The dim of size `n`, or `None` if this dim type cannot have that size.
    fn from_size(n: usize) -> Option<Self>;
    /// Broadcasts two dims of this type: equal sizes, or a runtime size 1 that stretches.
    /// (Only a `usize` can differ at run time; a static dim equals itself.)
    #[inline]
    fn broadcast_same(self, other: Self) -> Option<Self> {
        let (a, b) = (self.size(), other.size());
        if a == b || b == 1 {
            Some(self)
        } else if a == 1 {
            Some(other)
        } else {
            None
        }
    }
}

/// A dim whose size `N` is part of the type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Const<const N: usize>;

/// A static dim of size 1 that stretches to any size under broadcasting (what a `keepdim`
/// reduction leaves). A `Const<1>` does not stretch: write `One` where a dim should.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct One;

impl<const N: usize> Dim for Const<N> {
    const STATIC: Option<usize> = Some(N);
    #[inline]
    fn size(self) -> usize {
        N
    }
    #[inline]
    fn from_size(n: usize) -> Option<Self> {
        (n == N).then_some(Const)
    }
}

impl Dim for One {
    const STATIC: Option<usize> = Some(1);
    #[inline]
    fn size(self) -> usize {
        1
    }
    #[inline]
    fn from_size(n: usize) -> Option<Self> {
        (n == 1).then_some(One)
    }
}

impl Dim for usize {
    const STATIC: Option<usize> = None;
    #[inline]
    fn size(self) -> usize {
        self
    }
    #[inline]
    fn from_size(n: usize) -> Option<Self> {
        Some(n)
    }
}

/// A dim whose size is in its type ([`Const<N>`] or [`One`]), so it can be made from nothing.
pub trait ConstDim: Dim + Default {}
impl<const N: usize> ConstDim for Const<N> {}
impl ConstDim for One {}

/// Two dims that must be equal (the inner dims of a matmul). Two different `Const`s have no
/// impl, a compile error; a `usize` against anything is checked at run time, and the static
/// side wins in the output type.
#[diagnostic::on_unimplemented(
    message = "the dims `{Self}` and `{Rhs}` must be equal",
    label = "these dims differ"
)]
pub trait DimEq<Rhs: Dim>: Dim {
    /// The unified dim.
    type Output: Dim;
    /// The unified dim, or `None` if runtime sizes differ.
    fn unify(self, rhs: Rhs) -> Option<Self::Output>;
}

/// A dim against itself: also for a generic `D: Dim`, so that code generic over a batch dim
/// (`fn step<B: Dim>(..)`) can pair `B` with `B`. Runtime sizes are compared.
impl<D: Dim> DimEq<D> for D {
    type Output = D;
    #[inline]
    fn unify(self, rhs: D) -> Option<D> {
        (self.size() == rhs.size()).then_some(self)
    }
}
impl<const N: usize> DimEq<usize> for Const<N> {
    type Output = Const<N>;
    #[inline]
    fn unify(self, rhs: usize) -> Option<Const<N>> {
        (rhs == N).then_some(Const)
    }
}
impl<const N: usize> DimEq<Const<N>> for usize {
    type Output = Const<N>;
    #[inline]
    fn unify(self, _: Const<N>) -> Option<Const<N>> {
        (self == N).then_some(Const)
    }
}
impl DimEq<usize> for One {
    type Output = One;
    #[inline]
    fn unify(self, rhs: usize) -> Option<One> {
        (rhs == 1).then_some(One)
    }
}
impl DimEq<One> for usize {
    type Output = One;
    #[inline]
    fn unify(self, _: One) -> Option<One> {
        (self == 1).then_some(One)
    }
}

/// Two dims under NumPy broadcasting: equal, or one of them [`One`].
#[diagnostic::on_unimplemented(
    message = "the dims `{Self}` and `{Rhs}` do not broadcast",
    label = "dims must be equal, or one of them `One`",
    note = "a `Const<1>` does not stretch; write `One` for a dim that should broadcast"
)]
pub trait DimBroadcast<Rhs: Dim>: Dim {
    /// The broadcast dim.
    type Output: Dim;
    /// The broadcast dim, or `None` if runtime sizes do not broadcast.
    fn broadcast(self, rhs: Rhs) -> Option<Self::Output>;
}

/// A dim against itself: also for a generic `D: Dim`, so that code generic over a batch dim
/// (`fn forward<B: Dim>(..)`) can add two `(B, ..)` tensors. Runtime sizes are checked.
impl<D: Dim> DimBroadcast<D> for D {
    type Output = D;
    #[inline]
    fn broadcast(self, rhs: D) -> Option<D> {
        self.broadcast_same(rhs)
    }
}
impl<const N: usize> DimBroadcast<usize> for Const<N> {
    type Output = Const<N>;
    #[inline]
    fn broadcast(self, rhs: usize) -> Option<Const<N>> {
        (rhs == N || rhs == 1).then_some(Const)
    }
}
impl<const N: usize> DimBroadcast<Const<N>> for usize {
    type Output = Const<N>;
    #[inline]
    fn broadcast(self, _: Const<N>) -> Option<Const<N>> {
        (self == N || self == 1).then_some(Const)
    }
}
impl<const N: usize> DimBroadcast<Const<N>> for One {
    type Output = Const<N>;
    #[inline]
    fn broadcast(self, _: Const<N>) -> Option<Const<N>> {
        Some(Const)
    }
}
impl<const N: usize> DimBroadcast<One> for Const<N> {
    type Output = Const<N>;
    #[inline]
    fn broadcast(self, _: One) -> Option<Const<N>> {
        Some(Const)
    }
}
impl DimBroadcast<usize> for One {
    type Output = usize;
    #[inline]
    fn broadcast(self, rhs: usize) -> Option<usize> {
        Some(rhs)
    }
}
impl DimBroadcast<One> for usize {
    type Output = usize;
    #[inline]
    fn broadcast(self, _: One) -> Option<usize> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_dims_are_checked() {
        assert_eq!(Const::<3>.unify(3usize), Some(Const));
        assert_eq!(Const::<3>.unify(4usize), None);
        assert_eq!(5usize.unify(5usize), Some(5));
        assert_eq!(5usize.broadcast(1usize), Some(5));
        assert_eq!(1usize.broadcast(0usize), Some(0));
        assert_eq!(0usize.broadcast(0usize), Some(0));
        assert_eq!(2usize.broadcast(3usize), None);
        assert_eq!(One.broadcast(7usize), Some(7));
        assert_eq!(1usize.broadcast(Const::<4>), Some(Const));
        assert_eq!(2usize.broadcast(Const::<4>), None);
        assert_eq!(Const::<4>::from_size(4), Some(Const));
        assert_eq!(One::from_size(2), None);
    }
}
