//! Static shapes: tuples of [`Dim`]s whose rank and static sizes live in the type.
//!
//! A shape is `()` or a tuple of up to six dims, each a [`Const<N>`] (size in the type), a
//! `usize` (size known at run time, e.g. a batch read from a file) or [`One`] (size 1 that
//! stretches under broadcasting). The aliases [`Rank0`] to [`Rank6`] name fully static
//! shapes. Each shape rule (broadcasting, matmul, reductions, ...) is one trait with an
//! `Output` shape type; a call whose shapes break the rule does not compile, and the
//! `#[diagnostic::on_unimplemented]` message names the op and both shapes.

mod axis;
mod broadcast;
mod class;
mod dim;
mod matmul;
mod same;
mod view;

pub use axis::{Axis, HasAxis, ReduceKeepShape, ReduceShape, ReplaceAxis, TransposeShape};
pub use broadcast::{
    AddShape, BroadcastShape, CompareShape, DivShape, ExtremumShape, MulShape, PowShape, SubShape,
};
pub use class::{ClassTargetShape, NllTargetShape, SoftTargetShape};
pub use dim::{Const, ConstDim, Dim, DimBroadcast, DimEq, One};
pub use matmul::MatMulShape;
pub use same::{LossShape, UpdateShape};
pub use view::{
    BroadcastToShape, CatShape, DimBroadcastTo, NarrowShape, PermuteShape, SelectShape,
    SqueezeShape, StackShape, UnitDim, UnsqueezeShape, axes_distinct,
};

use std::fmt::Debug;

use crate::layout::DimVec;

/// A tensor shape: `()` or a tuple of up to six [`Dim`]s.
pub trait Shape: Copy + Debug + Send + Sync + 'static {
    /// The number of dims.
    const RANK: usize;
    /// The element count, when every dim is static.
    const NUMEL: Option<usize>;
    /// The sizes, outermost first.
    fn dims(&self) -> DimVec;
    /// The shape with these sizes, or `None` if the rank differs or a static dim does not
    /// match.
    fn from_dims(dims: &[usize]) -> Option<Self>;
    /// The element count.
    fn numel(&self) -> usize {
        self.dims().iter().product()
    }
}

/// A shape whose every dim is static, so it can be made from nothing.
pub trait ConstShape: Shape + Default {}

/// The shape of a 0-d tensor (a scalar).
pub type Rank0 = ();
/// A static 1-d shape.
pub type Rank1<const A: usize> = (Const<A>,);
/// A static 2-d shape.
pub type Rank2<const A: usize, const B: usize> = (Const<A>, Const<B>);
/// A static 3-d shape.
pub type Rank3<const A: usize, const B: usize, const C: usize> = (Const<A>, Const<B>, Const<C>);
/// A static 4-d shape.
pub type Rank4<const A: usize, const B: usize, const C: usize, const D: usize> =
    (Const<A>, Const<B>, Const<C>, Const<D>);
/// A static 5-d shape.
pub type Rank5<const A: usize, const B: usize, const C: usize, const D: usize, const E: usize> =
    (Const<A>, Const<B>, Const<C>, Const<D>, Const<E>);
/// A static 6-d shape.
pub type Rank6<
    const A: usize,
    const B: usize,
    const C: usize,
    const D: usize,
    const E: usize,
    const F: usize,
> = (Const<A>, Const<B>, Const<C>, Const<D>, Const<E>, Const<F>);

macro_rules! impl_shape {
    ($rank:literal; $($d:ident),*) => {
        impl<$($d: Dim),*> Shape for ($($d,)*) {
            const RANK: usize = $rank;
            const NUMEL: Option<usize> = {
                #[allow(unused_mut)]
                let mut n = Some(1usize);
                $(
                    n = match (n, $d::STATIC) {
                        (Some(a), Some(b)) => a.checked_mul(b),
                        _ => None,
                    };
                )*
                n
            };
            #[allow(non_snake_case)]
            fn dims(&self) -> DimVec {
                let ($($d,)*) = *self;
                DimVec::from_slice(&[$($d.size()),*])
            }
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn from_dims(dims: &[usize]) -> Option<Self> {
                if dims.len() != $rank {
                    return None;
                }
                let mut i = 0;
                Some(($({
                    let d = $d::from_size(dims[i])?;
                    i += 1;
                    d
                },)*))
            }
        }

        impl<$($d: ConstDim),*> ConstShape for ($($d,)*) {}
    };
}

impl_shape!(0;);
impl_shape!(1; D0);
impl_shape!(2; D0, D1);
impl_shape!(3; D0, D1, D2);
impl_shape!(4; D0, D1, D2, D3);
impl_shape!(5; D0, D1, D2, D3, D4);
impl_shape!(6; D0, D1, D2, D3, D4, D5);

/// A readable name for a shape type in messages: `(Const<2>, usize)`.
pub fn shape_name<S: Shape>() -> String {
    std::any::type_name::<S>()
        .replace("rusttorch::shape::dim::", "")
        .replace("rusttorch::shape::", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_report_rank_numel_and_dims() {
        assert_eq!(<Rank2<2, 3>>::RANK, 2);
        assert_eq!(<Rank2<2, 3>>::NUMEL, Some(6));
        assert_eq!(<(usize, Const<3>)>::NUMEL, None);
        assert_eq!(<Rank0>::NUMEL, Some(1));
        assert_eq!(&(5usize, Const::<3>).dims()[..], &[5, 3]);
        assert_eq!(<(usize, Const<3>)>::from_dims(&[7, 3]), Some((7, Const)));
        assert_eq!(<(usize, Const<3>)>::from_dims(&[7, 4]), None);
        assert_eq!(<(usize, Const<3>)>::from_dims(&[7]), None);
        assert_eq!(shape_name::<(usize, Const<3>)>(), "(usize, Const<3>)");
    }
}
