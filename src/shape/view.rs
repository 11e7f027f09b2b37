//! The shape rules of the view ops that take axes or a target shape: `permute`,
//! `broadcast_to`, `squeeze`/`unsqueeze`, `narrow`/`select`, `cat` and `stack`.
//!
//! Each rule is one trait with an `Output` shape type and an impl for every rank (0 to 6)
//! and every valid axis; a call outside the rule has no impl, so it does not compile, and
//! the `#[diagnostic::on_unimplemented]` message names the op and the shapes. The impls
//! carry `#[diagnostic::do_not_recommend]`, so the error reports the shape rule rather than
//! a dim-level trait or a list of impls.
//!
//! Stable Rust cannot do arithmetic on const generics in a type, so the dim a `cat` or a
//! `stack` produces along its axis is a runtime `usize`, and the distinctness of a
//! permutation's axes is checked by a `const` assert (see [`PermuteShape`]).
//!
//! Each impl below is one (rank, axis) case written out in full, as `impl_axis!` in
//! `axis.rs` expands.

#![allow(clippy::type_complexity)]

use super::{Axis, Const, Dim, DimEq, HasAxis, One};

/// A dim that may be squeezed away: [`One`] or `Const<1>`. A `usize` dim is not one, even
/// when its runtime size is 1: remove such an axis with `select(axis, 0)`.
#[diagnostic::on_unimplemented(
    message = "the dim `{Self}` is not of size 1",
    label = "only `One` or `Const<1>` can be squeezed"
)]
pub trait UnitDim: Dim {}
impl UnitDim for One {}
impl UnitDim for Const<1> {}

/// A dim that can be expanded to the dim `D2` of a target shape (`broadcast_to`): the same
/// static size, a [`One`] (stretches to anything), or a `usize` on either side (checked at
/// run time: equal, or the source is 1).
#[diagnostic::on_unimplemented(
    message = "the dim `{Self}` cannot be broadcast to `{D2}`",
    label = "dims must be equal, or the source `One`",
    note = "a `Const<1>` does not stretch; write `One` for a dim that should broadcast"
)]
pub trait DimBroadcastTo<D2: Dim>: Dim {}
impl<D2: Dim> DimBroadcastTo<D2> for One {}
impl<const N: usize> DimBroadcastTo<Const<N>> for Const<N> {}
impl<const N: usize> DimBroadcastTo<usize> for Const<N> {}
impl<const N: usize> DimBroadcastTo<Const<N>> for usize {}
impl DimBroadcastTo<usize> for usize {}
impl DimBroadcastTo<One> for usize {}

/// A permutation `P` of the axes of a shape (`permute`): a tuple of one [`Axis<I>`] per
/// dim, output dim `k` taken from input axis `P.k`.
///
/// The trait checks the length of `P` and that every axis is below the rank. That no axis
/// repeats is checked by a `const` assert in `Tensor::permute` over [`PermuteShape::AXES`]:
/// an impl per valid permutation would take 720 impls for rank 6 alone (873 in all), and
/// coherence checking that many impls of one trait costs every build. So a repeated axis is
/// reported when the program is *built* (`cargo build`, `cargo test`), not by `cargo check`.
#[diagnostic::on_unimplemented(
    message = "`{P}` is not a permutation of the axes of a `{Self}` tensor",
    label = "not a permutation of the axes",
    note = "write one `Axis<I>` per dim of the tensor, each below its rank and none repeated"
)]
pub trait PermuteShape<P>: super::Shape {
    /// The permuted shape.
    type Output: super::Shape;
    /// The input axis of each output dim.
    const AXES: &'static [usize];
}

/// Whether no index of `axes` repeats (for the `const` assert of `permute`).
pub const fn axes_distinct(axes: &[usize]) -> bool {
    let mut i = 0;
    while i < axes.len() {
        let mut j = i + 1;
        while j < axes.len() {
            if axes[i] == axes[j] {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// A shape that can be expanded to `S2` (`broadcast_to`): trailing dims aligned, each dim
/// equal to the target's or [`One`]; the target may have more leading dims.
#[diagnostic::on_unimplemented(
    message = "cannot broadcast a `{Self}` tensor to `{S2}`",
    label = "this shape does not broadcast to the target",
    note = "trailing dims are aligned; each dim must equal the target's or be `One`, and the target may add leading dims",
    note = "a `Const<1>` does not stretch; write `One` for a dim that should broadcast"
)]
pub trait BroadcastToShape<S2: super::Shape>: super::Shape {}

/// The shape left by squeezing the size-1 axis `A` away (`squeeze`).
#[diagnostic::on_unimplemented(
    message = "cannot squeeze `{A}` of a `{Self}` tensor",
    label = "the axis is out of range or its dim is not of size 1",
    note = "only a `One` or `Const<1>` dim can be squeezed; remove a `usize` dim with `select(axis, 0)`"
)]
pub trait SqueezeShape<A>: super::Shape {
    /// The axis as an index.
    const INDEX: usize;
    /// The shape without the axis.
    type Output: super::Shape;
}

/// The shape with a [`One`] inserted at axis `A` (`unsqueeze`); `A` may equal the rank.
#[diagnostic::on_unimplemented(
    message = "cannot unsqueeze a `{Self}` tensor at `{A}`",
    label = "no such position",
    note = "the new axis must be at most the tensor's rank, and a tensor has at most 6 dims"
)]
pub trait UnsqueezeShape<A>: super::Shape {
    /// The new axis as an index.
    const INDEX: usize;
    /// The shape with the new dim.
    type Output: super::Shape;
}

