//! `index_select`: the slices of a tensor at given indices along one dim (a copy).

use crate::autograd;
use crate::dtype::{DType, Element, Numeric};
use crate::dyn_tensor::{DynTensor, with_any, with_float};
use crate::error::{Error, Result};
use crate::layout::{Layout, normalize_dim};
use crate::storage::Storage;
use crate::tensor_impl::TensorImpl;

/// The slices of `x` at `index` along `dim`, in that order: the kernel both faces share.
///
/// # Errors
/// [`Error::IndexOutOfRange`] for an index outside `0..x.dims()[dim]`.
pub fn index_select_impl<T: Element>(
    x: &TensorImpl<T>,
    dim: usize,
    index: &[i64],
) -> Result<TensorImpl<T>> {
    const OP: &str = "index_select";
    let xc = x.contiguous(OP)?;
    let dims = xc.dims();
    let n = dims[dim];
    let outer: usize = dims[..dim].iter().product();
    let inner: usize = dims[dim + 1..].iter().product();
    if let Some(&bad) = index.iter().find(|&&i| i < 0 || i as usize >= n) {
        return Err(Error::IndexOutOfRange {
            op: OP,
            index: bad,
            dim,
            size: n,
            shape: dims.into(),
        });
    }
    let mut out_dims = dims.to_vec();
    out_dims[dim] = index.len();
    let mut storage = Storage::new(outer * index.len() * inner, OP)?;
    let src = xc.as_contiguous_slice();
    let dst = storage.as_mut_slice();
    for o in 0..outer {
        for (j, &i) in index.iter().enumerate() {
            let from = (o * n + i as usize) * inner;
            let to = (o * index.len() + j) * inner;
            dst[to..to + inner].copy_from_slice(&src[from..from + inner]);
        }
    }
    let out = TensorImpl::from_storage(storage, Layout::contiguous(&out_dims));
    // x[.., index[j], ..] went to out[.., j, ..], so the gradient adds g[.., j, ..] into
    // row index[j] of zeros of x's shape: a row picked twice gets both contributions
    // (`index_add` semantics).
    Ok(autograd::maybe_record(out, OP, [x.autograd()], |_| {
        let (dims, index) = (dims.to_vec(), index.to_vec());
        move |g: &DynTensor| {
            Ok(vec![Some(
                with_float!(g, OP, g => index_add_zeros(g, &dims, dim, &index)?.into()),
            )])
        }
    }))
}

/// Zeros of `dims` with the slices of `g` along `dim` added at `index` (`g` has `dims`
/// except `index.len()` at `dim`; the indices are in range): the backward of
/// `index_select`.
fn index_add_zeros<T: Numeric>(
    g: &TensorImpl<T>,
    dims: &[usize],
    dim: usize,
    index: &[i64],
) -> Result<TensorImpl<T>> {
    const OP: &str = "index_select";
    let g = g.contiguous(OP)?;
    let src = g.as_contiguous_slice();
    let n = dims[dim];
    let outer: usize = dims[..dim].iter().product();
    let inner: usize = dims[dim + 1..].iter().product();
    let mut out = TensorImpl::full(dims, T::ZERO, OP)?;
    let dst = out.make_mut(OP)?;
    for o in 0..outer {
        for (j, &i) in index.iter().enumerate() {
            let to = (o * n + i as usize) * inner;
            let from = (o * index.len() + j) * inner;
            for (d, &s) in dst[to..to + inner].iter_mut().zip(&src[from..from + inner]) {
                *d = *d + s;
            }
        }
    }
    Ok(out)
}

