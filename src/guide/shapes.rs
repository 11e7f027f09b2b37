//! # Shape semantics, step by step
//!
//! rusttorch has two faces over one engine. [`DynTensor`](crate::DynTensor) checks shapes at
//! run time and returns an error. [`Tensor<T, S>`](crate::Tensor) carries its shape in its
//! type `S`, so most shape mistakes are compile errors. This guide walks through the typed
//! face.
//!
//! ## 1. Dims and shapes
//!
//! A shape is a tuple of dims. A dim is one of:
//!
//! - [`Const<N>`](crate::shape::Const): the size `N` is part of the type;
//! - `usize`: the size is known only at run time (a batch read from a file);
//! - [`One`](crate::shape::One): a size-1 dim that stretches under broadcasting.
//!
//! [`Rank0`](crate::shape::Rank0) to [`Rank6`](crate::shape::Rank6) name fully static
//! shapes: `Rank2<2, 3>` is `(Const<2>, Const<3>)`.
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Const, Rank2};
//!
//! let a = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![1., 2., 3., 4., 5., 6.])?;
//! assert_eq!(a.dims(), &[2, 3]);
//! // A batch of any size with 3 features:
//! let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((128, Const))?;
//! assert_eq!(b.dims(), &[128, 3]);
//! # Ok::<(), rusttorch::Error>(())
//! ```
//!
//! ## 2. Elementwise ops and broadcasting
//!
//! Elementwise ops follow NumPy's broadcasting: trailing dims are aligned, and each pair must
//! be equal or one of them [`One`](crate::shape::One). The output type is computed for you.
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Const, One, Rank1, Rank2};
//!
//! let x = Tensor::<f32, Rank2<2, 3>>::ones();
//! let row = Tensor::<f32, Rank1<3>>::from_vec(vec![1., 2., 3.])?;
//! let col = Tensor::<f32, (Const<2>, One)>::from_vec(vec![10., 20.])?;
//! let y: Tensor<f32, Rank2<2, 3>> = &x.add(&row) + &col;
//! assert_eq!(y.to_vec(), vec![12., 13., 14., 22., 23., 24.]);
//! # Ok::<(), rusttorch::Error>(())
//! ```
//!
//! Shapes that do not broadcast do not compile:
//!
//! ```compile_fail
//! use rusttorch::Tensor;
//! use rusttorch::shape::Rank2;
//! let a = Tensor::<f32, Rank2<2, 3>>::zeros();
//! let b = Tensor::<f32, Rank2<2, 4>>::zeros();
//! let _ = a.add(&b);
//! ```
//!
//! The compiler says:
//!
//! ```text
//! error[E0277]: cannot add a `(rusttorch::Const<2>, rusttorch::Const<3>)` tensor and a `(rusttorch::Const<2>, rusttorch::Const<4>)` tensor
//!   = note: trailing dims are aligned; each pair must be equal, or one of them `One`
//!   = note: a `Const<1>` does not stretch; write `One` for a dim that should broadcast
//! ```
//!
//! rustc prints the dims with their paths (`rusttorch::Const<2>`): the messages come from
//! `#[diagnostic::on_unimplemented]`, which does not shorten type names. Each elementwise op
//! has its own copy of the broadcasting rule ([`AddShape`](crate::shape::AddShape),
//! [`MulShape`](crate::shape::MulShape), ...) so that the first line names the op.
//!
//! ### Why `Const<1>` does not stretch
//!
//! A `Const<1>` could mean "exactly one" or "stretch me". Rust's trait coherence cannot hold
//! both a rule "`Const<N>` with `Const<N>`" and a rule "`Const<N>` with `Const<1>`": they
//! overlap at `N = 1`. So rusttorch has a distinct dim, [`One`](crate::shape::One), for
//! "stretch me"; a `keepdim` reduction produces it. Writing `Const<1>` where you meant `One`
//! is a compile error with a note saying so:
//!
//! ```compile_fail
//! use rusttorch::Tensor;
//! use rusttorch::shape::Rank2;
//! let a = Tensor::<f32, Rank2<2, 3>>::zeros();
//! let b = Tensor::<f32, Rank2<2, 1>>::zeros(); // should be (Const<2>, One)
//! let _ = &a + &b;
//! ```
//!
//! ## 3. Runtime dims
//!
//! Where a `usize` dim meets another dim, the check happens at run time. Against a static
//! dim, the static side wins in the output type. A mismatch of two runtime sizes is a bug in
//! the program, like an index out of bounds, so the op panics with a message naming the op
//! and both shapes:
//!
//! ```should_panic
//! use rusttorch::Tensor;
//! use rusttorch::shape::Const;
//! let a = Tensor::<f32, (usize, Const<3>)>::zeros_with((4, Const)).unwrap();
//! let b = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
//! let _ = a.add(&b); // panics: "add: shapes [4, 3] and [2, 3] cannot be broadcast together"
//! ```
//!
//! Data from outside the program (a [`DynTensor`](crate::DynTensor) from a file or from
//! Python) is checked once, at the border, with a `Result`:
//!
//! ```
//! use rusttorch::{DynTensor, Tensor};
//! use rusttorch::shape::Const;
//!
//! let loaded = DynTensor::from_vec(vec![0.5f32; 12], &[4, 3])?;
//! let x: Tensor<f32, (usize, Const<3>)> = Tensor::try_from(&loaded)?;
//! assert_eq!(x.shape(), (4, Const));
//! let wrong = Tensor::<f32, (usize, Const<4>)>::try_from(&loaded);
//! assert_eq!(
//!     wrong.unwrap_err().to_string(),
//!     "Tensor::try_from: a tensor of shape [4, 3] does not fit the shape type `(usize, Const<4>)`"
//! );
//! # Ok::<(), rusttorch::Error>(())
//! ```
//!
//! ## 4. Matmul
//!
//! [`Tensor::matmul`](crate::Tensor::matmul) follows `torch.matmul`: `(.., M, K) x (.., K, N)`
//! gives `(.., M, N)`, a 1-D operand is a row (left) or a column (right) whose dim leaves the
//! result, and batch dims broadcast. The inner dims must agree:
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Rank1, Rank2, Rank3};
//!
//! let a = Tensor::<f32, Rank2<2, 3>>::ones();
//! let w = Tensor::<f32, Rank2<3, 4>>::ones();
//! let y: Tensor<f32, Rank2<2, 4>> = a.matmul(&w);
//! assert_eq!(y.to_vec(), vec![3.0; 8]);
//! let v = Tensor::<f32, Rank1<3>>::ones();
//! let av: Tensor<f32, Rank1<2>> = a.matmul(&v); // matrix times column
//! assert_eq!(av.to_vec(), vec![3.0, 3.0]);
//! let batch = Tensor::<f32, Rank3<5, 2, 3>>::ones();
//! let by: Tensor<f32, Rank3<5, 2, 4>> = batch.matmul(&w); // w is shared by the batch
//! assert_eq!(by.dims(), &[5, 2, 4]);
//! ```
//!
//! ```compile_fail
//! use rusttorch::Tensor;
//! use rusttorch::shape::Rank2;
//! let a = Tensor::<f32, Rank2<2, 3>>::zeros();
//! let b = Tensor::<f32, Rank2<4, 5>>::zeros();
//! let _ = a.matmul(&b);
//! ```
//!
//! ```text
//! error[E0277]: cannot matmul a `(rusttorch::Const<2>, rusttorch::Const<3>)` tensor by a `(rusttorch::Const<4>, rusttorch::Const<5>)` tensor
//!   = note: the inner dims must be equal: (.., M, K) x (.., K, N) -> (.., M, N); batch dims broadcast
//! ```
//!
//! Model code can leave the batch dim to run time and keep the feature dims in the type.
//! This function accepts any batch size, and rustc checks the 64 and the 10:
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Const, Dim};
//!
//! fn forward<B: Dim>(
//!     x: &Tensor<f32, (B, Const<64>)>,
//!     w: &Tensor<f32, (Const<64>, Const<10>)>,
//!     b: &Tensor<f32, (Const<10>,)>,
//! ) -> Tensor<f32, (B, Const<10>)> {
//!     x.matmul(w).add(b).relu()
//! }
//! let x = Tensor::<f32, (usize, Const<64>)>::ones_with((32, Const))?;
//! let y = forward(&x, &Tensor::ones(), &Tensor::zeros());
//! assert_eq!(y.dims(), &[32, 10]);
//! # Ok::<(), rusttorch::Error>(())
//! ```
//!
//! ## 5. Axes
//!
//! Ops that take a dim take it as a type, [`Axis<I>`](crate::shape::Axis), so the compiler
//! knows which dim leaves the shape. Reducing along an axis removes it; the `_keepdim` forms
//! leave a [`One`](crate::shape::One) there, which broadcasts back against the input:
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Axis, Const, One, Rank1, Rank2};
//!
//! let x = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![1., 2., 3., 4., 5., 6.])?;
//! let rows: Tensor<f32, Rank1<2>> = x.sum_dim(Axis::<1>);
//! assert_eq!(rows.to_vec(), vec![6., 15.]);
//! let means: Tensor<f32, (One, Const<3>)> = x.mean_dim_keepdim(Axis::<0>);
//! let centered: Tensor<f32, Rank2<2, 3>> = x.sub(&means);
//! assert_eq!(centered.to_vec(), vec![-1.5, -1.5, -1.5, 1.5, 1.5, 1.5]);
//! let p = x.softmax(Axis::<1>); // the shape is kept
//! assert!((p.sum_dim(Axis::<1>).to_vec()[0] - 1.0).abs() < 1e-6);
//! let xt: Tensor<f32, Rank2<3, 2>> = x.transpose::<0, 1>();
//! assert_eq!(xt.to_vec(), vec![1., 4., 2., 5., 3., 6.]);
//! # Ok::<(), rusttorch::Error>(())
//! ```
//!
//! An axis past the rank has no impl. Unlike PyTorch there are no negative axes: the type
//! already says how many dims there are.
//!
//! ```compile_fail
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Axis, Rank2};
//! let x = Tensor::<f32, Rank2<2, 3>>::zeros();
//! let _ = x.sum_dim(Axis::<2>);
//! ```
//!
//! ```text
//! error[E0277]: cannot reduce a `(rusttorch::Const<2>, rusttorch::Const<3>)` tensor along `Axis<2>`: the axis is out of range
//!   = note: axes count from 0 and must be below the tensor's rank
//! ```
//!
//! ## 6. Views, concatenation and losses
//!
//! The view ops move dims around in the type as in the data. Where a size cannot be
//! computed in a type on stable Rust (the sum of two `Const`s along a concatenated axis, the
//! length of a `narrow` given at run time), the dim becomes a `usize`:
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Axis, Const, One, Rank2, Rank3};
//!
//! let x = Tensor::<f32, Rank3<2, 3, 4>>::ones();
//! let p: Tensor<f32, Rank3<4, 2, 3>> = x.permute((Axis::<2>, Axis::<0>, Axis::<1>));
//! let u: Tensor<f32, (Const<2>, One, Const<3>, Const<4>)> = x.unsqueeze(Axis::<1>);
//! let row: Tensor<f32, (Const<2>, Const<4>)> = x.select(Axis::<1>, 0);
//! let a = Tensor::<f32, Rank2<2, 3>>::ones();
//! let b = Tensor::<f32, Rank2<5, 3>>::zeros();
//! let both: Tensor<f32, (usize, Const<3>)> = a.cat_with(&b, Axis::<0>);
//! assert_eq!((p.dims(), u.dims(), row.dims(), both.dims()), (&[4, 2, 3][..], &[2, 1, 3, 4][..], &[2, 4][..], &[7, 3][..]));
//! ```
//!
//! Each loss states how its prediction and target relate. `cross_entropy` takes `(B, C)`
//! scores and `(B,)` class indices of `i64`; passing one-hot targets of `(B, C)` does not
//! compile (`cross_entropy_soft` takes those). The reduction is a type, because it changes
//! the output's rank: `Mean` and `Sum` give a 0-d tensor, `Unreduced` the input's shape.
//!
//! ```
//! use rusttorch::Tensor;
//! use rusttorch::loss::Mean;
//! use rusttorch::shape::{Rank1, Rank2};
//!
//! let logits = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![2.0, 0.0, 0.0, 0.0, 0.0, 2.0])?;
//! let labels = Tensor::<i64, Rank1<2>>::from_vec(vec![0, 2])?;
//! let loss: Tensor<f32, ()> = logits.cross_entropy(&labels, Mean);
//! assert!((loss.to_vec()[0] - 0.2395).abs() < 1e-4);
//! # Ok::<(), rusttorch::Error>(())
//! ```
//!
//! ```compile_fail
//! use rusttorch::Tensor;
//! use rusttorch::loss::Mean;
//! use rusttorch::shape::{Rank1, Rank2};
//! let logits = Tensor::<f32, Rank2<4, 10>>::zeros();
//! let labels = Tensor::<i64, Rank1<3>>::zeros(); // 3 labels for a batch of 4
//! let _ = logits.cross_entropy(&labels, Mean);
//! ```
//!
//! ```text
//! error[E0277]: cannot take cross entropy of `(rusttorch::Const<4>, rusttorch::Const<10>)` logits against `(rusttorch::Const<3>,)` class indices
//! ```
//!
//! ## 7. Reshape, and what stable Rust cannot check early
//!
//! Between static shapes, [`Tensor::reshape`](crate::Tensor::reshape) compares the element
//! counts with a `const` assert. Stable Rust cannot put arithmetic on const generics
//! (`A * B`) into a type, so this check is not part of type checking: it runs when the code is
//! **built** (`cargo build`, `cargo test`, `cargo run`). `cargo check`, clippy and
//! rust-analyzer do not report it, and the message is a fixed sentence with the call site in
//! its notes:
//!
//! ```compile_fail
//! use rusttorch::Tensor;
//! use rusttorch::shape::{Rank1, Rank2};
//! let a = Tensor::<f32, Rank2<2, 3>>::zeros();
//! let _: Tensor<f32, Rank1<5>> = a.reshape(); // 6 elements cannot become 5
//! ```
//!
//! ```text
//! error[E0080]: evaluation panicked: reshape: the static shapes have different element counts
//! note: the above error was encountered while instantiating `fn ...::reshape::<(Const<5>,)>`
//!  --> src/main.rs:4:36
//! ```
//!
//! With runtime dims, [`Tensor::reshape_to`](crate::Tensor::reshape_to) checks at run time.
//!
//! ## 8. Crossing to the dynamic face
//!
//! `DynTensor::from(tensor)` is free (the buffer is shared); every `DynTensor` op is then
//! available, with `Result`s.