/// The shape with the dim at axis `A` replaced by the narrowed length `D` (`narrow`).
#[diagnostic::on_unimplemented(
    message = "cannot narrow a `{Self}` tensor along `{A}`: the axis is out of range",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait NarrowShape<A, D: Dim>: super::Shape {
    /// The axis as an index.
    const INDEX: usize;
    /// The shape with the new dim.
    type Output: super::Shape;
}

/// The shape left by selecting one index along axis `A`, which drops the axis (`select`).
#[diagnostic::on_unimplemented(
    message = "cannot select along `{A}` of a `{Self}` tensor: the axis is out of range",
    label = "no such axis",
    note = "axes count from 0 and must be below the tensor's rank"
)]
pub trait SelectShape<A>: super::Shape {
    /// The axis as an index.
    const INDEX: usize;
    /// The shape without the axis.
    type Output: super::Shape;
}

/// Two shapes concatenated along axis `A` (`cat`): the same rank, every other dim equal
/// ([`DimEq`]: static dims at compile time, `usize` dims at run time). The dim along `A`
/// becomes a `usize` (the sum; stable Rust cannot add const generics in a type).
#[diagnostic::on_unimplemented(
    message = "cannot concatenate a `{Self}` tensor with a `{Rhs}` tensor along `{A}`",
    label = "these shapes do not concatenate",
    note = "the tensors must have the same rank, the axis must be below it, and every other dim must be equal"
)]
pub trait CatShape<Rhs, A>: super::Shape {
    /// The axis as an index.
    const INDEX: usize;
    /// The joined shape.
    type Output: super::Shape;
}

/// Two shapes stacked along a new axis `A` (`stack`): equal shapes ([`DimEq`] per dim),
/// and a `usize` dim (the number of tensors) inserted at `A`, which may equal the rank.
#[diagnostic::on_unimplemented(
    message = "cannot stack a `{Self}` tensor with a `{Rhs}` tensor at `{A}`",
    label = "these shapes do not stack",
    note = "the tensors must have equal shapes, and the new axis must be at most their rank (below 6)"
)]
pub trait StackShape<Rhs, A>: super::Shape {
    /// The new axis as an index.
    const INDEX: usize;
    /// The stacked shape.
    type Output: super::Shape;
}

