//! `matmul`: the matrix product with `torch.matmul`'s shape rule, and `dot`.
//!
//! The shape rule lives here; the batched loop, the strides and the threads live in
//! [`crate::kernel::matmul`]. A 1-D left operand `(k)` is viewed as `(1, k)` and a 1-D right
//! operand `(k)` as `(k, 1)` (views, no copy); the added dim is removed from the result.
//! Operands of rank 3 or more broadcast their batch dims (all but the last two) with NumPy's
//! rule. Transposed, sliced and expanded operands are read in place through their strides:
//! `f32` and `f64` go to the `gemm` crate, `i32` and `i64` to a wrapping integer kernel.

use crate::autograd;
use crate::dtype::DType;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::matmul::{MatmulKernel, batched};
use crate::layout::{DimVec, Layout, broadcast_shape};
use crate::shape::{MatMulShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// How two operand shapes multiply: the rank >= 2 views, the batch dims and the result dims.
#[derive(Debug, PartialEq)]
struct Plan {
    /// A 1-D left operand is viewed as one row.
    lhs_row: bool,
    /// A 1-D right operand is viewed as one column.
    rhs_col: bool,
    /// The broadcast batch dims.
    batch: DimVec,
    /// The dims of the result.
    out: DimVec,
}

/// `torch.matmul`'s shape rule, with errors naming `op` and both shapes.
fn plan(op: &'static str, a: &[usize], b: &[usize]) -> Result<Plan> {
    if a.is_empty() || b.is_empty() {
        return Err(Error::mismatch(
            op,
            a,
            b,
            "both arguments need to be at least 1-D",
        ));
    }
    let (lhs_row, rhs_col) = (a.len() == 1, b.len() == 1);
    // The last two dims of each operand as a matrix: (m, k) and (k2, n).
    let (m, k) = if lhs_row {
        (1, a[0])
    } else {
        (a[a.len() - 2], a[a.len() - 1])
    };
    let (k2, n) = if rhs_col {
        (b[0], 1)
    } else {
        (b[b.len() - 2], b[b.len() - 1])
    };
    if k != k2 {
        return Err(Error::mismatch(
            op,
            a,
            b,
            format!("inner dims {k} and {k2} differ"),
        ));
    }
    let batch_a = &a[..a.len().saturating_sub(2)];
    let batch_b = &b[..b.len().saturating_sub(2)];
    let batch = broadcast_shape(batch_a, batch_b, op).map_err(|_| Error::broadcast(op, a, b))?;
    let mut out = batch.clone();
    if !lhs_row {
        out.push(m);
    }
    if !rhs_col {
        out.push(n);
    }
    Ok(Plan {
        lhs_row,
        rhs_col,
        batch,
        out,
    })
}

/// `a @ b` on typed tensors with `torch.matmul`'s shape rule: the kernel both faces share.
///
/// # Errors
/// As [`DynTensor::matmul`], with `op` in the messages.
pub fn matmul<T: MatmulKernel>(
    op: &'static str,
    a: &TensorImpl<T>,
    b: &TensorImpl<T>,
) -> Result<TensorImpl<T>> {
    let p = plan(op, a.dims(), b.dims())?;
    let lhs = if p.lhs_row {
        a.view(a.layout().unsqueeze(0))
    } else {
        a.clone()
    };
    let rhs = if p.rhs_col {
        b.view(b.layout().unsqueeze(1))
    } else {
        b.clone()
    };
    let full = batched(op, &lhs, &rhs, &p.batch)?;
    // The kernel's result is contiguous; dropping the size-1 dims of 1-D operands is a view.
    let out = full.view(Layout::contiguous(&p.out));
    let need = [a.autograd().is_some(), b.autograd().is_some()];
    Ok(autograd::maybe_record(
        out,
        op,
        [a.autograd(), b.autograd()],
        |_| {
            let mut product = p.batch.clone();
            product.extend([
                lhs.dims()[lhs.dims().len() - 2],
                rhs.dims()[rhs.dims().len() - 1],
            ]);
            let saved = Saved {
                full: product.to_vec(),
                lhs_dims: lhs.dims().to_vec(),
                rhs_dims: rhs.dims().to_vec(),
                a_dims: a.dims().to_vec(),
                b_dims: b.dims().to_vec(),
                // dA reads only B and dB only A: keep what the needed gradients read.
                lhs: need[1].then(|| DynTensor::from(lhs.detach())),
                rhs: need[0].then(|| DynTensor::from(rhs.detach())),
                col_major: [column_major(lhs.layout()), column_major(rhs.layout())],
            };
            move |g: &DynTensor| saved.backward(g)
        },
    ))
}

/// What the backward of `matmul` keeps: the dims of the operands and of their rank >= 2
/// views, the dims of the product of the views, and the views the gradients read.
struct Saved {
    /// The result dims of the product of the views: batch dims, `m`, `n`.
    full: Vec<usize>,
    lhs_dims: Vec<usize>,
    rhs_dims: Vec<usize>,
    a_dims: Vec<usize>,
    b_dims: Vec<usize>,
    /// `A` as a rank >= 2 view, kept if `B` needs a gradient.
    lhs: Option<DynTensor>,
    /// `B` as a rank >= 2 view, kept if `A` needs a gradient.
    rhs: Option<DynTensor>,
    /// Whether each view stores its matrices column by column (see [`column_major`]).
    col_major: [bool; 2],
}

/// Whether the matrices of `l` are stored column by column: a transposed view, like the
/// weight of a linear layer in `x @ w.T`.
fn column_major(l: &Layout) -> bool {
    let s = l.strides();
    let n = s.len();
    s[n - 1] != 1 && s[n - 2] == 1
}

/// `x @ y`, computed as `(yᵀ @ xᵀ)ᵀ` when `col_major`: a gradient then has its operand's
/// memory order, so the transpose that made the operand (a linear layer's `w.T`) hands
/// its parameter a contiguous gradient, which the optimizer reads without a copy (the copy
/// cost a tenth of a digits MLP epoch).
fn product(x: &DynTensor, y: &DynTensor, col_major: bool) -> Result<DynTensor> {
    if col_major {
        y.transpose(-1, -2)?
            .matmul(&x.transpose(-1, -2)?)?
            .transpose(-1, -2)
    } else {
        x.matmul(y)
    }
}

impl Saved {
    /// The gradients of `out = A @ B` given `g = dL/d(out)`: `dA = g @ B^T` and
    /// `dB = A^T @ g`, computed on the rank >= 2 views with `g` viewed in the product's
    /// dims. Batch dims an operand was broadcast along are summed back
    /// ([`autograd::reduce_to`]), and the dim a 1-D operand was given is removed again by
    /// reshaping to the operand's own dims.
    fn backward(&self, g: &DynTensor) -> Result<Vec<Option<DynTensor>>> {
        let g = g.reshape(&isizes(&self.full))?;
        let back = |grad: DynTensor, view: &[usize], dims: &[usize]| {
            autograd::reduce_to(&grad, view)?.reshape(&isizes(dims))
        };
        let ga = match &self.rhs {
            Some(b) => Some(back(
                product(&g, &b.transpose(-1, -2)?, self.col_major[0])?,
                &self.lhs_dims,
                &self.a_dims,
            )?),
            None => None,
        };
        let gb = match &self.lhs {
            Some(a) => Some(back(
                product(&a.transpose(-1, -2)?, &g, self.col_major[1])?,
                &self.rhs_dims,
                &self.b_dims,
            )?),
            None => None,
        };
        Ok(vec![ga, gb])
    }
}

/// `dims` as the `isize` shape `reshape` takes (sizes of a valid shape fit in `isize`).
fn isizes(dims: &[usize]) -> Vec<isize> {
    dims.iter().map(|&d| d as isize).collect()
}

/// Runs [`matmul`] on two dynamic tensors promoted to their common dtype.
fn matmul_dyn(op: &'static str, a: &DynTensor, b: &DynTensor) -> Result<DynTensor> {
    let dtype = a.dtype().promote(b.dtype());
    if dtype == DType::Bool {
        return Err(Error::dtype(op, "a numeric (int or float)", DType::Bool));
    }
    let (a, b) = (a.to_dtype(dtype)?, b.to_dtype(dtype)?);
    Ok(match (a.data(), b.data()) {
        (Data::Int32(x), Data::Int32(y)) => matmul(op, x, y)?.into(),
        (Data::Int64(x), Data::Int64(y)) => matmul(op, x, y)?.into(),
        (Data::Float32(x), Data::Float32(y)) => matmul(op, x, y)?.into(),
        (Data::Float64(x), Data::Float64(y)) => matmul(op, x, y)?.into(),
        _ => unreachable!("both operands were converted to one numeric dtype"),
    })
}

impl DynTensor {
    /// Returns the matrix product `self @ other`, `out[..., i, j] = sum_p a[..., i, p] *
    /// b[..., p, j]`, with `torch.matmul`'s shape rule.
    ///
    /// - `(k) @ (k)` is the dot product, a 0-d tensor;
    /// - `(m, k) @ (k)` is `(m)` and `(k) @ (k, n)` is `(n)` (the 1-D operand is taken as a
    ///   column or a row, and that dim is removed from the result);
    /// - `(m, k) @ (k, n)` is `(m, n)`;
    /// - with more dims, the leading (batch) dims broadcast: `(2, 1, 3, 4) @ (5, 4, 6)` is
    ///   `(2, 5, 3, 6)`, and a 1-D operand joins as above: `(k) @ (b, k, n)` is `(b, n)`.
    ///
    /// Dtypes promote as in [`DynTensor::add`]; integers multiply with wrapping arithmetic.
    /// Transposed, sliced and broadcast operands are read through their strides, never
    /// copied. An inner dim of 0 gives zeros. Gradient: `dA = dOut @ B^T`, `dB = A^T @ dOut`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?;
    /// let b = DynTensor::from_vec(vec![1.0f32, 0.0, 2.0], &[3])?;
    /// let y = a.matmul(&b)?;
    /// assert_eq!(y.shape(), &[2]);
    /// assert_eq!(y.to_vec::<f32>()?, vec![7.0, 16.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] if an operand is 0-d or the inner dims differ
    ///   (`matmul: shapes [2, 3] and [4, 5] do not match (inner dims 3 and 4 differ)`);
    /// - [`Error::Broadcast`] if the batch dims do not broadcast;
    /// - [`Error::DType`] for `bool` operands.
    pub fn matmul(&self, other: &DynTensor) -> Result<DynTensor> {
        matmul_dyn("matmul", self, other)
    }

    /// Returns the dot product of two 1-D tensors, `sum_i a[i] * b[i]`, as a 0-d tensor
    /// (`torch.dot`). Dtypes promote as in [`DynTensor::matmul`] (PyTorch's `dot` requires
    /// equal dtypes instead).
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![1i64, 2, 3], &[3])?;
    /// let b = DynTensor::from_vec(vec![4i64, 5, 6], &[3])?;
    /// assert_eq!(a.dot(&b)?.item::<i64>()?, 32);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if either operand is not 1-D or their lengths differ;
    /// [`Error::DType`] for `bool` operands.
    pub fn dot(&self, other: &DynTensor) -> Result<DynTensor> {
        if self.ndim() != 1 || other.ndim() != 1 {
            return Err(Error::mismatch(
                "dot",
                self.shape(),
                other.shape(),
                format!(
                    "1-D tensors expected, got {}-D and {}-D",
                    self.ndim(),
                    other.ndim()
                ),
            ));
        }
        matmul_dyn("dot", self, other)
    }
}

