//! `put`: a copy of a tensor with the elements at flat indices replaced
//! (`torch.Tensor.put`, out of place). The Python bindings build `t[key] = value` on it.

use crate::autograd;
use crate::dtype::{DType, Element};
use crate::dyn_tensor::{Data, DynTensor, with_any};
use crate::error::{Error, Result};
use crate::tensor_impl::TensorImpl;

const OP: &str = "put";

/// A contiguous copy of `x` with element `index[k]` (a flat row-major index, in range) set
/// to `source[k]`: the kernel. Records `x -> out` and `source -> out` for autograd.
fn put_impl<T: Element>(
    x: &TensorImpl<T>,
    index: &[usize],
    source: &TensorImpl<T>,
) -> Result<TensorImpl<T>> {
    let mut data = x.to_vec();
    for (&i, v) in index.iter().zip(source.to_vec()) {
        data[i] = v;
    }
    let out = TensorImpl::from_vec(data, x.dims(), OP)?;
    Ok(autograd::maybe_record(
        out,
        OP,
        [x.autograd(), source.autograd()],
        |_| {
            let index: Vec<i64> = index.iter().map(|&i| i as i64).collect();
            let source_dims: Vec<isize> = source.dims().iter().map(|&d| d as isize).collect();
            move |g: &DynTensor| {
                let idx = DynTensor::from_vec(index.clone(), &[index.len()])?;
                // The overwritten elements of `x` reach the output nowhere; the rest do
                // unchanged. `source[k]` went to `index[k]`.
                let gx = g.put(&idx, &DynTensor::zeros(&[index.len()], g.dtype())?)?;
                let gs = g
                    .reshape(&[-1])?
                    .index_select(0, &idx)?
                    .reshape(&source_dims)?;
                Ok(vec![Some(gx), Some(gs)])
            }
        },
    ))
}

impl DynTensor {
    /// Returns a copy of this tensor with the elements at `index` replaced by `source`,
    /// treating the tensor as 1-D in row-major order (`torch.Tensor.put`): element
    /// `index[k]` (negative counts from the end) becomes `source[k]`, both read in row-major
    /// order. Gradients flow to this tensor (zero where overwritten) and to `source`. When
    /// an index repeats, which write wins is unspecified, as in PyTorch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![0i64, 1, 2, 3], &[2, 2])?;
    /// let i = DynTensor::from_vec(vec![-1i64, 0], &[2])?;
    /// let b = a.put(&i, &DynTensor::from_vec(vec![9i64, 8], &[2])?)?;
    /// assert_eq!(b.to_vec::<i64>()?, vec![8, 1, 2, 9]);
    /// assert_eq!(a.to_vec::<i64>()?, vec![0, 1, 2, 3]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DType`] if `index` is not an integer tensor or `source` has another dtype;
    /// [`Error::ShapeMismatch`] if `source` and `index` differ in element count;
    /// [`Error::IndexOutOfRange`] for an index outside `-numel..numel`.
    pub fn put(&self, index: &DynTensor, source: &DynTensor) -> Result<DynTensor> {
        let index = self.put_index(index, source)?;
        with_any!(self, x => {
            let s = source.as_impl().ok_or_else(|| Error::dtype(OP, "a source of the tensor's dtype", source.dtype()))?;
            Ok(put_impl(x, &index, s)?.into())
        })
    }

    /// [`DynTensor::put`] in place (`torch.Tensor.put_`): the elements at `index` become
    /// `source`. As every in-place op, it writes into this tensor's own buffer
    /// (copy-on-write: views taken earlier keep the old values); under autograd the new
    /// value is recorded, and a leaf that requires grad is refused outside `no_grad`.
    ///
    /// # Errors
    /// As [`DynTensor::put`]; [`Error::Autograd`] for a leaf that requires grad while
    /// recording.
    pub fn put_(&mut self, index: &DynTensor, source: &DynTensor) -> Result<()> {
        let flat = self.put_index(index, source)?;
        if let Some(done) = autograd::in_place(self, source.requires_grad(), "put_", |x| {
            x.put(index, source)
        }) {
            return done;
        }
        fn write<T: Element>(
            x: &mut TensorImpl<T>,
            index: &[usize],
            source: &DynTensor,
        ) -> Result<()> {
            let src = T::from_dyn(source)
                .ok_or_else(|| Error::dtype(OP, "a source of the tensor's dtype", source.dtype()))?
                .to_vec();
            let dst = x.make_mut("put_")?;
            for (&i, v) in index.iter().zip(src) {
                dst[i] = v;
            }
            Ok(())
        }
        match self.data_mut() {
            Data::Bool(x) => write(x, &flat, source),
            Data::Int32(x) => write(x, &flat, source),
            Data::Int64(x) => write(x, &flat, source),
            Data::Float32(x) => write(x, &flat, source),
            Data::Float64(x) => write(x, &flat, source),
        }
    }