#[diagnostic::do_not_recommend]
impl PermuteShape<()> for () {
    type Output = ();
    const AXES: &'static [usize] = &[];
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, A0> PermuteShape<(A0,)> for (D0,)
where
    (D0,): HasAxis<A0>,
{
    type Output = (<(D0,) as HasAxis<A0>>::Dim,);
    const AXES: &'static [usize] = &[<(D0,) as HasAxis<A0>>::INDEX];
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, A0, A1> PermuteShape<(A0, A1)> for (D0, D1)
where
    (D0, D1): HasAxis<A0>,
    (D0, D1): HasAxis<A1>,
{
    type Output = (
        <(D0, D1) as HasAxis<A0>>::Dim,
        <(D0, D1) as HasAxis<A1>>::Dim,
    );
    const AXES: &'static [usize] = &[
        <(D0, D1) as HasAxis<A0>>::INDEX,
        <(D0, D1) as HasAxis<A1>>::INDEX,
    ];
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, A0, A1, A2> PermuteShape<(A0, A1, A2)> for (D0, D1, D2)
where
    (D0, D1, D2): HasAxis<A0>,
    (D0, D1, D2): HasAxis<A1>,
    (D0, D1, D2): HasAxis<A2>,
{
    type Output = (
        <(D0, D1, D2) as HasAxis<A0>>::Dim,
        <(D0, D1, D2) as HasAxis<A1>>::Dim,
        <(D0, D1, D2) as HasAxis<A2>>::Dim,
    );
    const AXES: &'static [usize] = &[
        <(D0, D1, D2) as HasAxis<A0>>::INDEX,
        <(D0, D1, D2) as HasAxis<A1>>::INDEX,
        <(D0, D1, D2) as HasAxis<A2>>::INDEX,
    ];
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, A0, A1, A2, A3> PermuteShape<(A0, A1, A2, A3)>
    for (D0, D1, D2, D3)
where
    (D0, D1, D2, D3): HasAxis<A0>,
    (D0, D1, D2, D3): HasAxis<A1>,
    (D0, D1, D2, D3): HasAxis<A2>,
    (D0, D1, D2, D3): HasAxis<A3>,
{
    type Output = (
        <(D0, D1, D2, D3) as HasAxis<A0>>::Dim,
        <(D0, D1, D2, D3) as HasAxis<A1>>::Dim,
        <(D0, D1, D2, D3) as HasAxis<A2>>::Dim,
        <(D0, D1, D2, D3) as HasAxis<A3>>::Dim,
    );
    const AXES: &'static [usize] = &[
        <(D0, D1, D2, D3) as HasAxis<A0>>::INDEX,
        <(D0, D1, D2, D3) as HasAxis<A1>>::INDEX,
        <(D0, D1, D2, D3) as HasAxis<A2>>::INDEX,
        <(D0, D1, D2, D3) as HasAxis<A3>>::INDEX,
    ];
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, A0, A1, A2, A3, A4>
    PermuteShape<(A0, A1, A2, A3, A4)> for (D0, D1, D2, D3, D4)
where
    (D0, D1, D2, D3, D4): HasAxis<A0>,
    (D0, D1, D2, D3, D4): HasAxis<A1>,
    (D0, D1, D2, D3, D4): HasAxis<A2>,
    (D0, D1, D2, D3, D4): HasAxis<A3>,
    (D0, D1, D2, D3, D4): HasAxis<A4>,
{
    type Output = (
        <(D0, D1, D2, D3, D4) as HasAxis<A0>>::Dim,
        <(D0, D1, D2, D3, D4) as HasAxis<A1>>::Dim,
        <(D0, D1, D2, D3, D4) as HasAxis<A2>>::Dim,
        <(D0, D1, D2, D3, D4) as HasAxis<A3>>::Dim,
        <(D0, D1, D2, D3, D4) as HasAxis<A4>>::Dim,
    );
    const AXES: &'static [usize] = &[
        <(D0, D1, D2, D3, D4) as HasAxis<A0>>::INDEX,
        <(D0, D1, D2, D3, D4) as HasAxis<A1>>::INDEX,
        <(D0, D1, D2, D3, D4) as HasAxis<A2>>::INDEX,
        <(D0, D1, D2, D3, D4) as HasAxis<A3>>::INDEX,
        <(D0, D1, D2, D3, D4) as HasAxis<A4>>::INDEX,
    ];
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, A0, A1, A2, A3, A4, A5>
    PermuteShape<(A0, A1, A2, A3, A4, A5)> for (D0, D1, D2, D3, D4, D5)
where
    (D0, D1, D2, D3, D4, D5): HasAxis<A0>,
    (D0, D1, D2, D3, D4, D5): HasAxis<A1>,
    (D0, D1, D2, D3, D4, D5): HasAxis<A2>,
    (D0, D1, D2, D3, D4, D5): HasAxis<A3>,
    (D0, D1, D2, D3, D4, D5): HasAxis<A4>,
    (D0, D1, D2, D3, D4, D5): HasAxis<A5>,
{
    type Output = (
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A0>>::Dim,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A1>>::Dim,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A2>>::Dim,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A3>>::Dim,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A4>>::Dim,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A5>>::Dim,
    );
    const AXES: &'static [usize] = &[
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A0>>::INDEX,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A1>>::INDEX,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A2>>::INDEX,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A3>>::INDEX,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A4>>::INDEX,
        <(D0, D1, D2, D3, D4, D5) as HasAxis<A5>>::INDEX,
    ];
}

#[diagnostic::do_not_recommend]
impl BroadcastToShape<()> for () {}

#[diagnostic::do_not_recommend]
impl<B0: Dim> BroadcastToShape<(B0,)> for () {}

#[diagnostic::do_not_recommend]
impl<B0: Dim, B1: Dim> BroadcastToShape<(B0, B1)> for () {}

#[diagnostic::do_not_recommend]
impl<B0: Dim, B1: Dim, B2: Dim> BroadcastToShape<(B0, B1, B2)> for () {}

#[diagnostic::do_not_recommend]
impl<B0: Dim, B1: Dim, B2: Dim, B3: Dim> BroadcastToShape<(B0, B1, B2, B3)> for () {}

#[diagnostic::do_not_recommend]
impl<B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim> BroadcastToShape<(B0, B1, B2, B3, B4)> for () {}

#[diagnostic::do_not_recommend]
impl<B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim, B5: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for ()
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, B0: Dim> BroadcastToShape<(B0,)> for (A0,) where A0: DimBroadcastTo<B0> {}

#[diagnostic::do_not_recommend]
impl<A0: Dim, B0: Dim, B1: Dim> BroadcastToShape<(B0, B1)> for (A0,) where A0: DimBroadcastTo<B1> {}

#[diagnostic::do_not_recommend]
impl<A0: Dim, B0: Dim, B1: Dim, B2: Dim> BroadcastToShape<(B0, B1, B2)> for (A0,) where
    A0: DimBroadcastTo<B2>
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim> BroadcastToShape<(B0, B1, B2, B3)> for (A0,) where
    A0: DimBroadcastTo<B3>
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim> BroadcastToShape<(B0, B1, B2, B3, B4)>
    for (A0,)
where
    A0: DimBroadcastTo<B4>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim, B5: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for (A0,)
where
    A0: DimBroadcastTo<B5>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, B0: Dim, B1: Dim> BroadcastToShape<(B0, B1)> for (A0, A1)
where
    A0: DimBroadcastTo<B0>,
    A1: DimBroadcastTo<B1>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, B0: Dim, B1: Dim, B2: Dim> BroadcastToShape<(B0, B1, B2)> for (A0, A1)
where
    A0: DimBroadcastTo<B1>,
    A1: DimBroadcastTo<B2>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim> BroadcastToShape<(B0, B1, B2, B3)>
    for (A0, A1)
where
    A0: DimBroadcastTo<B2>,
    A1: DimBroadcastTo<B3>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4)> for (A0, A1)
where
    A0: DimBroadcastTo<B3>,
    A1: DimBroadcastTo<B4>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim, B5: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for (A0, A1)
where
    A0: DimBroadcastTo<B4>,
    A1: DimBroadcastTo<B5>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, B0: Dim, B1: Dim, B2: Dim> BroadcastToShape<(B0, B1, B2)>
    for (A0, A1, A2)
