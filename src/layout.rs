//! Dims, strides (in elements) and offset: how a tensor views its buffer.
//!
//! All view ops (transpose, permute, narrow, select, expand, squeeze, unsqueeze, reshape of
//! compatible strides) are pure functions from one [`Layout`] to another and copy nothing.

use smallvec::SmallVec;

use crate::error::{Error, Result};

/// Dims or strides, inline up to rank 6 so small tensors need no heap allocation for them.
pub type DimVec = SmallVec<[usize; 6]>;

/// Where a tensor's elements live in its buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    dims: DimVec,
    strides: DimVec,
    offset: usize,
}

/// The number of elements of `dims`, or an [`Error::Overflow`] naming `op`.
pub fn checked_numel(dims: &[usize], op: &'static str) -> Result<usize> {
    dims.iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .ok_or_else(|| Error::Overflow {
            op,
            shape: dims.into(),
        })
}

/// Row-major (C order) strides of `dims`.
pub fn contiguous_strides(dims: &[usize]) -> DimVec {
    let mut strides: DimVec = SmallVec::from_elem(0, dims.len());
    let mut s = 1usize;
    for i in (0..dims.len()).rev() {
        strides[i] = s;
        s = s.saturating_mul(dims[i]);
    }
    strides
}

/// Converts a possibly negative dim into an index in `0..ndim`.
pub fn normalize_dim(dim: isize, ndim: usize, shape: &[usize], op: &'static str) -> Result<usize> {
    let n = ndim as isize;
    let d = if dim < 0 { dim + n } else { dim };
    if d < 0 || d >= n {
        return Err(Error::DimOutOfRange {
            op,
            dim,
            shape: shape.into(),
            range: format!("{}..{}", -n, n),
        });
    }
    Ok(d as usize)
}

/// The NumPy broadcast of two shapes: trailing dims aligned, each pair equal or one of them 1.
pub fn broadcast_shape(a: &[usize], b: &[usize], op: &'static str) -> Result<DimVec> {
    let n = a.len().max(b.len());
    let mut out: DimVec = SmallVec::from_elem(0, n);
    for i in 0..n {
        let da = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let db = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::broadcast(op, a, b));
        };
    }
    Ok(out)
}

impl Layout {
    /// A row-major layout of `dims` starting at offset 0.
    pub fn contiguous(dims: &[usize]) -> Self {
        Layout {
            dims: dims.into(),
            strides: contiguous_strides(dims),
            offset: 0,
        }
    }

    /// A layout from its parts (the caller guarantees it stays inside its buffer).
    pub fn from_parts(dims: DimVec, strides: DimVec, offset: usize) -> Self {
        debug_assert_eq!(dims.len(), strides.len());
        Layout {
            dims,
            strides,
            offset,
        }
    }

    /// The dims.
    pub fn dims(&self) -> &[usize] {
        &self.dims
    }

    /// The strides, in elements.
    pub fn strides(&self) -> &[usize] {
        &self.strides
    }

    /// Index of the first element in the buffer.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Number of dims.
    pub fn ndim(&self) -> usize {
        self.dims.len()
    }

    /// Number of elements (never overflows: the dims were checked when they were made).
    pub fn numel(&self) -> usize {
        self.dims.iter().product()
    }

    /// `true` if the elements are laid out in row-major order without gaps (size-1 dims may
    /// have any stride).
    pub fn is_contiguous(&self) -> bool {
        let mut expected = 1usize;
        for (&d, &s) in self.dims.iter().zip(&self.strides).rev() {
            if d != 1 && s != expected {
                return self.numel() == 0;
            }
            expected *= d;
        }
        true
    }

    /// The buffer range of a contiguous layout, `None` otherwise.
    pub fn contiguous_range(&self) -> Option<std::ops::Range<usize>> {
        self.is_contiguous()
            .then(|| self.offset..self.offset + self.numel())
    }

    /// `true` if two index tuples can reach the same element (a dim of size > 1 with
    /// stride 0, as after `expand`). Writing through such a view would be ambiguous.
    pub fn has_overlap(&self) -> bool {
        self.dims
            .iter()
            .zip(&self.strides)
            .any(|(&d, &s)| d > 1 && s == 0)
    }