    /// The checked flat indices of a `put`.
    fn put_index(&self, index: &DynTensor, source: &DynTensor) -> Result<Vec<usize>> {
        if !index.dtype().is_int() {
            return Err(Error::dtype(OP, "an integer index", index.dtype()));
        }
        if source.dtype() != self.dtype() {
            return Err(Error::dtype(
                OP,
                "a source of the tensor's dtype",
                source.dtype(),
            ));
        }
        if source.numel() != index.numel() {
            return Err(Error::mismatch(
                OP,
                index.shape(),
                source.shape(),
                "the source must have as many elements as the index",
            ));
        }
        let n = self.numel();
        index
            .to_dtype(DType::Int64)?
            .to_vec::<i64>()?
            .into_iter()
            .map(|i| {
                let j = if i < 0 { i.wrapping_add(n as i64) } else { i };
                if j < 0 || j as u64 >= n as u64 {
                    return Err(Error::IndexOutOfRange {
                        op: OP,
                        index: i,
                        dim: 0,
                        size: n,
                        shape: [n][..].into(),
                    });
                }
                Ok(j as usize)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    fn t(v: &[f64], shape: &[usize]) -> DynTensor {
        DynTensor::from_vec(v.to_vec(), shape).unwrap()
    }

    #[test]
    fn replaces_flat_positions_of_a_strided_view() {
        let a = DynTensor::from_vec((0..6i32).collect(), &[2, 3]).unwrap();
        let at = a.t().unwrap(); // [[0, 3], [1, 4], [2, 5]]
        let i = DynTensor::from_vec(vec![1i64, 4], &[2, 1]).unwrap();
        let s = DynTensor::from_vec(vec![-1i32, -2], &[2]).unwrap();
        let b = at.put(&i, &s).unwrap();
        assert_eq!(b.shape(), &[3, 2]);
        assert_eq!(b.to_vec::<i32>().unwrap(), vec![0, -1, 1, 4, -2, 5]);
        assert_eq!(a.to_vec::<i32>().unwrap(), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn checks_its_arguments() {
        let a = t(&[1.0, 2.0], &[2]);
        let e = a
            .put(
                &DynTensor::from_vec(vec![2i64], &[1]).unwrap(),
                &t(&[0.0], &[1]),
            )
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::IndexOutOfRange {
                    index: 2,
                    size: 2,
                    ..
                }
            ),
            "{e}"
        );
        assert!(a.put(&t(&[0.0], &[1]), &t(&[0.0], &[1])).is_err());
        let i = DynTensor::from_vec(vec![0i64], &[1]).unwrap();
        assert!(a.put(&i, &t(&[0.0, 1.0], &[2])).is_err());
        let f32s = DynTensor::from_vec(vec![0.0f32], &[1]).unwrap();
        assert!(a.put(&i, &f32s).is_err());
        let empty = DynTensor::from_vec(Vec::<i64>::new(), &[0]).unwrap();
        let same = a.put(&empty, &DynTensor::zeros(&[0], DType::Float64).unwrap());
        assert_eq!(same.unwrap().to_vec::<f64>().unwrap(), vec![1.0, 2.0]);
    }

    #[test]
    fn put_in_place_keeps_the_leaf_and_leaves_views_alone() {
        let mut x = t(&[1.0, 2.0, 3.0, 4.0], &[2, 2])
            .requires_grad_(true)
            .unwrap();
        let view = x.t().unwrap();
        let i = DynTensor::from_vec(vec![1i64, -1], &[2]).unwrap();
        let e = x.put_(&i, &t(&[9.0, 8.0], &[2])).unwrap_err();
        assert!(matches!(e, Error::Autograd { .. }), "{e}");
        crate::no_grad(|| x.put_(&i, &t(&[9.0, 8.0], &[2]))).unwrap();
        assert!(x.requires_grad() && x.is_leaf());
        assert_eq!(x.to_vec::<f64>().unwrap(), vec![1.0, 9.0, 3.0, 8.0]);
        assert_eq!(view.to_vec::<f64>().unwrap(), vec![1.0, 3.0, 2.0, 4.0]);
        // On a recorded value the write is recorded: d/dx sum(put(2x)) is 2 where kept.
        let mut y = x.mul_scalar(2.0).unwrap();
        let s = t(&[0.0], &[1]).requires_grad_(true).unwrap();
        y.put_(&DynTensor::from_vec(vec![0i64], &[1]).unwrap(), &s)
            .unwrap();
        assert_eq!(y.to_vec::<f64>().unwrap(), vec![0.0, 18.0, 6.0, 16.0]);
        y.sum().unwrap().backward().unwrap();
        assert_eq!(
            x.grad().unwrap().to_vec::<f64>().unwrap(),
            vec![0.0, 2.0, 2.0, 2.0]
        );
        assert_eq!(s.grad().unwrap().to_vec::<f64>().unwrap(), vec![1.0]);
    }

    #[test]
    fn gradients_flow_to_the_kept_elements_and_the_source() {
        let x = t(&[1.0, 2.0, 3.0], &[3]).requires_grad_(true).unwrap();
        let s = t(&[5.0], &[1]).requires_grad_(true).unwrap();
        let i = DynTensor::from_vec(vec![1i64], &[1]).unwrap();
        let y = x.put(&i, &s).unwrap();
        let w = t(&[10.0, 20.0, 30.0], &[3]);
        y.mul(&w).unwrap().sum().unwrap().backward().unwrap();
        assert_eq!(
            x.grad().unwrap().to_vec::<f64>().unwrap(),
            vec![10.0, 0.0, 30.0]
        );
        assert_eq!(s.grad().unwrap().to_vec::<f64>().unwrap(), vec![20.0]);
    }
}