where
    A0: DimBroadcastTo<B0>,
    A1: DimBroadcastTo<B1>,
    A2: DimBroadcastTo<B2>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim>
    BroadcastToShape<(B0, B1, B2, B3)> for (A0, A1, A2)
where
    A0: DimBroadcastTo<B1>,
    A1: DimBroadcastTo<B2>,
    A2: DimBroadcastTo<B3>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4)> for (A0, A1, A2)
where
    A0: DimBroadcastTo<B2>,
    A1: DimBroadcastTo<B3>,
    A2: DimBroadcastTo<B4>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim, B5: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for (A0, A1, A2)
where
    A0: DimBroadcastTo<B3>,
    A1: DimBroadcastTo<B4>,
    A2: DimBroadcastTo<B5>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, A3: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim>
    BroadcastToShape<(B0, B1, B2, B3)> for (A0, A1, A2, A3)
where
    A0: DimBroadcastTo<B0>,
    A1: DimBroadcastTo<B1>,
    A2: DimBroadcastTo<B2>,
    A3: DimBroadcastTo<B3>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, A3: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4)> for (A0, A1, A2, A3)
where
    A0: DimBroadcastTo<B1>,
    A1: DimBroadcastTo<B2>,
    A2: DimBroadcastTo<B3>,
    A3: DimBroadcastTo<B4>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, A3: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim, B5: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for (A0, A1, A2, A3)
where
    A0: DimBroadcastTo<B2>,
    A1: DimBroadcastTo<B3>,
    A2: DimBroadcastTo<B4>,
    A3: DimBroadcastTo<B5>,
{
}

#[diagnostic::do_not_recommend]
impl<A0: Dim, A1: Dim, A2: Dim, A3: Dim, A4: Dim, B0: Dim, B1: Dim, B2: Dim, B3: Dim, B4: Dim>
    BroadcastToShape<(B0, B1, B2, B3, B4)> for (A0, A1, A2, A3, A4)
where
    A0: DimBroadcastTo<B0>,
    A1: DimBroadcastTo<B1>,
    A2: DimBroadcastTo<B2>,
    A3: DimBroadcastTo<B3>,
    A4: DimBroadcastTo<B4>,
{
}

#[diagnostic::do_not_recommend]
impl<
    A0: Dim,
    A1: Dim,
    A2: Dim,
    A3: Dim,
    A4: Dim,
    B0: Dim,
    B1: Dim,
    B2: Dim,
    B3: Dim,
    B4: Dim,
    B5: Dim,
> BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for (A0, A1, A2, A3, A4)
where
    A0: DimBroadcastTo<B1>,
    A1: DimBroadcastTo<B2>,
    A2: DimBroadcastTo<B3>,
    A3: DimBroadcastTo<B4>,
    A4: DimBroadcastTo<B5>,
{
}

#[diagnostic::do_not_recommend]
impl<
    A0: Dim,
    A1: Dim,
    A2: Dim,
    A3: Dim,
    A4: Dim,
    A5: Dim,
    B0: Dim,
    B1: Dim,
    B2: Dim,
    B3: Dim,
    B4: Dim,
    B5: Dim,
> BroadcastToShape<(B0, B1, B2, B3, B4, B5)> for (A0, A1, A2, A3, A4, A5)
where
    A0: DimBroadcastTo<B0>,
    A1: DimBroadcastTo<B1>,
    A2: DimBroadcastTo<B2>,
    A3: DimBroadcastTo<B3>,
    A4: DimBroadcastTo<B4>,
    A5: DimBroadcastTo<B5>,
{
}

