//! Procedural macros for rusttorch, re-exported by the `rusttorch` crate.
//!
//! [`tensor!`] turns a nested bracket literal into a typed tensor whose static shape is read
//! off the literal. The macro only checks the nesting (every row at one depth has the same
//! length, scalars and rows are not mixed, rank at most 6) and annotates the shape type; the
//! values go through `From<[[T; N]; M]>` for `Tensor`, so Rust infers the element type as it
//! would for the array itself.
//!
//! [`derive@Module`] implements `rusttorch::nn::Module` for a struct of layers.

mod module;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::Expr;

/// The highest rank a shape tuple has (`Rank6`).
const MAX_RANK: usize = 6;

/// Builds a typed tensor from a nested bracket literal, with its static shape inferred.
///
/// `tensor!([[1., 2., 3.], [4., 5., 6.]])` is a `Tensor<f64, Rank2<2, 3>>`, that is a
/// `Tensor<f64, (Const<2>, Const<3>)>`; `tensor!([1, 2, 3])` a `Tensor<_, Rank1<3>>` of the
/// literal's element type; `tensor!(5.0)` a rank-0 tensor (`Tensor<_, ()>`). Ranks 0 to 6.
///
/// - **Element type**: inferred by Rust exactly as for the array `[[1., 2.], [3., 4.]]`:
///   float literals are `f64` and integer literals `i32` unless the context (an annotation, a
///   suffix such as `1.0f32`, a variable) says otherwise.
/// - **Elements** are any expressions (`tensor!([[a, b], [c, 1.0]])`); rows are written as
///   bracket literals, or as `[x; n]` with an integer literal `n`. An expression that evaluates
///   to an array is an element, not a row: build from an array value with `Tensor::from(arr)`.
/// - **Empty literals** (`tensor!([])`, `tensor!([[], []])`) have no element to infer the type
///   from, so they are `f32` tensors of the literal's shape (`Rank1<0>`, `Rank2<2, 0>`), like
///   PyTorch's `torch.tensor([])` (shape `(0,)`, float32). For another element type write
///   `Tensor::<i64, Rank1<0>>::zeros()`.
/// - The values are copied into a new row-major buffer.
///
/// # Errors (at compile time)
/// A ragged literal does not compile; the error points at the first row that breaks the
/// shape read off the first row at each depth:
/// `tensor!: row 1 has 1 element, expected 2 (all rows at one depth must have the same
/// length)`. Mixing a scalar and a row at one depth, or nesting deeper than rank 6, is an
/// error too.
///
/// # Examples
/// ```
/// use rusttorch::{Tensor, tensor};
/// use rusttorch::shape::{Rank0, Rank1, Rank2};
///
/// let m: Tensor<f32, Rank2<2, 3>> = tensor!([[1., 2., 3.], [4., 5., 6.]]);
/// assert_eq!(m.dims(), &[2, 3]);
/// assert_eq!(m.to_vec(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
///
/// let v = tensor!([1i64, 2, 3]); // Tensor<i64, Rank1<3>>
/// let _: &Tensor<i64, Rank1<3>> = &v;
///
/// let (a, b) = (0.5f32, -1.0f32);
/// let w = tensor!([[a, b], [b * 2.0, 1.0]]);
/// assert_eq!(w.to_vec(), vec![0.5, -1.0, -2.0, 1.0]);
///
/// let s: Tensor<f64, Rank0> = tensor!(5.0);
/// assert_eq!(s.to_vec(), vec![5.0]);
///
/// let e = tensor!([]); // Tensor<f32, Rank1<0>>
/// assert_eq!(e.dims(), &[0]);
/// ```
///
/// A ragged literal is rejected:
/// ```compile_fail
/// let _ = rusttorch::tensor!([[1., 2.], [3.]]);
/// ```
#[proc_macro]
pub fn tensor(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `rusttorch::nn::Module` for a struct: its parameters are its fields'
/// parameters, named `field.param` (tuple fields by index: `0.weight`), in field order.
///
/// Every field's type must implement `Module` (layers, tensors, `Vec`s of modules, nested
/// derived structs); mark configuration fields (sizes, rates, flags) `#[module(skip)]`.
/// `set_training` reaches every field that is not skipped. Generic structs get a `Module`
/// bound on each field type that mentions a type parameter.
///
/// # Errors (at compile time)
/// A field whose type is not a `Module` is reported at the field: ``the trait bound `usize:
/// Module` is not satisfied``. Enums and unions are rejected.
///
/// # Examples
/// ```
/// use rusttorch::nn::{self, Module};
/// use rusttorch::Generator;
///
/// #[derive(Module)]
/// struct Mlp {
///     fc1: nn::Linear,
///     act: nn::ReLU,
///     fc2: nn::Linear,
///     #[module(skip)]
///     hidden: usize,
/// }
///
/// let mut g = Generator::new(0);
/// let m = Mlp {
///     fc1: nn::Linear::new(4, 8, true, &mut g)?,
///     act: nn::ReLU,
///     fc2: nn::Linear::new(8, 2, true, &mut g)?,
///     hidden: 8,
/// };
/// let names: Vec<String> = m.named_parameters().into_iter().map(|(n, _)| n).collect();
/// assert_eq!(names, ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
/// assert_eq!(m.num_parameters(), 4 * 8 + 8 + 8 * 2 + 2);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[proc_macro_derive(Module, attributes(module))]
pub fn derive_module(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    module::expand(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The expansion of `tensor!(input)`, or the error to report.
fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    if input.is_empty() {
        return Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            "tensor!: expected a scalar or a nested array literal such as `[[1., 2.], [3., 4.]]`",
        ));
    }
    let expr: Expr = syn::parse2(input)?;
    let literal = read_shape(&expr)?;
    check(&expr, &literal.dims, &mut Vec::new())?;

    let dims = literal
        .dims
        .iter()
        .map(|&n| Literal::usize_unsuffixed(n))
        .map(|n| quote!(::rusttorch::shape::Const<#n>));
    let shape = quote!((#(#dims,)*));
    Ok(if literal.dims.is_empty() {
        quote!(::rusttorch::Tensor::<_, ()>::scalar(#expr))
    } else if literal.has_element {
        quote!(::rusttorch::Tensor::<_, #shape>::from(#expr))
    } else {
        // NOTE: no element expression to infer `T` from: PyTorch's default dtype.
        quote!(::rusttorch::Tensor::<f32, #shape>::zeros())
    })
}

/// The shape read off a literal along its first elements.
#[derive(Debug, PartialEq)]
struct LiteralShape {
    /// The dims, outermost first.
    dims: Vec<usize>,
    /// Whether the path of first elements ends at an element expression (not at `[]`).
    has_element: bool,
}

/// Strips the invisible groups a `macro_rules!` `$e:expr` leaves, and parentheses.
fn unwrap(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Group(g) => expr = &g.expr,
            Expr::Paren(p) => expr = &p.expr,
            _ => return expr,
        }
    }
}

/// The length of `[x; n]`, which must be an integer literal.
fn repeat_len(r: &syn::ExprRepeat) -> syn::Result<usize> {
    match unwrap(&r.len) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(n),
            ..
        }) => n.base10_parse(),
        len => Err(syn::Error::new_spanned(
            len,
            "tensor!: the length in `[x; n]` must be an integer literal (the shape is read off \
             the literal); use `Tensor::full` for a computed length",
        )),
    }
}

/// Reads the dims along the first element at each depth; [`check`] then holds every other
/// row to them.
fn read_shape(expr: &Expr) -> syn::Result<LiteralShape> {
    let mut dims = Vec::new();
    let mut expr = expr;
    let has_element = loop {
        let (len, first) = match unwrap(expr) {
            Expr::Array(a) => (a.elems.len(), a.elems.first()),
            Expr::Repeat(r) => (repeat_len(r)?, Some(&*r.expr)),
            _ => break true,
        };
        if dims.len() == MAX_RANK {
            return Err(syn::Error::new_spanned(
                expr,
                format!(
                    "tensor!: the literal is nested more than {MAX_RANK} deep (the highest rank \
                     is {MAX_RANK})"
                ),
            ));
        }
        dims.push(len);
        match first {
            Some(first) => expr = first,
            None => break false,
        }
    };
    Ok(LiteralShape { dims, has_element })
}

/// Checks that `expr`, at index `path` in the literal, has the dims `dims`.
fn check(expr: &Expr, dims: &[usize], path: &mut Vec<usize>) -> syn::Result<()> {
    let inner = unwrap(expr);
    let (len, elems): (usize, Vec<&Expr>) = match inner {
        Expr::Array(a) => (a.elems.len(), a.elems.iter().collect()),
        Expr::Repeat(r) => (repeat_len(r)?, vec![&*r.expr]),
        _ => {
            return match dims.first() {
                None => Ok(()),
                Some(&n) => Err(syn::Error::new_spanned(
                    inner,
                    format!(
                        "tensor!: element {} is a scalar, expected a row of {} (all rows at one \
                         depth must have the same nesting)",
                        path_name(path),
                        elements(n)
                    ),
                )),
            };
        }
    };
    let Some((&expected, rest)) = dims.split_first() else {
        return Err(syn::Error::new_spanned(
            inner,
            format!(
                "tensor!: element {} is a row, expected a scalar (all rows at one depth must \
                 have the same nesting)",
                path_name(path)
            ),
        ));
    };
    if len != expected {
        return Err(syn::Error::new_spanned(
            inner,
            format!(
                "tensor!: row {} has {}, expected {expected} (all rows at one depth must have \
                 the same length)",
                path_name(path),
                elements(len)
            ),
        ));
    }
    for (i, elem) in elems.into_iter().enumerate() {
        path.push(i);
        check(elem, rest, path)?;
        path.pop();
    }
    Ok(())
}

/// `1` for a row of the outer literal, `[1][0]` deeper down.
fn path_name(path: &[usize]) -> String {
    match path {
        [] => "0".to_owned(),
        [i] => i.to_string(),
        _ => path.iter().map(|i| format!("[{i}]")).collect(),
    }
}

/// `1 element`, `3 elements`.
fn elements(n: usize) -> String {
    if n == 1 {
        "1 element".to_owned()
    } else {
        format!("{n} elements")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(src: &str) -> syn::Result<Vec<usize>> {
        let expr: Expr = syn::parse_str(src)?;
        let literal = read_shape(&expr)?;
        check(&expr, &literal.dims, &mut Vec::new())?;
        Ok(literal.dims)
    }

    fn error_of(src: &str) -> String {
        shape_of(src).unwrap_err().to_string()
    }

    #[test]
    fn shapes_are_read_off_the_literal() {
        assert_eq!(shape_of("5.0").unwrap(), Vec::<usize>::new());
        assert_eq!(shape_of("a + b").unwrap(), Vec::<usize>::new());
        assert_eq!(shape_of("[1, 2, 3]").unwrap(), vec![3]);
        assert_eq!(
            shape_of("[[1., 2., 3.], [4., 5., 6.]]").unwrap(),
            vec![2, 3]
        );
        assert_eq!(shape_of("[[[1], [2]]]").unwrap(), vec![1, 2, 1]);
        assert_eq!(shape_of("[[a, b], [c, f(1.0)]]").unwrap(), vec![2, 2]);
        assert_eq!(shape_of("[[0.0; 3]; 2]").unwrap(), vec![2, 3]);
        assert_eq!(shape_of("[[1., 2.], [0.0; 2]]").unwrap(), vec![2, 2]);
        assert_eq!(shape_of("[]").unwrap(), vec![0]);
        assert_eq!(shape_of("[[], []]").unwrap(), vec![2, 0]);
        assert_eq!(shape_of("(([1, 2]))").unwrap(), vec![2]);
        assert_eq!(
            shape_of("[[[[[[1]]]]]]").unwrap(),
            vec![1, 1, 1, 1, 1, 1],
            "rank 6 is the highest and allowed"
        );
    }

    #[test]
    fn ragged_rows_name_the_row_and_both_lengths() {
        assert_eq!(
            error_of("[[1., 2.], [3.]]"),
            "tensor!: row 1 has 1 element, expected 2 (all rows at one depth must have the \
             same length)"
        );
        assert_eq!(
            error_of("[[1, 2], [3, 4], [5, 6, 7]]"),
            "tensor!: row 2 has 3 elements, expected 2 (all rows at one depth must have the \
             same length)"
        );
        assert_eq!(
            error_of("[[[1, 2], [3, 4]], [[5, 6], [7]]]"),
            "tensor!: row [1][1] has 1 element, expected 2 (all rows at one depth must have \
             the same length)"
        );
        assert_eq!(
            error_of("[[], [1]]"),
            "tensor!: row 1 has 1 element, expected 0 (all rows at one depth must have the \
             same length)"
        );
        assert_eq!(
            error_of("[[1, 2], [0; 3]]"),
            "tensor!: row 1 has 3 elements, expected 2 (all rows at one depth must have the \
             same length)"
        );
    }

    #[test]
    fn mixed_nesting_is_an_error() {
        assert_eq!(
            error_of("[[1., 2.], 3.]"),
            "tensor!: element 1 is a scalar, expected a row of 2 elements (all rows at one \
             depth must have the same nesting)"
        );
        assert_eq!(
            error_of("[1., [2., 3.]]"),
            "tensor!: element 1 is a row, expected a scalar (all rows at one depth must have \
             the same nesting)"
        );
        assert_eq!(
            error_of("[[1], [[2]]]"),
            "tensor!: element [1][0] is a row, expected a scalar (all rows at one depth must \
             have the same nesting)"
        );
    }

    #[test]
    fn rank_above_six_and_computed_repeat_lengths_are_errors() {
        assert_eq!(
            error_of("[[[[[[[1]]]]]]]"),
            "tensor!: the literal is nested more than 6 deep (the highest rank is 6)"
        );
        assert!(error_of("[0.0; N]").contains("must be an integer literal"));
    }

    // NOTE: rustfmt would add a trailing comma inside the expected `quote!`, a different
    // token stream.
    #[rustfmt::skip]
    #[test]
    fn expansion_annotates_the_shape_and_keeps_the_literal() {
        let out = expand(quote!([[1., 2., 3.], [4., 5., 6.]])).unwrap().to_string();
        let expected = quote!(::rusttorch::Tensor::<_, (::rusttorch::shape::Const<2>, ::rusttorch::shape::Const<3>,)>::from([[1., 2., 3.], [4., 5., 6.]]));
        assert_eq!(out, expected.to_string());
        let out = expand(quote!(x * 2.0)).unwrap().to_string();
        assert_eq!(out, quote!(::rusttorch::Tensor::<_, ()>::scalar(x * 2.0)).to_string());
        let out = expand(quote!([[], []])).unwrap().to_string();
        let expected = quote!(::rusttorch::Tensor::<f32, (::rusttorch::shape::Const<2>, ::rusttorch::shape::Const<0>,)>::zeros());
        assert_eq!(out, expected.to_string());
        assert!(expand(TokenStream::new()).is_err());
    }
}