impl<T: MatmulKernel, S: Shape> Tensor<T, S> {
    /// Returns the matrix product `self @ rhs`, `out[.., i, j] = Σ_p a[.., i, p] *
    /// b[.., p, j]`, with `torch.matmul`'s shape rule checked by the compiler through
    /// [`MatMulShape`]: `(.., M, K) x (.., K, N)` gives `(.., M, N)` with the batch dims
    /// broadcast, and a 1-D operand is a row (left) or a column (right) whose dim is dropped.
    /// Inner dims that are two different `Const`s, or a 0-d operand, do not compile. Runs
    /// the same kernel as [`DynTensor::matmul`].
    ///
    /// # Panics
    /// If `usize` dims disagree at run time (inner dims differ, or batch dims do not
    /// broadcast); the message names `matmul` and both shapes.
    pub fn matmul<R: Shape>(&self, rhs: &Tensor<T, R>) -> Tensor<T, <S as MatMulShape<R>>::Output>
    where
        S: MatMulShape<R>,
    {
        let shape = self.shape().output(rhs.shape());
        // The kernel checks the same rule on the sizes and reports it with both shapes.
        let inner = matmul("matmul", self.inner(), rhs.inner()).unwrap_or_else(|e| panic!("{e}"));
        let shape = shape.unwrap_or_else(|| {
            panic!(
                "matmul: shapes {:?} and {:?} do not match",
                self.dims(),
                rhs.dims()
            )
        });
        Tensor::from_parts(inner, shape)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::dyn_tensor::with_any;
    use crate::kernel::matmul::LAST_OPERANDS;

    fn f64s(t: &DynTensor) -> Vec<f64> {
        t.to_vec::<f64>().unwrap()
    }

    fn tensor(data: &[f64], dims: &[usize]) -> DynTensor {
        DynTensor::from_vec(data.to_vec(), dims).unwrap()
    }

    /// A view of `t` through another layout of the same buffer.
    fn view(t: &DynTensor, f: impl FnOnce(&Layout) -> Layout) -> DynTensor {
        with_any!(t, x => x.view(f(x.layout())).into())
    }

    /// `torch.matmul` on row-major data of the given logical shapes, by definition, in f64.
    fn reference(a: &[f64], da: &[usize], b: &[f64], db: &[usize]) -> (Vec<f64>, Vec<usize>) {
        let a2: Vec<usize> = if da.len() == 1 {
            vec![1, da[0]]
        } else {
            da.to_vec()
        };
        let b2: Vec<usize> = if db.len() == 1 {
            vec![db[0], 1]
        } else {
            db.to_vec()
        };
        let (m, k, n) = (a2[a2.len() - 2], a2[a2.len() - 1], b2[b2.len() - 1]);
        let (ba, bb) = (&a2[..a2.len() - 2], &b2[..b2.len() - 2]);
        let nb = ba.len().max(bb.len());
        let pad = |s: &[usize]| {
            let mut v = vec![1; nb - s.len()];
            v.extend_from_slice(s);
            v
        };
        let (pa, pb) = (pad(ba), pad(bb));
        let batch: Vec<usize> = pa.iter().zip(&pb).map(|(&x, &y)| x.max(y)).collect();
        let total: usize = batch.iter().product();
        let mut out = Vec::new();
        for bi in 0..total {
            // Multi-index of bi, then each operand's batch number (size-1 dims repeat).
            let mut idx = vec![0; nb];
            let mut r = bi;
            for d in (0..nb).rev() {
                idx[d] = r % batch[d];
                r /= batch[d];
            }
            let flat = |p: &[usize]| {
                idx.iter()
                    .zip(p)
                    .fold(0, |acc, (&i, &s)| acc * s + if s == 1 { 0 } else { i })
            };
            let (oa, ob) = (flat(&pa) * m * k, flat(&pb) * k * n);
            for i in 0..m {
                for j in 0..n {
                    out.push((0..k).map(|p| a[oa + i * k + p] * b[ob + p * n + j]).sum());
                }
            }
        }
        let mut dims = batch;
        if da.len() > 1 {
            dims.push(m);
        }
        if db.len() > 1 {
            dims.push(n);
        }
        (out, dims)
    }

    fn check(a: &DynTensor, b: &DynTensor) {
        let got = a.matmul(b).unwrap();
        let (want, dims) = reference(&a.to_vec_f64(), a.shape(), &b.to_vec_f64(), b.shape());
        assert_eq!(got.shape(), &dims[..]);
        let got = got.to_vec_f64();
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-12 * (1.0 + w.abs()), "{g} vs {w}");
        }
    }

    #[test]
    fn every_form_gives_literal_values() {
        let v = tensor(&[1.0, 2.0, 3.0], &[3]);
        let w = tensor(&[4.0, -5.0, 6.0], &[3]);
        let dot = v.matmul(&w).unwrap();
        assert_eq!((dot.shape(), f64s(&dot)), (&[][..], vec![12.0]));
        let m = tensor(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        let mv = m.matmul(&v).unwrap();
        assert_eq!((mv.shape(), f64s(&mv)), (&[2][..], vec![14.0, 32.0]));
        let u = tensor(&[1.0, -1.0], &[2]);
        let vm = u.matmul(&m).unwrap();
        assert_eq!((vm.shape(), f64s(&vm)), (&[3][..], vec![-3.0, -3.0, -3.0]));
        let n = tensor(&[1.0, 0.0, 0.0, 1.0, 2.0, 3.0], &[3, 2]);
        let mm = m.matmul(&n).unwrap();
        assert_eq!(
            (mm.shape(), f64s(&mm)),
            (&[2, 2][..], vec![7.0, 11.0, 16.0, 23.0])
        );
        // bmm: batch of two, the second matrix of `b` the negated first.
        let bb = tensor(
            &[
                1.0, 0.0, 0.0, 1.0, 2.0, 3.0, -1.0, 0.0, 0.0, -1.0, -2.0, -3.0,
            ],
            &[2, 3, 2],
        );
        let mm2 = m.matmul(&bb).unwrap();
        assert_eq!(mm2.shape(), &[2, 2, 2]);
        assert_eq!(
            f64s(&mm2),
            vec![7.0, 11.0, 16.0, 23.0, -7.0, -11.0, -16.0, -23.0]
        );
        // (k) @ (b, k, n) and (b, m, k) @ (k).
        let vb = v.matmul(&bb).unwrap();
        assert_eq!(
            (vb.shape(), f64s(&vb)),
            (&[2, 2][..], vec![7.0, 11.0, -7.0, -11.0])
        );
        let bt = tensor(
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0],
            &[2, 2, 3],
        );
        let bv = bt.matmul(&v).unwrap();
        assert_eq!(
            (bv.shape(), f64s(&bv)),
            (&[2, 2][..], vec![14.0, 32.0, 3.0, 1.0])
        );
    }

    #[test]
    fn batch_dims_broadcast() {
        // (2, 1, 3, 4) @ (5, 4, 6) -> (2, 5, 3, 6).
        let a: Vec<f64> = (0..24).map(|x| (x % 7) as f64 - 3.0).collect();
        let b: Vec<f64> = (0..120).map(|x| (x % 5) as f64 * 0.5 - 1.0).collect();
        let (a, b) = (tensor(&a, &[2, 1, 3, 4]), tensor(&b, &[5, 4, 6]));
        let y = a.matmul(&b).unwrap();
        assert_eq!(y.shape(), &[2, 5, 3, 6]);
        check(&a, &b);
        // One literal: y[1, 4, 2, 5] = sum_p a[1, 0, 2, p] * b[4, p, 5].
        let want: f64 = (0..4)
            .map(|p| a.get::<f64>(&[1, 0, 2, p]).unwrap() * b.get::<f64>(&[4, p, 5]).unwrap())
            .sum();
        assert_eq!(y.get::<f64>(&[1, 4, 2, 5]).unwrap(), want);
        // A 2-D operand against a batch, both ways.
        let m: Vec<f64> = (0..12).map(|x| x as f64 - 5.5).collect();
        check(&tensor(&m, &[3, 4]), &b);
        check(&b, &tensor(&m, &[6, 2]));
    }

    #[test]
    fn strided_operands_are_read_in_place() {
        let base: Vec<f64> = (0..60).map(|x| (x as f64).sin()).collect();
        let t = tensor(&base, &[3, 4, 5]);
        // Transposed (3, 5, 4) view of the last two dims, times a sliced (4, 2) window at a
        // nonzero offset with a column step of 2.
        let at = view(&t, |l| l.transpose(1, 2));
        let m = tensor(&base[..48], &[4, 12]);
        let bs = view(&m, |l| l.slice(1, 3, 2, 2));
        assert!(!at.is_contiguous() && !bs.is_contiguous());
        check(&at, &bs);
        // NOTE: the kernel saw the operands' own buffers and strides: nothing was copied.
        let [(pa, sa), (pb, sb)] = LAST_OPERANDS.with(|c| c.borrow().clone()).unwrap();
        assert_eq!(pa, t.as_impl::<f64>().unwrap().buffer().as_ptr() as usize);
        assert_eq!(&sa[..], &[20, 1, 5]);
        assert_eq!(pb, m.as_impl::<f64>().unwrap().buffer().as_ptr() as usize);
        assert_eq!(&sb[..], &[12, 2]);
        // The same views in f32 (the other gemm instantiation).
        let (t32, m32) = (
            t.to_dtype(DType::Float32).unwrap(),
            m.to_dtype(DType::Float32).unwrap(),
        );
        let a32 = view(&t32, |l| l.transpose(1, 2));
        let y32 = a32.matmul(&view(&m32, |l| l.slice(1, 3, 2, 2))).unwrap();
        let [(pa, _), _] = LAST_OPERANDS.with(|c| c.borrow().clone()).unwrap();
        assert_eq!(pa, t32.as_impl::<f32>().unwrap().buffer().as_ptr() as usize);
        let y = at.matmul(&bs).unwrap().to_vec_f64();
        for (g, w) in y32.to_vec_f64().iter().zip(&y) {
            assert!((g - w).abs() < 1e-5 * (1.0 + w.abs()), "{g} vs {w}");
        }
    }

    #[test]
    fn expanded_batch_dims_have_stride_zero() {
        // One (2, 3) matrix seen as a (4, 2, 3) batch through a stride-0 batch dim.
        let m = tensor(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        let e = view(&m, |_| {
            Layout::from_parts([4, 2, 3][..].into(), [0, 3, 1][..].into(), 0)
        });
        let b: Vec<f64> = (0..24).map(|x| x as f64).collect();
        let b = tensor(&b, &[4, 3, 2]);
        let y = e.matmul(&b).unwrap();
        check(&e, &b);
        let [(pa, sa), _] = LAST_OPERANDS.with(|c| c.borrow().clone()).unwrap();
        assert_eq!(
            (pa, &sa[..]),
            (
                m.as_impl::<f64>().unwrap().buffer().as_ptr() as usize,
                &[0, 3, 1][..]
            )
        );
        // Batch 3: [[1,2,3],[4,5,6]] @ [[18,19],[20,21],[22,23]].
        assert_eq!(&f64s(&y)[12..], &[124.0, 130.0, 304.0, 319.0]);
    }

    #[test]
    fn zero_sizes_and_one_by_one() {
        // k = 0: zeros, for floats (gemm) and ints.
        let a = DynTensor::zeros(&[2, 0], DType::Float32).unwrap();
        let b = DynTensor::zeros(&[0, 3], DType::Float32).unwrap();
        let y = a.matmul(&b).unwrap();
        assert_eq!(
            (y.shape(), y.to_vec::<f32>().unwrap()),
            (&[2, 3][..], vec![0.0; 6])
        );
        let ai = DynTensor::zeros(&[2, 2, 0], DType::Int32).unwrap();
        let bi = DynTensor::zeros(&[0], DType::Int32).unwrap();
        let yi = ai.matmul(&bi).unwrap();
        assert_eq!(
            (yi.shape(), yi.to_vec::<i32>().unwrap()),
            (&[2, 2][..], vec![0; 4])
        );
        let d = DynTensor::zeros(&[0], DType::Float64).unwrap();
        assert_eq!(d.dot(&d).unwrap().item::<f64>().unwrap(), 0.0);
        // m = 0, n = 0 and an empty batch.
        assert_eq!(
            DynTensor::zeros(&[0, 3], DType::Float64)
                .unwrap()
                .matmul(&tensor(&[1.0; 6], &[3, 2]))
                .unwrap()
                .shape(),
            &[0, 2]
        );
        assert_eq!(
            tensor(&[1.0; 6], &[2, 3])
                .matmul(&DynTensor::zeros(&[3, 0], DType::Float64).unwrap())
                .unwrap()
                .shape(),
            &[2, 0]
        );
        let e = DynTensor::zeros(&[0, 2, 3], DType::Float64).unwrap();
        assert_eq!(
            e.matmul(&tensor(&[1.0; 6], &[3, 2])).unwrap().shape(),
            &[0, 2, 2]
        );
        // 1 x 1.
        let one = tensor(&[3.0], &[1, 1])
            .matmul(&tensor(&[-2.5], &[1, 1]))
            .unwrap();
        assert_eq!((one.shape(), f64s(&one)), (&[1, 1][..], vec![-7.5]));
    }

    #[test]
    fn dtypes_promote_and_integers_wrap() {
        let i = DynTensor::from_vec(vec![1i32, 2, 3, 4], &[2, 2]).unwrap();
        let f = DynTensor::from_vec(vec![0.5f32, 0.25], &[2]).unwrap();
        let y = i.matmul(&f).unwrap();
        assert_eq!(
            (y.dtype(), y.to_vec::<f32>().unwrap()),
            (DType::Float32, vec![1.0, 2.5])
        );
        let l = DynTensor::from_vec(vec![2i64, 3], &[2]).unwrap();
        let y = i.matmul(&l).unwrap();
        assert_eq!(
            (y.dtype(), y.to_vec::<i64>().unwrap()),
            (DType::Int64, vec![8, 18])
        );
        let big = DynTensor::from_vec(vec![i32::MAX, i32::MAX], &[2]).unwrap();
        let two = DynTensor::from_vec(vec![1i32, 1], &[2]).unwrap();
        assert_eq!(
            big.matmul(&two).unwrap().item::<i32>().unwrap(),
            i32::MAX.wrapping_mul(2)
        );
        let f64m = tensor(&[1.0, 2.0], &[1, 2]);
        assert_eq!(f64m.matmul(&f).unwrap().dtype(), DType::Float64);
    }

    #[test]
    fn threaded_paths_match_the_reference() {
        // 64 small products (spread over the pool one matrix per task), a broadcast batch
        // dim and a transposed right operand; then one product big enough for gemm's threads.
        let a: Vec<f64> = (0..8 * 16 * 16)
            .map(|x| ((x * 7) % 17) as f64 - 8.0)
            .collect();
        let b: Vec<f64> = (0..8 * 16 * 16)
            .map(|x| ((x * 5) % 13) as f64 - 6.0)
            .collect();
        let a = tensor(&a, &[8, 1, 16, 16]);
        let b = view(&tensor(&b, &[8, 16, 16]), |l| l.transpose(1, 2));
        check(&a, &b);
        let big: Vec<f64> = (0..96 * 96).map(|x| ((x * 3) % 19) as f64 - 9.0).collect();
        let big = tensor(&big, &[96, 96]);
        check(&big, &view(&big, |l| l.transpose(0, 1)));
        let (b32, want) = (
            big.to_dtype(DType::Float32).unwrap(),
            big.matmul(&big).unwrap(),
        );
        // Small integers: every f32 product and sum is exact.
        assert_eq!(b32.matmul(&b32).unwrap().to_vec_f64(), want.to_vec_f64());
    }

    #[test]
    fn large_integer_matrix_splits_by_rows() {
        // Big enough to take the row-split path when the pool has several threads.
        let n = 70;
        let a: Vec<i64> = (0..n * n).map(|x| (x % 13) as i64 - 6).collect();
        let b: Vec<i64> = (0..n * n).map(|x| (x % 11) as i64 - 5).collect();
        let y = DynTensor::from_vec(a.clone(), &[n, n]).unwrap();
        let y = y
            .matmul(&DynTensor::from_vec(b.clone(), &[n, n]).unwrap())
            .unwrap();
        let (af, bf): (Vec<f64>, Vec<f64>) = (
            a.iter().map(|&x| x as f64).collect(),
            b.iter().map(|&x| x as f64).collect(),
        );
        let (want, _) = reference(&af, &[n, n], &bf, &[n, n]);
        assert_eq!(y.to_vec_f64(), want);
    }

    #[test]
    fn errors_name_the_op_shapes_and_rule() {
        let a = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        let b = DynTensor::zeros(&[4, 5], DType::Float32).unwrap();
        assert_eq!(
            a.matmul(&b).unwrap_err().to_string(),
            "matmul: shapes [2, 3] and [4, 5] do not match (inner dims 3 and 4 differ)"
        );
        let v = DynTensor::zeros(&[4], DType::Float32).unwrap();
        assert!(matches!(
            a.matmul(&v),
            Err(Error::ShapeMismatch { op: "matmul", .. })
        ));
        let p = DynTensor::zeros(&[2, 3, 4], DType::Float32).unwrap();
        let q = DynTensor::zeros(&[3, 4, 5], DType::Float32).unwrap();
        assert_eq!(
            p.matmul(&q).unwrap_err().to_string(),
            "matmul: shapes [2, 3, 4] and [3, 4, 5] cannot be broadcast together"
        );
        let s = DynTensor::scalar(2.0f32);
        assert_eq!(
            s.matmul(&v).unwrap_err().to_string(),
            "matmul: shapes [] and [4] do not match (both arguments need to be at least 1-D)"
        );
        assert!(v.matmul(&s).is_err());
        let t = DynTensor::from_vec(vec![true, false], &[2]).unwrap();
        assert!(matches!(
            t.matmul(&t),
            Err(Error::DType {
                op: "matmul",
                got: DType::Bool,
                ..
            })
        ));
        assert_eq!(
            a.dot(&v).unwrap_err().to_string(),
            "dot: shapes [2, 3] and [4] do not match (1-D tensors expected, got 2-D and 1-D)"
        );
        let w = DynTensor::zeros(&[3], DType::Float32).unwrap();
        assert_eq!(
            w.dot(&v).unwrap_err().to_string(),
            "dot: shapes [3] and [4] do not match (inner dims 3 and 4 differ)"
        );
    }

    /// Batch dims for two operands that broadcast: a full batch, then each operand keeps a
    /// suffix of it with some dims set to 1.
    fn shapes() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
        (
            prop::collection::vec(1usize..4, 0..3),
            any::<u8>(),
            any::<u8>(),
            0usize..4,
            0usize..4,
        )
            .prop_map(|(batch, ma, mb, ka, kb)| {
                let sub = |mask: u8, keep: usize| -> Vec<usize> {
                    let start = batch.len() - keep.min(batch.len());
                    batch[start..]
                        .iter()
                        .enumerate()
                        .map(|(i, &d)| if mask >> i & 1 == 1 { 1 } else { d })
                        .collect()
                };
                (sub(ma, ka), sub(mb, kb))
            })
    }

    /// A tensor of logical shape `dims` and type `dtype` whose last two dims are stored
    /// transposed if `t`.
    fn operand(vals: &[f64], dims: &[usize], t: bool, dtype: DType) -> DynTensor {
        let n = dims.len();
        if !t || n < 2 {
            return tensor(vals, dims).to_dtype(dtype).unwrap();
        }
        let mut sd = dims.to_vec();
        sd.swap(n - 2, n - 1);
        // Store the transpose so that the view has the intended logical values.
        let logical = tensor(vals, dims);
        let stored: Vec<f64> = {
            let v = view(&logical, |l| l.transpose(n - 2, n - 1));
            v.to_vec_f64()
        };
        let stored = tensor(&stored, &sd).to_dtype(dtype).unwrap();
        view(&stored, |l| l.transpose(n - 2, n - 1))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn matches_the_naive_reference(
            (ba, bb) in shapes(),
            (m, k, n) in (0usize..6, 0usize..6, 0usize..6),
            (vec_a, vec_b, ta, tb) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
            seed in any::<u64>(),
        ) {
            // A 1-D operand only without batch dims of its own.
            let da: Vec<usize> = if vec_a { vec![k] } else { ba.iter().copied().chain([m, k]).collect() };
            let db: Vec<usize> = if vec_b { vec![k] } else { bb.iter().copied().chain([k, n]).collect() };
            let mut g = crate::ops::creation::Generator::new(seed);
            let na: usize = da.iter().product();
            let nb: usize = db.iter().product();
            let va: Vec<f64> = (0..na).map(|_| g.uniform() * 4.0 - 2.0).collect();
            let vb: Vec<f64> = (0..nb).map(|_| g.uniform() * 4.0 - 2.0).collect();
            let (a, b) = (operand(&va, &da, ta, DType::Float64), operand(&vb, &db, tb, DType::Float64));
            let (want, dims) = reference(&va, &da, &vb, &db);
            let scale: Vec<f64> = {
                let aa: Vec<f64> = va.iter().map(|x| x.abs()).collect();
                let bb: Vec<f64> = vb.iter().map(|x| x.abs()).collect();
                reference(&aa, &da, &bb, &db).0
            };
            let y = a.matmul(&b).unwrap();
            prop_assert_eq!(y.shape(), &dims[..]);
            for ((g, w), s) in y.to_vec_f64().iter().zip(&want).zip(&scale) {
                prop_assert!((g - w).abs() <= 1e-13 * (1.0 + s), "f64 {} vs {}", g, w);
            }
            let a32 = operand(&va, &da, ta, DType::Float32);
            let b32 = operand(&vb, &db, tb, DType::Float32);
            prop_assert_eq!(a32.is_contiguous(), a.is_contiguous());
            // The f32 inputs are rounded: compare with the reference on the rounded values.
            let (want32, _) = reference(&a32.to_vec_f64(), &da, &b32.to_vec_f64(), &db);
            let y32 = a32.matmul(&b32).unwrap();
            prop_assert_eq!(y32.dtype(), DType::Float32);
            for ((g, w), s) in y32.to_vec_f64().iter().zip(&want32).zip(&scale) {
                prop_assert!((g - w).abs() <= 1e-5 * (1.0 + s), "f32 {} vs {}", g, w);
            }
        }
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Const, One, Rank1, Rank2, Rank3, Rank4};
    use crate::{DynTensor, Tensor};

    fn pair<S: crate::shape::ConstShape>(seed: i64) -> (Tensor<f64, S>, DynTensor) {
        let n = S::NUMEL.unwrap();
        let v: Vec<f64> = (0..n as i64)
            .map(|i| ((i * 7 + seed) % 11 - 5) as f64)
            .collect();
        let t = Tensor::<f64, S>::from_vec(v).unwrap();
        let d = t.to_dyn();
        (t, d)
    }

    fn same<S: crate::shape::Shape>(t: &Tensor<f64, S>, d: DynTensor) {
        assert_eq!(t.dims(), d.shape());
        assert_eq!(t.to_vec(), d.to_vec::<f64>().unwrap());
    }

    #[test]
    fn typed_matmul_matches_dyn_for_every_form() {
        let (v3, dv3) = pair::<Rank1<3>>(1);
        let (w3, dw3) = pair::<Rank1<3>>(2);
        let (m23, dm23) = pair::<Rank2<2, 3>>(3);
        let (m34, dm34) = pair::<Rank2<3, 4>>(4);
        let (b23, db23) = pair::<Rank3<5, 2, 3>>(5);
        let (b34, db34) = pair::<Rank3<5, 3, 4>>(6);
        let (q23, dq23) = pair::<Rank4<2, 1, 2, 3>>(7);
        let (q34, dq34) = pair::<Rank4<1, 4, 3, 4>>(8);

        let dot: Tensor<f64, ()> = v3.matmul(&w3);
        same(&dot, dv3.matmul(&dw3).unwrap());
        let mv: Tensor<f64, Rank1<2>> = m23.matmul(&v3);
        same(&mv, dm23.matmul(&dv3).unwrap());
        let vm: Tensor<f64, Rank1<4>> = v3.matmul(&m34);
        same(&vm, dv3.matmul(&dm34).unwrap());
        let mm: Tensor<f64, Rank2<2, 4>> = m23.matmul(&m34);
        same(&mm, dm23.matmul(&dm34).unwrap());
        let bv: Tensor<f64, Rank2<5, 2>> = b23.matmul(&v3);
        same(&bv, db23.matmul(&dv3).unwrap());
        let vb: Tensor<f64, Rank2<5, 4>> = v3.matmul(&b34);
        same(&vb, dv3.matmul(&db34).unwrap());
        let bb: Tensor<f64, Rank3<5, 2, 4>> = b23.matmul(&b34);
        same(&bb, db23.matmul(&db34).unwrap());
        let bm: Tensor<f64, Rank3<5, 2, 4>> = b23.matmul(&m34);
        same(&bm, db23.matmul(&dm34).unwrap());
        let mb: Tensor<f64, Rank3<5, 2, 4>> = m23.matmul(&b34);
        same(&mb, dm23.matmul(&db34).unwrap());
        // Batch dims `Const<2> x Const<1>` and `Const<1> x Const<4>`: a `Const<1>` does not
        // stretch in the type, so spell the size-1 batch dims `One`.
        let q23 =
            Tensor::<f64, (Const<2>, One, Const<2>, Const<3>)>::try_from(q23.to_dyn()).unwrap();
        let q34 =
            Tensor::<f64, (One, Const<4>, Const<3>, Const<4>)>::try_from(q34.to_dyn()).unwrap();
        let qq: Tensor<f64, Rank4<2, 4, 2, 4>> = q23.matmul(&q34);
        same(&qq, dq23.matmul(&dq34).unwrap());
        // Runtime dims: the batch and inner dims are checked at run time.
        let r = Tensor::<f64, (usize, usize)>::try_from(dm23.clone()).unwrap();
        let out: Tensor<f64, (usize, Const<4>)> = r.matmul(&m34);
        same(&out, dm23.matmul(&dm34).unwrap());
        // A transposed (non-contiguous) operand.
        let t = Tensor::<f64, Rank2<3, 2>>::try_from(dm23.t().unwrap()).unwrap();
        let tt: Tensor<f64, Rank2<3, 3>> = t.matmul(&m23);
        same(&tt, dm23.t().unwrap().matmul(&dm23).unwrap());
        let i = Tensor::<i32, Rank2<1, 2>>::from_vec(vec![2, 3]).unwrap();
        let j = Tensor::<i32, Rank2<2, 1>>::from_vec(vec![4, 5]).unwrap();
        assert_eq!(i.matmul(&j).to_vec(), vec![23]);
    }

    #[test]
    #[should_panic(
        expected = "matmul: shapes [2, 3] and [4, 5] do not match (inner dims 3 and 4 differ)"
    )]
    fn typed_matmul_runtime_inner_dim_mismatch_panics() {
        let a = Tensor::<f32, (usize, usize)>::zeros_with((2, 3)).unwrap();
        let b = Tensor::<f32, (usize, usize)>::zeros_with((4, 5)).unwrap();
        let _ = a.matmul(&b);
    }

    #[test]
    #[should_panic(expected = "matmul")]
    fn typed_matmul_runtime_batch_mismatch_panics() {
        let a = Tensor::<f32, (usize, Const<2>, Const<3>)>::zeros_with((2, Const, Const)).unwrap();
        let b = Tensor::<f32, (usize, Const<3>, Const<2>)>::zeros_with((3, Const, Const)).unwrap();
        let _ = a.matmul(&b);
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::shape::Rank2;
    use crate::{DType, DynTensor, Result, Tensor};

    /// Distinct values in about [-1.5, 1.5], away from 0, in a tensor of `dims`.
    fn varied(dims: &[usize], seed: usize) -> DynTensor {
        let n: usize = dims.iter().product();
        let v = (0..n)
            .map(|k| {
                let x = ((k + 3 * seed + 1) as f64 * 0.754_877_666).fract();
                if k % 2 == 0 { 0.25 + x } else { -0.25 - x }
            })
            .collect();
        DynTensor::from_vec(v, dims).unwrap()
    }

    fn check_grad(f: impl Fn(&[DynTensor]) -> Result<DynTensor>, dims: &[&[usize]]) {
        let inputs: Vec<DynTensor> = dims.iter().enumerate().map(|(i, d)| varied(d, i)).collect();
        crate::autograd::gradcheck(f, &inputs, 1e-6, 1e-7, 1e-6)
            .unwrap_or_else(|e| panic!("shapes {dims:?}: {e}"));
    }

    #[test]
    fn gradcheck_every_form() {
        let mm = |v: &[DynTensor]| v[0].matmul(&v[1]);
        let cases: &[(&[usize], &[usize])] = &[
            (&[3], &[3]),                // dot
            (&[3], &[3, 2]),             // 1-D @ 2-D
            (&[2, 3], &[3]),             // 2-D @ 1-D
            (&[2, 3], &[3, 4]),          // 2-D @ 2-D
            (&[1, 1], &[1, 1]),          // 1 x 1 matrices
            (&[2, 2, 3], &[2, 3, 2]),    // bmm
            (&[3], &[2, 3, 2]),          // 1-D @ batch
            (&[2, 2, 3], &[3]),          // batch @ 1-D
            (&[2, 1, 2, 3], &[3, 3, 2]), // broadcast batch dims on both sides
            (&[2, 2, 3], &[3, 2]),       // a matrix against a batch
            (&[3, 2], &[2, 2, 3]),       // and the other way
        ];
        for (a, b) in cases {
            check_grad(mm, &[a, b]);
        }
        check_grad(|v| v[0].dot(&v[1]), &[&[4], &[4]]);
    }

    #[test]
    fn gradcheck_non_contiguous_operands() {
        // A transposed left operand and an expanded right operand (a broadcast view, whose
        // gradient sums over the stretched dim).
        check_grad(
            |v| v[0].t()?.matmul(&v[1].expand(&[3, 3, 2])?),
            &[&[3, 2], &[3, 1, 2]],
        );
        // Both operands transposed in a batch, and a strided slice.
        check_grad(
            |v| {
                v[0].transpose(-1, -2)?
                    .matmul(&v[1].slice(-1, Some(0), None, 2)?.transpose(1, 2)?)
            },
            &[&[2, 3, 2], &[2, 3, 5]],
        );
        // A chain of views into a 1-D operand.
        check_grad(
            |v| v[0].matmul(&v[1].t()?.reshape(&[-1])?.narrow(0, 1, 3)?),
            &[&[2, 3], &[2, 2]],
        );
    }

    #[test]
    fn only_the_needed_gradient_is_computed_and_zero_inner_dims_work() {
        let a = varied(&[2, 3], 0).requires_grad_(true).unwrap();
        let b = varied(&[3, 2], 1);
        a.matmul(&b).unwrap().sum().unwrap().backward().unwrap();
        // d(sum(A @ B))/dA[i, p] = sum_j B[p, j].
        let bs = b.sum_dim(1, false).unwrap().to_vec_f64();
        let want: Vec<f64> = (0..6).map(|k| bs[k % 3]).collect();
        let got = a.grad().unwrap().to_vec_f64();
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-12, "{g} vs {w}");
        }
        assert!(b.grad().is_none());
        // An inner dim of 0: the result is zeros, and so are the gradients.
        let a = DynTensor::zeros(&[2, 0], DType::Float64)
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        let b = DynTensor::zeros(&[0, 3], DType::Float64)
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        a.matmul(&b).unwrap().sum().unwrap().backward().unwrap();
        assert_eq!(a.grad().unwrap().shape(), &[2, 0]);
        assert_eq!(b.grad().unwrap().shape(), &[0, 3]);
    }

    #[test]
    fn typed_matmul_backward_by_hand() {
        // A = [[1, 2, 3], [4, 5, 6]], B = [[1, -1], [0, 2], [3, 1]].
        let a = Tensor::<f64, Rank2<2, 3>>::from_vec(vec![1., 2., 3., 4., 5., 6.])
            .unwrap()
            .requires_grad_(true);
        let b = Tensor::<f64, Rank2<3, 2>>::from_vec(vec![1., -1., 0., 2., 3., 1.])
            .unwrap()
            .requires_grad_(true);
        a.matmul(&b).sum().backward().unwrap();
        // dA = 1 @ B^T: each row is B's row sums [0, 2, 4]; dB = A^T @ 1: each column is
        // A's column sums [5, 7, 9].
        let ga: Tensor<f64, Rank2<2, 3>> = a.grad().unwrap();
        let gb: Tensor<f64, Rank2<3, 2>> = b.grad().unwrap();
        assert_eq!(ga.to_vec(), vec![0., 2., 4., 0., 2., 4.]);
        assert_eq!(gb.to_vec(), vec![5., 5., 7., 7., 9., 9.]);
    }
}