#[diagnostic::do_not_recommend]
impl<D0: Dim> SqueezeShape<Axis<0>> for (D0,)
where
    D0: UnitDim,
{
    const INDEX: usize = 0;
    type Output = ();
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, New: Dim> NarrowShape<Axis<0>, New> for (D0,) {
    const INDEX: usize = 0;
    type Output = (New,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim> SelectShape<Axis<0>> for (D0,) {
    const INDEX: usize = 0;
    type Output = ();
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, R0: Dim> CatShape<(R0,), Axis<0>> for (D0,) {
    const INDEX: usize = 0;
    type Output = (usize,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> SqueezeShape<Axis<0>> for (D0, D1)
where
    D0: UnitDim,
{
    const INDEX: usize = 0;
    type Output = (D1,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, New: Dim> NarrowShape<Axis<0>, New> for (D0, D1) {
    const INDEX: usize = 0;
    type Output = (New, D1);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> SelectShape<Axis<0>> for (D0, D1) {
    const INDEX: usize = 0;
    type Output = (D1,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, R0: Dim, R1: Dim> CatShape<(R0, R1), Axis<0>> for (D0, D1)
where
    D1: DimEq<R1>,
{
    const INDEX: usize = 0;
    type Output = (usize, <D1 as DimEq<R1>>::Output);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> SqueezeShape<Axis<1>> for (D0, D1)
where
    D1: UnitDim,
{
    const INDEX: usize = 1;
    type Output = (D0,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, New: Dim> NarrowShape<Axis<1>, New> for (D0, D1) {
    const INDEX: usize = 1;
    type Output = (D0, New);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> SelectShape<Axis<1>> for (D0, D1) {
    const INDEX: usize = 1;
    type Output = (D0,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, R0: Dim, R1: Dim> CatShape<(R0, R1), Axis<1>> for (D0, D1)
where
    D0: DimEq<R0>,
{
    const INDEX: usize = 1;
    type Output = (<D0 as DimEq<R0>>::Output, usize);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> SqueezeShape<Axis<0>> for (D0, D1, D2)
where
    D0: UnitDim,
{
    const INDEX: usize = 0;
    type Output = (D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, New: Dim> NarrowShape<Axis<0>, New> for (D0, D1, D2) {
    const INDEX: usize = 0;
    type Output = (New, D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> SelectShape<Axis<0>> for (D0, D1, D2) {
    const INDEX: usize = 0;
    type Output = (D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> CatShape<(R0, R1, R2), Axis<0>>
    for (D0, D1, D2)
where
    D1: DimEq<R1>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 0;
    type Output = (usize, <D1 as DimEq<R1>>::Output, <D2 as DimEq<R2>>::Output);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> SqueezeShape<Axis<1>> for (D0, D1, D2)
where
    D1: UnitDim,
{
    const INDEX: usize = 1;
    type Output = (D0, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, New: Dim> NarrowShape<Axis<1>, New> for (D0, D1, D2) {
    const INDEX: usize = 1;
    type Output = (D0, New, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> SelectShape<Axis<1>> for (D0, D1, D2) {
    const INDEX: usize = 1;
    type Output = (D0, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> CatShape<(R0, R1, R2), Axis<1>>
    for (D0, D1, D2)
where
    D0: DimEq<R0>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 1;
    type Output = (<D0 as DimEq<R0>>::Output, usize, <D2 as DimEq<R2>>::Output);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> SqueezeShape<Axis<2>> for (D0, D1, D2)
where
    D2: UnitDim,
{
    const INDEX: usize = 2;
    type Output = (D0, D1);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, New: Dim> NarrowShape<Axis<2>, New> for (D0, D1, D2) {
    const INDEX: usize = 2;
    type Output = (D0, D1, New);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> SelectShape<Axis<2>> for (D0, D1, D2) {
    const INDEX: usize = 2;
    type Output = (D0, D1);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> CatShape<(R0, R1, R2), Axis<2>>
    for (D0, D1, D2)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
{
    const INDEX: usize = 2;
    type Output = (<D0 as DimEq<R0>>::Output, <D1 as DimEq<R1>>::Output, usize);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SqueezeShape<Axis<0>> for (D0, D1, D2, D3)
where
    D0: UnitDim,
{
    const INDEX: usize = 0;
    type Output = (D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, New: Dim> NarrowShape<Axis<0>, New> for (D0, D1, D2, D3) {
    const INDEX: usize = 0;
    type Output = (New, D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SelectShape<Axis<0>> for (D0, D1, D2, D3) {
    const INDEX: usize = 0;
    type Output = (D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    CatShape<(R0, R1, R2, R3), Axis<0>> for (D0, D1, D2, D3)
where
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 0;
    type Output = (
        usize,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SqueezeShape<Axis<1>> for (D0, D1, D2, D3)
where
    D1: UnitDim,
{
    const INDEX: usize = 1;
    type Output = (D0, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, New: Dim> NarrowShape<Axis<1>, New> for (D0, D1, D2, D3) {
    const INDEX: usize = 1;
    type Output = (D0, New, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SelectShape<Axis<1>> for (D0, D1, D2, D3) {
    const INDEX: usize = 1;
    type Output = (D0, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    CatShape<(R0, R1, R2, R3), Axis<1>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 1;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        usize,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SqueezeShape<Axis<2>> for (D0, D1, D2, D3)
where
    D2: UnitDim,
{
    const INDEX: usize = 2;
    type Output = (D0, D1, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, New: Dim> NarrowShape<Axis<2>, New> for (D0, D1, D2, D3) {
    const INDEX: usize = 2;
    type Output = (D0, D1, New, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SelectShape<Axis<2>> for (D0, D1, D2, D3) {
    const INDEX: usize = 2;
    type Output = (D0, D1, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    CatShape<(R0, R1, R2, R3), Axis<2>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 2;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        usize,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SqueezeShape<Axis<3>> for (D0, D1, D2, D3)
where
    D3: UnitDim,
{
    const INDEX: usize = 3;
    type Output = (D0, D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, New: Dim> NarrowShape<Axis<3>, New> for (D0, D1, D2, D3) {
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, New);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> SelectShape<Axis<3>> for (D0, D1, D2, D3) {
    const INDEX: usize = 3;
    type Output = (D0, D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    CatShape<(R0, R1, R2, R3), Axis<3>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 3;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        usize,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SqueezeShape<Axis<0>> for (D0, D1, D2, D3, D4)
where
    D0: UnitDim,
{
    const INDEX: usize = 0;
    type Output = (D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, New: Dim> NarrowShape<Axis<0>, New>
    for (D0, D1, D2, D3, D4)
{
    const INDEX: usize = 0;
    type Output = (New, D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SelectShape<Axis<0>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 0;
    type Output = (D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    CatShape<(R0, R1, R2, R3, R4), Axis<0>> for (D0, D1, D2, D3, D4)
where
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 0;
    type Output = (
        usize,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SqueezeShape<Axis<1>> for (D0, D1, D2, D3, D4)
where
    D1: UnitDim,
{
    const INDEX: usize = 1;
    type Output = (D0, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, New: Dim> NarrowShape<Axis<1>, New>
    for (D0, D1, D2, D3, D4)
{
    const INDEX: usize = 1;
    type Output = (D0, New, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SelectShape<Axis<1>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 1;
    type Output = (D0, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    CatShape<(R0, R1, R2, R3, R4), Axis<1>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 1;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        usize,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SqueezeShape<Axis<2>> for (D0, D1, D2, D3, D4)
where
    D2: UnitDim,
{
    const INDEX: usize = 2;
    type Output = (D0, D1, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, New: Dim> NarrowShape<Axis<2>, New>
    for (D0, D1, D2, D3, D4)
{
    const INDEX: usize = 2;
    type Output = (D0, D1, New, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SelectShape<Axis<2>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 2;
    type Output = (D0, D1, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    CatShape<(R0, R1, R2, R3, R4), Axis<2>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 2;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        usize,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SqueezeShape<Axis<3>> for (D0, D1, D2, D3, D4)
where
    D3: UnitDim,
{
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, New: Dim> NarrowShape<Axis<3>, New>
    for (D0, D1, D2, D3, D4)
{
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, New, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SelectShape<Axis<3>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    CatShape<(R0, R1, R2, R3, R4), Axis<3>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 3;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        usize,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SqueezeShape<Axis<4>> for (D0, D1, D2, D3, D4)
where
    D4: UnitDim,
{
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, New: Dim> NarrowShape<Axis<4>, New>
    for (D0, D1, D2, D3, D4)
{
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3, New);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> SelectShape<Axis<4>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    CatShape<(R0, R1, R2, R3, R4), Axis<4>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 4;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        usize,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SqueezeShape<Axis<0>>
    for (D0, D1, D2, D3, D4, D5)
where
    D0: UnitDim,
{
    const INDEX: usize = 0;
    type Output = (D1, D2, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, New: Dim> NarrowShape<Axis<0>, New>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 0;
    type Output = (New, D1, D2, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SelectShape<Axis<0>>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 0;
    type Output = (D1, D2, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<
    D0: Dim,
    D1: Dim,
    D2: Dim,
    D3: Dim,
    D4: Dim,
    D5: Dim,
    R0: Dim,
    R1: Dim,
    R2: Dim,
    R3: Dim,
    R4: Dim,
    R5: Dim,
> CatShape<(R0, R1, R2, R3, R4, R5), Axis<0>> for (D0, D1, D2, D3, D4, D5)
where
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
    D5: DimEq<R5>,
{
    const INDEX: usize = 0;
    type Output = (
        usize,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
        <D5 as DimEq<R5>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SqueezeShape<Axis<1>>
    for (D0, D1, D2, D3, D4, D5)
where
    D1: UnitDim,
{
    const INDEX: usize = 1;
    type Output = (D0, D2, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, New: Dim> NarrowShape<Axis<1>, New>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 1;
    type Output = (D0, New, D2, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SelectShape<Axis<1>>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 1;
    type Output = (D0, D2, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<
    D0: Dim,
    D1: Dim,
    D2: Dim,
    D3: Dim,
    D4: Dim,
    D5: Dim,
    R0: Dim,
    R1: Dim,
    R2: Dim,
    R3: Dim,
    R4: Dim,
    R5: Dim,
> CatShape<(R0, R1, R2, R3, R4, R5), Axis<1>> for (D0, D1, D2, D3, D4, D5)
where
    D0: DimEq<R0>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
    D5: DimEq<R5>,
{
    const INDEX: usize = 1;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        usize,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
        <D5 as DimEq<R5>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SqueezeShape<Axis<2>>
    for (D0, D1, D2, D3, D4, D5)
where
    D2: UnitDim,
{
    const INDEX: usize = 2;
    type Output = (D0, D1, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, New: Dim> NarrowShape<Axis<2>, New>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 2;
    type Output = (D0, D1, New, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SelectShape<Axis<2>>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 2;
    type Output = (D0, D1, D3, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<
    D0: Dim,
    D1: Dim,
    D2: Dim,
    D3: Dim,
    D4: Dim,
    D5: Dim,
    R0: Dim,
    R1: Dim,
    R2: Dim,
    R3: Dim,
    R4: Dim,
    R5: Dim,
> CatShape<(R0, R1, R2, R3, R4, R5), Axis<2>> for (D0, D1, D2, D3, D4, D5)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
    D5: DimEq<R5>,
{
    const INDEX: usize = 2;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        usize,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
        <D5 as DimEq<R5>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SqueezeShape<Axis<3>>
    for (D0, D1, D2, D3, D4, D5)
where
    D3: UnitDim,
{
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, New: Dim> NarrowShape<Axis<3>, New>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, New, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SelectShape<Axis<3>>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, D4, D5);
}

#[diagnostic::do_not_recommend]
impl<
    D0: Dim,
    D1: Dim,
    D2: Dim,
    D3: Dim,
    D4: Dim,
    D5: Dim,
    R0: Dim,
    R1: Dim,
    R2: Dim,
    R3: Dim,
    R4: Dim,
    R5: Dim,
> CatShape<(R0, R1, R2, R3, R4, R5), Axis<3>> for (D0, D1, D2, D3, D4, D5)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D4: DimEq<R4>,
    D5: DimEq<R5>,
{
    const INDEX: usize = 3;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        usize,
        <D4 as DimEq<R4>>::Output,
        <D5 as DimEq<R5>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SqueezeShape<Axis<4>>
    for (D0, D1, D2, D3, D4, D5)
where
    D4: UnitDim,
{
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, New: Dim> NarrowShape<Axis<4>, New>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3, New, D5);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SelectShape<Axis<4>>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3, D5);
}

#[diagnostic::do_not_recommend]
impl<
    D0: Dim,
    D1: Dim,
    D2: Dim,
    D3: Dim,
    D4: Dim,
    D5: Dim,
    R0: Dim,
    R1: Dim,
    R2: Dim,
    R3: Dim,
    R4: Dim,
    R5: Dim,
> CatShape<(R0, R1, R2, R3, R4, R5), Axis<4>> for (D0, D1, D2, D3, D4, D5)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D5: DimEq<R5>,
{
    const INDEX: usize = 4;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        usize,
        <D5 as DimEq<R5>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SqueezeShape<Axis<5>>
    for (D0, D1, D2, D3, D4, D5)
where
    D5: UnitDim,
{
    const INDEX: usize = 5;
    type Output = (D0, D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim, New: Dim> NarrowShape<Axis<5>, New>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 5;
    type Output = (D0, D1, D2, D3, D4, New);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, D5: Dim> SelectShape<Axis<5>>
    for (D0, D1, D2, D3, D4, D5)
{
    const INDEX: usize = 5;
    type Output = (D0, D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<
    D0: Dim,
    D1: Dim,
    D2: Dim,
    D3: Dim,
    D4: Dim,
    D5: Dim,
    R0: Dim,
    R1: Dim,
    R2: Dim,
    R3: Dim,
    R4: Dim,
    R5: Dim,
> CatShape<(R0, R1, R2, R3, R4, R5), Axis<5>> for (D0, D1, D2, D3, D4, D5)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 5;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
        usize,
    );
}

#[diagnostic::do_not_recommend]
impl UnsqueezeShape<Axis<0>> for () {
    const INDEX: usize = 0;
    type Output = (One,);
}

#[diagnostic::do_not_recommend]
impl StackShape<(), Axis<0>> for () {
    const INDEX: usize = 0;
    type Output = (usize,);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim> UnsqueezeShape<Axis<0>> for (D0,) {
    const INDEX: usize = 0;
    type Output = (One, D0);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, R0: Dim> StackShape<(R0,), Axis<0>> for (D0,)
where
    D0: DimEq<R0>,
{
    const INDEX: usize = 0;
    type Output = (usize, <D0 as DimEq<R0>>::Output);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim> UnsqueezeShape<Axis<1>> for (D0,) {
    const INDEX: usize = 1;
    type Output = (D0, One);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, R0: Dim> StackShape<(R0,), Axis<1>> for (D0,)
where
    D0: DimEq<R0>,
{
    const INDEX: usize = 1;
    type Output = (<D0 as DimEq<R0>>::Output, usize);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> UnsqueezeShape<Axis<0>> for (D0, D1) {
    const INDEX: usize = 0;
    type Output = (One, D0, D1);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, R0: Dim, R1: Dim> StackShape<(R0, R1), Axis<0>> for (D0, D1)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
{
    const INDEX: usize = 0;
    type Output = (usize, <D0 as DimEq<R0>>::Output, <D1 as DimEq<R1>>::Output);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> UnsqueezeShape<Axis<1>> for (D0, D1) {
    const INDEX: usize = 1;
    type Output = (D0, One, D1);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, R0: Dim, R1: Dim> StackShape<(R0, R1), Axis<1>> for (D0, D1)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
{
    const INDEX: usize = 1;
    type Output = (<D0 as DimEq<R0>>::Output, usize, <D1 as DimEq<R1>>::Output);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim> UnsqueezeShape<Axis<2>> for (D0, D1) {
    const INDEX: usize = 2;
    type Output = (D0, D1, One);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, R0: Dim, R1: Dim> StackShape<(R0, R1), Axis<2>> for (D0, D1)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
{
    const INDEX: usize = 2;
    type Output = (<D0 as DimEq<R0>>::Output, <D1 as DimEq<R1>>::Output, usize);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> UnsqueezeShape<Axis<0>> for (D0, D1, D2) {
    const INDEX: usize = 0;
    type Output = (One, D0, D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> StackShape<(R0, R1, R2), Axis<0>>
    for (D0, D1, D2)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 0;
    type Output = (
        usize,
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> UnsqueezeShape<Axis<1>> for (D0, D1, D2) {
    const INDEX: usize = 1;
    type Output = (D0, One, D1, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> StackShape<(R0, R1, R2), Axis<1>>
    for (D0, D1, D2)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 1;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        usize,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> UnsqueezeShape<Axis<2>> for (D0, D1, D2) {
    const INDEX: usize = 2;
    type Output = (D0, D1, One, D2);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> StackShape<(R0, R1, R2), Axis<2>>
    for (D0, D1, D2)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 2;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        usize,
        <D2 as DimEq<R2>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim> UnsqueezeShape<Axis<3>> for (D0, D1, D2) {
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, One);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, R0: Dim, R1: Dim, R2: Dim> StackShape<(R0, R1, R2), Axis<3>>
    for (D0, D1, D2)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
{
    const INDEX: usize = 3;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        usize,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> UnsqueezeShape<Axis<0>> for (D0, D1, D2, D3) {
    const INDEX: usize = 0;
    type Output = (One, D0, D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    StackShape<(R0, R1, R2, R3), Axis<0>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 0;
    type Output = (
        usize,
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> UnsqueezeShape<Axis<1>> for (D0, D1, D2, D3) {
    const INDEX: usize = 1;
    type Output = (D0, One, D1, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    StackShape<(R0, R1, R2, R3), Axis<1>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 1;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        usize,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> UnsqueezeShape<Axis<2>> for (D0, D1, D2, D3) {
    const INDEX: usize = 2;
    type Output = (D0, D1, One, D2, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    StackShape<(R0, R1, R2, R3), Axis<2>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 2;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        usize,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> UnsqueezeShape<Axis<3>> for (D0, D1, D2, D3) {
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, One, D3);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    StackShape<(R0, R1, R2, R3), Axis<3>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 3;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        usize,
        <D3 as DimEq<R3>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim> UnsqueezeShape<Axis<4>> for (D0, D1, D2, D3) {
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3, One);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim>
    StackShape<(R0, R1, R2, R3), Axis<4>> for (D0, D1, D2, D3)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
{
    const INDEX: usize = 4;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        usize,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> UnsqueezeShape<Axis<0>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 0;
    type Output = (One, D0, D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    StackShape<(R0, R1, R2, R3, R4), Axis<0>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 0;
    type Output = (
        usize,
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> UnsqueezeShape<Axis<1>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 1;
    type Output = (D0, One, D1, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    StackShape<(R0, R1, R2, R3, R4), Axis<1>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 1;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        usize,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> UnsqueezeShape<Axis<2>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 2;
    type Output = (D0, D1, One, D2, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    StackShape<(R0, R1, R2, R3, R4), Axis<2>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 2;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        usize,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> UnsqueezeShape<Axis<3>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 3;
    type Output = (D0, D1, D2, One, D3, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    StackShape<(R0, R1, R2, R3, R4), Axis<3>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 3;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        usize,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> UnsqueezeShape<Axis<4>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 4;
    type Output = (D0, D1, D2, D3, One, D4);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    StackShape<(R0, R1, R2, R3, R4), Axis<4>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 4;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        usize,
        <D4 as DimEq<R4>>::Output,
    );
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim> UnsqueezeShape<Axis<5>> for (D0, D1, D2, D3, D4) {
    const INDEX: usize = 5;
    type Output = (D0, D1, D2, D3, D4, One);
}

#[diagnostic::do_not_recommend]
impl<D0: Dim, D1: Dim, D2: Dim, D3: Dim, D4: Dim, R0: Dim, R1: Dim, R2: Dim, R3: Dim, R4: Dim>
    StackShape<(R0, R1, R2, R3, R4), Axis<5>> for (D0, D1, D2, D3, D4)
where
    D0: DimEq<R0>,
    D1: DimEq<R1>,
    D2: DimEq<R2>,
    D3: DimEq<R3>,
    D4: DimEq<R4>,
{
    const INDEX: usize = 5;
    type Output = (
        <D0 as DimEq<R0>>::Output,
        <D1 as DimEq<R1>>::Output,
        <D2 as DimEq<R2>>::Output,
        <D3 as DimEq<R3>>::Output,
        <D4 as DimEq<R4>>::Output,
        usize,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Rank2, Rank3, Shape};

    fn same<A: 'static, B: 'static>() -> bool {
        std::any::TypeId::of::<A>() == std::any::TypeId::of::<B>()
    }

    #[test]
    fn view_rules_compute_the_output_types() {
        type S = (Const<2>, usize, One);
        assert!(same::<
            <S as PermuteShape<(Axis<2>, Axis<0>, Axis<1>)>>::Output,
            (One, Const<2>, usize),
        >());
        assert_eq!(
            <S as PermuteShape<(Axis<2>, Axis<0>, Axis<1>)>>::AXES,
            &[2, 0, 1]
        );
        assert_eq!(<() as PermuteShape<()>>::AXES, &[] as &[usize]);
        assert!(axes_distinct(&[2, 0, 1]) && !axes_distinct(&[0, 1, 0]) && axes_distinct(&[]));
        assert!(same::<
            <S as SqueezeShape<Axis<2>>>::Output,
            (Const<2>, usize),
        >());
        assert!(same::<
            <Rank2<1, 3> as SqueezeShape<Axis<0>>>::Output,
            (Const<3>,),
        >());
        assert!(same::<
            <S as UnsqueezeShape<Axis<3>>>::Output,
            (Const<2>, usize, One, One),
        >());
        assert!(same::<<() as UnsqueezeShape<Axis<0>>>::Output, (One,)>());
        assert!(same::<
            <S as NarrowShape<Axis<0>, usize>>::Output,
            (usize, usize, One),
        >());
        assert!(same::<<S as SelectShape<Axis<1>>>::Output, (Const<2>, One)>());
        assert_eq!(<S as SelectShape<Axis<1>>>::INDEX, 1);
        assert!(same::<
            <(usize, Const<3>) as CatShape<Rank2<4, 3>, Axis<0>>>::Output,
            (usize, Const<3>),
        >());
        assert!(same::<
            <(usize, Const<3>) as CatShape<Rank2<4, 3>, Axis<1>>>::Output,
            (Const<4>, usize),
        >());
        assert!(same::<
            <Rank3<1, 2, 3> as StackShape<Rank3<1, 2, 3>, Axis<3>>>::Output,
            (Const<1>, Const<2>, Const<3>, usize),
        >());
        fn broadcasts<A: BroadcastToShape<B>, B: Shape>() {}
        broadcasts::<(One, Const<3>), (usize, Const<4>, Const<3>)>();
        broadcasts::<(), Rank2<2, 3>>();
        broadcasts::<(usize,), (Const<5>,)>();
    }
}