impl DynTensor {
    /// Returns the slices at `index` (a 1-D or 0-d integer tensor) along `dim`, in that
    /// order, as a new tensor (`torch.index_select`). Indices may repeat.
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad dim, [`Error::DType`] for a non-integer index,
    /// [`Error::IndexOutOfRange`] for an index outside the dim.
    pub fn index_select(&self, dim: isize, index: &DynTensor) -> Result<DynTensor> {
        const OP: &str = "index_select";
        if self.ndim() == 0 {
            return Err(Error::invalid(
                OP,
                "input",
                "cannot index a 0-d tensor along a dim",
            ));
        }
        let d = normalize_dim(dim, self.ndim(), self.shape(), OP)?;
        if !index.dtype().is_int() || index.ndim() > 1 {
            return Err(Error::dtype(OP, "a 1-D integer index", index.dtype()));
        }
        let idx = index.to_dtype(DType::Int64)?.to_vec::<i64>()?;
        Ok(with_any!(self, t => index_select_impl(t, d, &idx)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_rows_and_columns_with_repeats() {
        let x = DynTensor::from_vec((0..6).collect::<Vec<i32>>(), &[2, 3]).unwrap();
        let i = DynTensor::from_vec(vec![2i64, 0, 2], &[3]).unwrap();
        let c = x.index_select(1, &i).unwrap();
        assert_eq!(c.shape(), &[2, 3]);
        assert_eq!(c.to_vec::<i32>().unwrap(), vec![2, 0, 2, 5, 3, 5]);
        let r = x
            .index_select(0, &DynTensor::from_vec(vec![1i32], &[1]).unwrap())
            .unwrap();
        assert_eq!(r.to_vec::<i32>().unwrap(), vec![3, 4, 5]);
        let e = x
            .index_select(0, &DynTensor::from_vec(vec![2i64], &[1]).unwrap())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "index_select: index 2 is out of range for dim 0 of size 2 in shape [2, 3]"
        );
        let f = DynTensor::from_vec(vec![0.0f32], &[1]).unwrap();
        assert!(x.index_select(0, &f).is_err());
        let empty = x
            .index_select(1, &DynTensor::from_vec(Vec::<i64>::new(), &[0]).unwrap())
            .unwrap();
        assert_eq!(empty.shape(), &[2, 0]);
    }

    fn varied(dims: &[usize]) -> DynTensor {
        let n: usize = dims.iter().product();
        let v = (0..n)
            .map(|k| ((k + 1) as f64 * 0.754_877_666).fract() + 0.25)
            .collect();
        DynTensor::from_vec(v, dims).unwrap()
    }

    fn index(i: &[i64]) -> DynTensor {
        DynTensor::from_vec(i.to_vec(), &[i.len()]).unwrap()
    }

    #[test]
    fn gradcheck_index_select() {
        let check = |f: &dyn Fn(&[DynTensor]) -> Result<DynTensor>, dims: &[usize]| {
            crate::autograd::gradcheck(f, &[varied(dims)], 1e-6, 1e-8, 1e-6)
                .unwrap_or_else(|e| panic!("shape {dims:?}: {e}"));
        };
        let rows = index(&[2, 0, 2]);
        check(&|v| v[0].index_select(0, &rows), &[3, 2]);
        check(&|v| v[0].index_select(-1, &rows), &[2, 4]);
        check(&|v| v[0].index_select(1, &index(&[1, 1, 1, 0])), &[2, 2, 3]);
        check(&|v| v[0].index_select(0, &index(&[])), &[3]);
        // A transposed input (copied by the kernel) and an expanded one.
        check(&|v| v[0].t()?.index_select(0, &rows), &[2, 3]);
        check(&|v| v[0].expand(&[3, 3])?.index_select(1, &rows), &[1, 3]);
    }

    #[test]
    fn repeated_indices_accumulate_their_gradients() {
        let x = varied(&[2, 3]).requires_grad_(true).unwrap();
        let y = x.index_select(1, &index(&[2, 0, 2])).unwrap();
        assert_eq!(y.grad_fn(), Some("index_select"));
        let seed = DynTensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
        y.backward_with(Some(&seed), false).unwrap();
        // Column 2 was picked at positions 0 and 2, column 0 at 1, column 1 never.
        assert_eq!(
            x.grad().unwrap().to_vec::<f64>().unwrap(),
            vec![2.0, 0.0, 4.0, 5.0, 0.0, 10.0]
        );
        let x = varied(&[3]).requires_grad_(true).unwrap();
        x.index_select(0, &index(&[2, 0, 2, 2]))
            .unwrap()
            .sum()
            .unwrap()
            .backward()
            .unwrap();
        assert_eq!(
            x.grad().unwrap().to_vec::<f64>().unwrap(),
            vec![1.0, 0.0, 3.0]
        );
    }
}