    /// One past the largest buffer index the layout reaches (0 when empty).
    pub fn end(&self) -> usize {
        if self.numel() == 0 {
            return self.offset;
        }
        self.offset
            + self
                .dims
                .iter()
                .zip(&self.strides)
                .map(|(&d, &s)| (d - 1) * s)
                .sum::<usize>()
            + 1
    }

    /// The strides to read this layout as if broadcast to `out` (0 where a dim is stretched
    /// or missing). `out` must be a broadcast of `self.dims()`.
    pub fn broadcast_strides(&self, out: &[usize]) -> DimVec {
        let mut s: DimVec = SmallVec::from_elem(0, out.len());
        let lead = out.len() - self.dims.len();
        for (i, (&d, &st)) in self.dims.iter().zip(&self.strides).enumerate() {
            s[lead + i] = if d == 1 && out[lead + i] != 1 { 0 } else { st };
        }
        s
    }

    /// Dims `d0` and `d1` swapped.
    pub fn transpose(&self, d0: usize, d1: usize) -> Layout {
        let mut l = self.clone();
        l.dims.swap(d0, d1);
        l.strides.swap(d0, d1);
        l
    }

    /// Dims reordered: output dim `i` is input dim `perm[i]` (a checked permutation).
    pub fn permute(&self, perm: &[usize]) -> Layout {
        Layout {
            dims: perm.iter().map(|&p| self.dims[p]).collect(),
            strides: perm.iter().map(|&p| self.strides[p]).collect(),
            offset: self.offset,
        }
    }

    /// Elements `start, start + step, ...` (`len` of them) along `dim`.
    pub fn slice(&self, dim: usize, start: usize, len: usize, step: usize) -> Layout {
        let mut l = self.clone();
        l.dims[dim] = len;
        l.strides[dim] = self.strides[dim] * step;
        // NOTE: an empty result keeps the offset, which then cannot point past the buffer.
        if l.numel() > 0 {
            l.offset += start * self.strides[dim];
        }
        l
    }

    /// The sub-tensor at `index` along `dim`, which leaves the dims.
    pub fn select(&self, dim: usize, index: usize) -> Layout {
        let mut l = self.clone();
        l.dims.remove(dim);
        l.strides.remove(dim);
        // NOTE: as in `slice`, an empty result keeps the offset inside the buffer.
        if l.numel() > 0 {
            l.offset += index * self.strides[dim];
        }
        l
    }

    /// Size-1 dim inserted at `dim` (in `0..=ndim`).
    pub fn unsqueeze(&self, dim: usize) -> Layout {
        let mut l = self.clone();
        let stride = if dim < self.ndim() {
            self.strides[dim] * self.dims[dim]
        } else {
            1
        };
        l.dims.insert(dim, 1);
        l.strides.insert(dim, stride);
        l
    }

    /// Dim `dim` (of size 1) removed.
    pub fn squeeze(&self, dim: usize) -> Layout {
        let mut l = self.clone();
        l.dims.remove(dim);
        l.strides.remove(dim);
        l
    }

    /// The same elements viewed with `new_dims`, if the strides allow it without a copy
    /// (PyTorch's `computeStride`): each run of merged or split dims must be contiguous
    /// within itself.
    pub fn reshape(&self, new_dims: &[usize]) -> Option<Layout> {
        if self.is_contiguous() {
            return Some(Layout {
                dims: new_dims.into(),
                strides: contiguous_strides(new_dims),
                offset: self.offset,
            });
        }
        let numel = self.numel();
        if numel == 0 {
            return Some(Layout::from_parts(
                new_dims.into(),
                contiguous_strides(new_dims),
                self.offset,
            ));
        }
        let mut new_strides: DimVec = SmallVec::from_elem(0, new_dims.len());
        let mut view_d = new_dims.len() as isize - 1;
        let mut chunk_base_stride = *self.strides.last().unwrap_or(&1);
        let mut tensor_numel = 1usize;
        let mut view_numel = 1usize;
        for tensor_d in (0..self.ndim()).rev() {
            tensor_numel *= self.dims[tensor_d];
            let boundary = tensor_d == 0
                || (self.dims[tensor_d - 1] != 1
                    && self.strides[tensor_d - 1] != tensor_numel * chunk_base_stride);
            if boundary {
                while view_d >= 0 && (view_numel < tensor_numel || new_dims[view_d as usize] == 1) {
                    new_strides[view_d as usize] = view_numel * chunk_base_stride;
                    view_numel *= new_dims[view_d as usize];
                    view_d -= 1;
                }
                if view_numel != tensor_numel {
                    return None;
                }
                if tensor_d > 0 {
                    chunk_base_stride = self.strides[tensor_d - 1];
                    tensor_numel = 1;
                    view_numel = 1;
                }
            }
        }
        if view_d != -1 {
            return None;
        }
        Some(Layout {
            dims: new_dims.into(),
            strides: new_strides,
            offset: self.offset,
        })
    }
}

