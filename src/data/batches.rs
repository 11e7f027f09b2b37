//! [`create_batches`]: consecutive mini-batches along dim 0, as views.

use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

/// Splits `data` along dim 0 into consecutive batches of `batch_size` rows, the last one
/// shorter unless `drop_last` drops it (`torch.split(data, batch_size)`, and
/// `DataLoader`'s `drop_last`). Any rank >= 1 and dtype; every batch is a zero-copy view
/// ([`DynTensor::narrow`]) of `data`. No rows give no batches.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, create_batches};
/// let x = DynTensor::arange(0.0, 10.0, 1.0, rusttorch::DType::Float32)?.reshape(&[5, 2])?;
/// let batches = create_batches(&x, 2, false)?;
/// assert_eq!(batches.len(), 3);
/// assert_eq!(batches[2].to_vec::<f32>()?, vec![8.0, 9.0]);
/// assert_eq!(create_batches(&x, 2, true)?.len(), 2);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for `batch_size` 0 or 0-d `data`.
pub fn create_batches(
    data: &DynTensor,
    batch_size: usize,
    drop_last: bool,
) -> Result<Vec<DynTensor>> {
    const OP: &str = "create_batches";
    if batch_size == 0 {
        return Err(Error::invalid(
            OP,
            "batch_size",
            "must be at least 1, got 0",
        ));
    }
    if data.ndim() == 0 {
        return Err(Error::invalid(
            OP,
            "data",
            "expected at least 1 dim (rows along dim 0), got a 0-d tensor",
        ));
    }
    let n = data.shape()[0];
    let count = batch_count(n, batch_size, drop_last);
    (0..count)
        .map(|b| {
            let start = b * batch_size;
            data.narrow(0, start as isize, batch_size.min(n - start))
        })
        .collect()
}

/// The number of batches of `batch_size` (> 0) rows in `n` rows.
pub(crate) fn batch_count(n: usize, batch_size: usize, drop_last: bool) -> usize {
    if drop_last {
        n / batch_size
    } else {
        n.div_ceil(batch_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;

    #[test]
    fn batches_hold_the_right_rows_as_views() -> Result<()> {
        let x = DynTensor::from_vec((0..14i64).collect(), &[7, 2])?;
        let b = create_batches(&x, 3, false)?;
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].to_vec::<i64>()?, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(b[1].shape(), &[3, 2]);
        assert_eq!(b[2].shape(), &[1, 2]);
        assert_eq!(b[2].to_vec::<i64>()?, vec![12, 13]);
        assert_eq!(b[1].dtype(), DType::Int64);
        assert!(b.iter().all(|t| t.shares_storage(&x)));
        let d = create_batches(&x, 3, true)?;
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].to_vec::<i64>()?, vec![6, 7, 8, 9, 10, 11]);
        Ok(())
    }

    #[test]
    fn exact_multiple_rank1_rank3_and_empty() -> Result<()> {
        let v = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0], &[4])?;
        let b = create_batches(&v, 2, false)?;
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].to_vec::<f32>()?, vec![3.0, 4.0]);
        assert_eq!(create_batches(&v, 2, true)?.len(), 2);
        assert_eq!(create_batches(&v, 9, true)?.len(), 0);
        assert_eq!(
            create_batches(&v, 9, false)?[0].to_vec::<f32>()?,
            vec![1.0, 2.0, 3.0, 4.0]
        );
        let c = DynTensor::from_vec((0..12i32).collect(), &[3, 2, 2])?;
        let b = create_batches(&c, 2, false)?;
        assert_eq!(b[1].shape(), &[1, 2, 2]);
        assert_eq!(b[1].to_vec::<i32>()?, vec![8, 9, 10, 11]);
        let e = DynTensor::from_vec(Vec::<f32>::new(), &[0, 3])?;
        assert!(create_batches(&e, 4, false)?.is_empty());
        Ok(())
    }

    #[test]
    fn transposed_input_batches_its_rows() -> Result<()> {
        // [[0, 1, 2], [3, 4, 5]] transposed: rows (0, 3), (1, 4), (2, 5).
        let x = DynTensor::from_vec((0..6i64).collect(), &[2, 3])?.transpose(0, 1)?;
        let b = create_batches(&x, 2, false)?;
        assert_eq!(b[0].to_vec::<i64>()?, vec![0, 3, 1, 4]);
        assert_eq!(b[1].to_vec::<i64>()?, vec![2, 5]);
        Ok(())
    }

    #[test]
    fn errors_name_the_argument() -> Result<()> {
        let v = DynTensor::from_vec(vec![1.0f32, 2.0], &[2])?;
        assert_eq!(
            create_batches(&v, 0, false).unwrap_err().to_string(),
            "create_batches: invalid batch_size: must be at least 1, got 0"
        );
        let s = DynTensor::from_vec(vec![1.0f32], &[])?;
        assert_eq!(
            create_batches(&s, 1, false).unwrap_err().to_string(),
            "create_batches: invalid data: expected at least 1 dim (rows along dim 0), got a 0-d tensor"
        );
        Ok(())
    }
}
