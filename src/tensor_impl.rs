//! [`TensorImpl<T>`]: a shared buffer and a layout, the one value both faces wrap.
//!
//! Views clone the `Arc` and make a new [`Layout`]; nothing is copied. Kernels read through
//! the layout and write fresh contiguous outputs. In-place ops call [`TensorImpl::make_mut`],
//! which copies first when the buffer is shared (copy-on-write).

use std::sync::Arc;

use crate::autograd::Var;
use crate::dtype::Element;
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::layout::{Layout, checked_numel};
use crate::storage::Storage;

/// A strided view of a shared buffer of `T`, with its autograd state.
///
/// A clone is the same value (it shares the buffer and the autograd [`Var`]); a view or an
/// op's result is a new value, with no `Var` until an op records one.
#[derive(Clone)]
pub struct TensorImpl<T: Element> {
    storage: Arc<Storage<T>>,
    layout: Layout,
    var: Option<Arc<Var>>,
}

impl<T: Element> std::fmt::Debug for TensorImpl<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TensorImpl")
            .field("dtype", &T::DTYPE)
            .field("dims", &self.dims())
            .field("data", &self.to_vec())
            .finish()
    }
}

impl<T: Element> TensorImpl<T> {
    /// Wraps a buffer; `layout` must stay inside it.
    pub(crate) fn from_storage(storage: Storage<T>, layout: Layout) -> Self {
        debug_assert!(layout.end() <= storage.len());
        TensorImpl {
            storage: Arc::new(storage),
            layout,
            var: None,
        }
    }

    /// A contiguous tensor of `dims` over `data`, without copying.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `data.len()` is not the element count of `dims`.
    pub fn from_vec(data: Vec<T>, dims: &[usize], op: &'static str) -> Result<Self> {
        let numel = checked_numel(dims, op)?;
        if data.len() != numel {
            return Err(Error::LengthMismatch {
                op,
                len: data.len(),
                shape: dims.into(),
                numel,
            });
        }
        Ok(Self::from_storage(
            Storage::from_vec(data),
            Layout::contiguous(dims),
        ))
    }

    /// A tensor of `dims` with every element `value`.
    pub fn full(dims: &[usize], value: T, op: &'static str) -> Result<Self> {
        let n = checked_numel(dims, op)?;
        Ok(Self::from_storage(
            Storage::full(n, value, op)?,
            Layout::contiguous(dims),
        ))
    }

    /// The same buffer seen through another layout (which must stay inside it).
    pub(crate) fn view(&self, layout: Layout) -> Self {
        debug_assert!(layout.end() <= self.storage.len());
        TensorImpl {
            storage: Arc::clone(&self.storage),
            layout,
            var: None,
        }
    }

    /// The autograd state: `Some` if the value requires grad.
    pub fn autograd(&self) -> Option<&Arc<Var>> {
        self.var.as_ref()
    }

    /// Replaces the autograd state.
    pub(crate) fn set_var(&mut self, var: Option<Arc<Var>>) {
        self.var = var;
    }

    /// The same value without autograd state, sharing the buffer (`torch.Tensor.detach`):
    /// what backward functions save, so the graph does not hold itself.
    pub fn detach(&self) -> Self {
        TensorImpl {
            storage: Arc::clone(&self.storage),
            layout: self.layout.clone(),
            var: None,
        }
    }

    /// How many tensors share the buffer (for tests of memory release).
    #[cfg(test)]
    pub(crate) fn storage_refs(&self) -> usize {
        Arc::strong_count(&self.storage)
    }

    /// The dims.
    pub fn dims(&self) -> &[usize] {
        self.layout.dims()
    }

