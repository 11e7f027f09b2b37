//! `torch.matmul`'s shape rule as a trait: inner dims equal, batch dims broadcast.

use super::{Dim, DimBroadcast, DimEq, Shape};

/// Two shapes that multiply under `torch.matmul`'s rule: `(.., M, K) x (.., K, N)` gives
/// `(.., M, N)`, with the batch dims broadcast; a 1-D left operand `(K)` is a row and a
/// 1-D right operand `(K)` a column, and that dim is dropped from the result (so
/// `(K) x (K)` is a 0-d dot product).
///
/// Covered: 1-D x 1-D, 2-D x 1-D, 1-D x 2-D, 2-D x 2-D, 3-D x 1-D, 1-D x 3-D, 3-D x 3-D,
/// 3-D x 2-D, 2-D x 3-D and 4-D x 4-D. The inner dims go through [`DimEq`] (two different
/// `Const`s do not compile; a `usize` is checked at run time), the batch dims through
/// [`DimBroadcast`]; `M` and `N` pass through unchanged, so code generic over a batch dim
/// `B` gets `(B, N)` back.
#[diagnostic::on_unimplemented(
    message = "cannot matmul a `{Self}` tensor by a `{Rhs}` tensor",
    label = "these shapes do not multiply",
    note = "the inner dims must be equal: (.., M, K) x (.., K, N) -> (.., M, N); batch dims broadcast"
)]
pub trait MatMulShape<Rhs: Shape>: Shape {
    /// The shape of the product.
    type Output: Shape;
    /// The product's shape value, or `None` if runtime (`usize`) dims disagree.
    fn output(self, rhs: Rhs) -> Option<Self::Output>;
}

/// `(K) x (K)`: the dot product, a 0-d tensor.
#[diagnostic::do_not_recommend]
impl<K: Dim, K2: Dim> MatMulShape<(K2,)> for (K,)
where
    K: DimEq<K2>,
{
    type Output = ();
    #[inline]
    fn output(self, rhs: (K2,)) -> Option<()> {
        self.0.unify(rhs.0)?;
        Some(())
    }
}

/// `(M, K) x (K)`: a matrix times a column, `(M)`.
#[diagnostic::do_not_recommend]
impl<M: Dim, K: Dim, K2: Dim> MatMulShape<(K2,)> for (M, K)
where
    K: DimEq<K2>,
{
    type Output = (M,);
    #[inline]
    fn output(self, rhs: (K2,)) -> Option<(M,)> {
        self.1.unify(rhs.0)?;
        Some((self.0,))
    }
}

/// `(K) x (K, N)`: a row times a matrix, `(N)`.
#[diagnostic::do_not_recommend]
impl<K: Dim, K2: Dim, N: Dim> MatMulShape<(K2, N)> for (K,)
where
    K: DimEq<K2>,
{
    type Output = (N,);
    #[inline]
    fn output(self, rhs: (K2, N)) -> Option<(N,)> {
        self.0.unify(rhs.0)?;
        Some((rhs.1,))
    }
}

/// `(M, K) x (K, N)`: `(M, N)`.
#[diagnostic::do_not_recommend]
impl<M: Dim, K: Dim, K2: Dim, N: Dim> MatMulShape<(K2, N)> for (M, K)
where
    K: DimEq<K2>,
{
    type Output = (M, N);
    #[inline]
    fn output(self, rhs: (K2, N)) -> Option<(M, N)> {
        self.1.unify(rhs.0)?;
        Some((self.0, rhs.1))
    }
}

/// `(B, M, K) x (K)`: a batch of matrices times a column, `(B, M)`.
#[diagnostic::do_not_recommend]
impl<B: Dim, M: Dim, K: Dim, K2: Dim> MatMulShape<(K2,)> for (B, M, K)
where
    K: DimEq<K2>,
{
    type Output = (B, M);
    #[inline]
    fn output(self, rhs: (K2,)) -> Option<(B, M)> {
        self.2.unify(rhs.0)?;
        Some((self.0, self.1))
    }
}

