//! Broadcasting utilities: the seed's `shapes_broadcastable`, `broadcast_shape` and
//! `broadcast_tensors`, with NumPy's rules (trailing dims aligned, each pair equal or one of
//! them 1). Every binary op already broadcasts by itself; these are for callers that want
//! the shapes, or the expanded views, explicitly.

use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::layout;

/// Returns `true` if shapes `a` and `b` broadcast together: aligned from the last dim, each
/// pair of sizes is equal or one of them is 1 (missing leading dims count as 1).
///
/// # Examples
/// ```
/// use rusttorch::shapes_broadcastable;
/// assert!(shapes_broadcastable(&[2, 1, 3], &[4, 1]));
/// assert!(!shapes_broadcastable(&[2, 3], &[4]));
/// ```
pub fn shapes_broadcastable(a: &[usize], b: &[usize]) -> bool {
    layout::broadcast_shape(a, b, "shapes_broadcastable").is_ok()
}

/// Returns the broadcast of shapes `a` and `b` (`torch.broadcast_shapes` of two shapes):
/// `out[i] = max(a[i], b[i])` over trailing-aligned dims, where a size of 1 yields to the
/// other (so `[1]` with `[0]` gives `[0]`).
///
/// # Examples
/// ```
/// use rusttorch::broadcast_shape;
/// assert_eq!(broadcast_shape(&[2, 1, 3], &[4, 1])?, vec![2, 4, 3]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] naming both shapes if they do not broadcast.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    Ok(layout::broadcast_shape(a, b, "broadcast_shape")?.to_vec())
}

/// Returns every tensor expanded to the broadcast of all their shapes
/// (`torch.broadcast_tensors`): views that share each input's buffer, with stride 0 along
/// the stretched dims. An empty list gives an empty list.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, broadcast_tensors};
/// let col = DynTensor::from_vec(vec![1i64, 2], &[2, 1])?;
/// let row = DynTensor::from_vec(vec![10i64, 20, 30], &[3])?;
/// let out = broadcast_tensors(&[col, row])?;
/// assert_eq!(out[0].to_vec::<i64>()?, vec![1, 1, 1, 2, 2, 2]);
/// assert_eq!(out[1].to_vec::<i64>()?, vec![10, 20, 30, 10, 20, 30]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::Broadcast`] naming the common shape so far and the first shape that does not
/// broadcast with it.
pub fn broadcast_tensors(tensors: &[DynTensor]) -> Result<Vec<DynTensor>> {
    let mut shape: Vec<usize> = Vec::new();
    for t in tensors {
        shape = layout::broadcast_shape(&shape, t.shape(), "broadcast_tensors")
            .map_err(|_| Error::broadcast("broadcast_tensors", &shape, t.shape()))?
            .to_vec();
    }
    tensors.iter().map(|t| t.broadcast_to(&shape)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    #[test]
    fn shapes_follow_numpy_rules() {
        assert!(shapes_broadcastable(&[], &[3, 4]));
        assert!(shapes_broadcastable(&[0], &[1]));
        assert!(!shapes_broadcastable(&[0], &[2]));
        assert_eq!(broadcast_shape(&[3, 1], &[1, 4]).unwrap(), vec![3, 4]);
        assert_eq!(broadcast_shape(&[5, 1, 0], &[3, 1]).unwrap(), vec![5, 3, 0]);
        assert_eq!(broadcast_shape(&[], &[]).unwrap(), Vec::<usize>::new());
        let e = broadcast_shape(&[2, 3], &[3, 2]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "broadcast_shape: shapes [2, 3] and [3, 2] cannot be broadcast together"
        );
    }

    #[test]
    fn broadcast_tensors_gives_views_of_the_common_shape() {
        let a = DynTensor::from_vec(vec![1.0f32, 2.0], &[2, 1]).unwrap();
        let b = DynTensor::from_vec(vec![10.0f64, 20.0, 30.0], &[1, 3]).unwrap();
        let c = DynTensor::scalar(5i32);
        let out = broadcast_tensors(&[a.clone(), b.clone(), c.clone()]).unwrap();
        assert_eq!(out.len(), 3);
        for (o, src) in out.iter().zip([&a, &b, &c]) {
            assert_eq!(o.shape(), &[2, 3]);
            assert!(o.shares_storage(src));
            assert_eq!(o.dtype(), src.dtype());
        }
        assert_eq!(
            out[0].to_vec::<f32>().unwrap(),
            vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0]
        );
        assert_eq!(
            out[1].to_vec::<f64>().unwrap(),
            vec![10.0, 20.0, 30.0, 10.0, 20.0, 30.0]
        );
        assert_eq!(out[2].to_vec::<i32>().unwrap(), vec![5; 6]);
        assert!(broadcast_tensors(&[]).unwrap().is_empty());
        let z = DynTensor::zeros(&[0, 1], DType::Bool).unwrap();
        let row = DynTensor::from_vec(vec![1i64, 2], &[2]).unwrap();
        let zr = broadcast_tensors(&[z, row]).unwrap();
        assert_eq!((zr[0].shape(), zr[1].shape()), (&[0, 2][..], &[0, 2][..]));
        assert_eq!(zr[1].numel(), 0);
    }

    #[test]
    fn broadcast_tensors_names_the_failing_shapes() {
        let a = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        let b = DynTensor::zeros(&[3], DType::Float32).unwrap();
        let c = DynTensor::zeros(&[4, 1], DType::Float32).unwrap();
        let e = broadcast_tensors(&[a, b, c]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "broadcast_tensors: shapes [2, 3] and [4, 1] cannot be broadcast together"
        );
    }
}