    /// The layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.layout.numel()
    }

    /// The whole underlying buffer (the layout says which elements are this tensor's).
    pub fn buffer(&self) -> &[T] {
        self.storage.as_slice()
    }

    /// `true` if both tensors view the same buffer.
    pub fn shares_storage(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.storage, &other.storage)
    }

    /// The elements in row-major order, when the layout is contiguous.
    pub fn contiguous_slice(&self) -> Option<&[T]> {
        self.layout
            .contiguous_range()
            .map(|r| &self.storage.as_slice()[r])
    }

    /// The elements of a tensor known to be contiguous.
    ///
    /// # Panics
    /// If the layout is not contiguous (a bug in the caller, which made it so).
    pub(crate) fn as_contiguous_slice(&self) -> &[T] {
        self.contiguous_slice()
            .expect("as_contiguous_slice is only called on contiguous tensors")
    }

    /// This tensor if it is contiguous (sharing the buffer), else a contiguous copy: a
    /// transposed matrix (or batch of them) is copied in tiles, other layouts element by
    /// element.
    pub fn contiguous(&self, op: &'static str) -> Result<Self> {
        if self.layout.is_contiguous() {
            return Ok(self.clone());
        }
        match kernel::transpose::transposed_copy(self, op) {
            Some(copy) => copy,
            None => kernel::map(op, self, Cost::Cheap, |x| x),
        }
    }

    /// The elements in row-major order, copied into a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        match self.contiguous_slice() {
            Some(s) => s.to_vec(),
            None => {
                let mut v = Vec::with_capacity(self.numel());
                let buf = self.buffer();
                let dims = self.dims();
                let strides = self.layout.strides();
                let mut idx = vec![0usize; dims.len()];
                for _ in 0..self.numel() {
                    let off: usize = self.layout.offset()
                        + idx.iter().zip(strides).map(|(i, s)| i * s).sum::<usize>();
                    v.push(buf[off]);
                    for d in (0..dims.len()).rev() {
                        idx[d] += 1;
                        if idx[d] < dims[d] {
                            break;
                        }
                        idx[d] = 0;
                    }
                }
                v
            }
        }
    }

    /// The element at a multi-index, or `None` if the index has the wrong length or is out
    /// of range.
    pub fn get(&self, index: &[usize]) -> Option<T> {
        if index.len() != self.layout.ndim() || index.iter().zip(self.dims()).any(|(&i, &d)| i >= d)
        {
            return None;
        }
        let off: usize = self.layout.offset()
            + index
                .iter()
                .zip(self.layout.strides())
                .map(|(i, s)| i * s)
                .sum::<usize>();
        Some(self.buffer()[off])
    }

    /// The elements as one mutable contiguous slice in row-major order, for in-place ops.
    ///
    /// Writes go to this tensor's own buffer when no other tensor shares it and the view is
    /// contiguous; otherwise the tensor first gets a private contiguous copy, so no other
    /// tensor ever sees the write (copy-on-write).
    pub fn make_mut(&mut self, op: &'static str) -> Result<&mut [T]> {
        let in_place = Arc::get_mut(&mut self.storage).is_some() && self.layout.is_contiguous();
        if !in_place {
            let mut copy = kernel::map(op, self, Cost::Cheap, |x| x)?;
            copy.var = self.var.take();
            *self = copy;
        }
        let range = self
            .layout
            .contiguous_range()
            .expect("the layout was made contiguous above");
        let storage = Arc::get_mut(&mut self.storage).expect("the buffer was made unique above");
        Ok(&mut storage.as_mut_slice()[range])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_vec_checks_length() {
        let e = TensorImpl::from_vec(vec![1.0f32; 5], &[2, 3], "from_vec").unwrap_err();
        assert_eq!(
            e.to_string(),
            "from_vec: 5 elements cannot fill shape [2, 3] (6 elements)"
        );
    }

    #[test]
    fn make_mut_copies_only_when_shared() {
        let mut a = TensorImpl::from_vec(vec![1i32, 2, 3, 4], &[4], "t").unwrap();
        let p = a.buffer().as_ptr();
        a.make_mut("t").unwrap()[0] = 10;
        assert_eq!(a.buffer().as_ptr(), p, "unique buffer is written in place");
        let b = a.clone();
        a.make_mut("t").unwrap()[1] = 20;
        assert_eq!(a.to_vec(), vec![10, 20, 3, 4]);
        assert_eq!(
            b.to_vec(),
            vec![10, 2, 3, 4],
            "the other owner never sees the write"
        );
    }

    #[test]
    fn strided_to_vec_and_get() {
        let a = TensorImpl::from_vec((0..6).collect::<Vec<i64>>(), &[2, 3], "t").unwrap();
        let t = a.view(a.layout().transpose(0, 1));
        assert_eq!(t.to_vec(), vec![0, 3, 1, 4, 2, 5]);
        assert_eq!(t.get(&[2, 1]), Some(5));
        assert_eq!(t.get(&[3, 0]), None);
        assert!(t.shares_storage(&a));
    }
}