/// `(K) x (B, K, N)`: a row times a batch of matrices, `(B, N)`.
#[diagnostic::do_not_recommend]
impl<K: Dim, B: Dim, K2: Dim, N: Dim> MatMulShape<(B, K2, N)> for (K,)
where
    K: DimEq<K2>,
{
    type Output = (B, N);
    #[inline]
    fn output(self, rhs: (B, K2, N)) -> Option<(B, N)> {
        self.0.unify(rhs.1)?;
        Some((rhs.0, rhs.2))
    }
}

/// `(B, M, K) x (K, N)`: every matrix of the batch times one matrix, `(B, M, N)`.
#[diagnostic::do_not_recommend]
impl<B: Dim, M: Dim, K: Dim, K2: Dim, N: Dim> MatMulShape<(K2, N)> for (B, M, K)
where
    K: DimEq<K2>,
{
    type Output = (B, M, N);
    #[inline]
    fn output(self, rhs: (K2, N)) -> Option<(B, M, N)> {
        self.2.unify(rhs.0)?;
        Some((self.0, self.1, rhs.1))
    }
}

/// `(M, K) x (B, K, N)`: one matrix times every matrix of the batch, `(B, M, N)`.
#[diagnostic::do_not_recommend]
impl<M: Dim, K: Dim, B: Dim, K2: Dim, N: Dim> MatMulShape<(B, K2, N)> for (M, K)
where
    K: DimEq<K2>,
{
    type Output = (B, M, N);
    #[inline]
    fn output(self, rhs: (B, K2, N)) -> Option<(B, M, N)> {
        self.1.unify(rhs.1)?;
        Some((rhs.0, self.0, rhs.2))
    }
}

/// `(B, M, K) x (B, K, N)`: batched, the batch dims broadcast, `(B, M, N)`.
#[diagnostic::do_not_recommend]
impl<B: Dim, M: Dim, K: Dim, B2: Dim, K2: Dim, N: Dim> MatMulShape<(B2, K2, N)> for (B, M, K)
where
    K: DimEq<K2>,
    B: DimBroadcast<B2>,
{
    type Output = (<B as DimBroadcast<B2>>::Output, M, N);
    #[inline]
    fn output(self, rhs: (B2, K2, N)) -> Option<Self::Output> {
        self.2.unify(rhs.1)?;
        Some((self.0.broadcast(rhs.0)?, self.1, rhs.2))
    }
}

/// `(B, C, M, K) x (B, C, K, N)`: batched over two dims, each broadcast, `(B, C, M, N)`.
#[diagnostic::do_not_recommend]
impl<B: Dim, C: Dim, M: Dim, K: Dim, B2: Dim, C2: Dim, K2: Dim, N: Dim> MatMulShape<(B2, C2, K2, N)>
    for (B, C, M, K)
where
    K: DimEq<K2>,
    B: DimBroadcast<B2>,
    C: DimBroadcast<C2>,
{
    type Output = (
        <B as DimBroadcast<B2>>::Output,
        <C as DimBroadcast<C2>>::Output,
        M,
        N,
    );
    #[inline]
    fn output(self, rhs: (B2, C2, K2, N)) -> Option<Self::Output> {
        self.3.unify(rhs.2)?;
        Some((
            self.0.broadcast(rhs.0)?,
            self.1.broadcast(rhs.1)?,
            self.2,
            rhs.3,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Const, One};

    #[test]
    fn output_shapes_and_runtime_checks() {
        assert_eq!((Const::<3>,).output((3usize,)), Some(()));
        assert_eq!((Const::<3>,).output((4usize,)), None);
        assert_eq!(
            (5usize, Const::<3>).output((Const::<3>, Const::<7>)),
            Some((5usize, Const::<7>))
        );
        assert_eq!((2usize, 3usize).output((4usize, 5usize)), None);
        assert_eq!(
            (One, Const::<2>, 3usize).output((4usize, Const::<3>, Const::<5>)),
            Some((4usize, Const::<2>, Const::<5>))
        );
        assert_eq!(
            (2usize, Const::<2>, Const::<3>).output((3usize, Const::<3>, Const::<5>)),
            None
        );
        assert_eq!(
            (Const::<2>, One, 4usize, 3usize).output((One, Const::<6>, 3usize, 2usize)),
            Some((Const::<2>, Const::<6>, 4usize, 2usize))
        );
        assert_eq!(
            (3usize,).output((Const::<2>, 3usize, 4usize)),
            Some((Const::<2>, 4usize))
        );
    }
}