/// Resolves a requested shape with at most one `-1` against `numel` elements.
pub fn infer_shape(
    requested: &[isize],
    numel: usize,
    from: &[usize],
    op: &'static str,
) -> Result<DimVec> {
    let err = |reason: &str| Error::InvalidReshape {
        op,
        from: from.into(),
        to: requested.to_vec(),
        reason: reason.to_string(),
    };
    let mut infer = None;
    let mut known = 1usize;
    for (i, &d) in requested.iter().enumerate() {
        if d == -1 {
            if infer.replace(i).is_some() {
                return Err(err("only one dim can be -1"));
            }
        } else if d < 0 {
            return Err(err("dims must be non-negative or -1"));
        } else {
            known = known
                .checked_mul(d as usize)
                .ok_or_else(|| err("the element count overflows usize"))?;
        }
    }
    let mut dims: DimVec = requested.iter().map(|&d| d.max(0) as usize).collect();
    match infer {
        Some(i) => {
            if known == 0 || !numel.is_multiple_of(known) {
                return Err(err(&format!("{numel} elements do not fill it")));
            }
            dims[i] = numel / known;
        }
        None if known != numel => {
            return Err(err(&format!("{numel} elements, the new shape has {known}")));
        }
        None => {}
    }
    Ok(dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_aligns_trailing_dims() {
        assert_eq!(
            &broadcast_shape(&[2, 1, 3], &[4, 1], "t").unwrap()[..],
            &[2, 4, 3]
        );
        assert_eq!(&broadcast_shape(&[], &[5], "t").unwrap()[..], &[5]);
        assert_eq!(
            &broadcast_shape(&[0, 1], &[1, 3], "t").unwrap()[..],
            &[0, 3]
        );
        let e = broadcast_shape(&[2, 3], &[4], "add").unwrap_err();
        assert_eq!(
            e.to_string(),
            "add: shapes [2, 3] and [4] cannot be broadcast together"
        );
    }

    #[test]
    fn contiguity_ignores_size_one_dims() {
        let l = Layout::from_parts([3, 1, 4][..].into(), [4, 99, 1][..].into(), 0);
        assert!(l.is_contiguous());
        assert!(!Layout::contiguous(&[3, 4]).transpose(0, 1).is_contiguous());
    }

    #[test]
    fn reshape_views_split_and_merge_only_contiguous_runs() {
        // A transposed (4, 3) view: merging both dims needs a copy.
        let t = Layout::contiguous(&[3, 4]).transpose(0, 1);
        assert!(t.reshape(&[12]).is_none());
        // Splitting a dim of a transposed view works.
        let s = t.reshape(&[2, 2, 3]).unwrap();
        assert_eq!(s.strides(), &[2, 1, 4]);
        // Adding size-1 dims always works.
        assert!(t.reshape(&[4, 1, 3]).is_some());
    }

    #[test]
    fn infer_shape_fills_one_dim() {
        assert_eq!(&infer_shape(&[-1, 4], 12, &[12], "t").unwrap()[..], &[3, 4]);
        assert!(infer_shape(&[-1, -1], 12, &[12], "t").is_err());
        assert!(infer_shape(&[5], 12, &[12], "t").is_err());
        assert!(infer_shape(&[-1, 5], 12, &[12], "t").is_err());
        // As in PyTorch, -1 is ambiguous when the other dims hold no elements.
        assert!(infer_shape(&[0, -1], 0, &[0], "t").is_err());
    }

    #[test]
    fn dims_normalize_with_negative_indices() {
        assert_eq!(normalize_dim(-1, 3, &[1, 2, 3], "t").unwrap(), 2);
        let e = normalize_dim(3, 3, &[1, 2, 3], "sum").unwrap_err();
        assert_eq!(
            e.to_string(),
            "sum: dim 3 is out of range for a tensor of shape [1, 2, 3] (expected -3..3)"
        );
    }
}
