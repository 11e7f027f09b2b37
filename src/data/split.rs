//! Seeded shuffles and train/validation/test splits along dim 0.

use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::ops::creation::Generator;

/// A random permutation of `0..n` fixed by `seed` (`torch.randperm(n, generator=...)`):
/// the same seed gives the same order on every run.
///
/// # Examples
/// ```
/// use rusttorch::shuffle_indices;
/// let p = shuffle_indices(5, 42);
/// assert_eq!(p, shuffle_indices(5, 42));
/// let mut sorted = p.clone();
/// sorted.sort();
/// assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
/// ```
pub fn shuffle_indices(n: usize, seed: u64) -> Vec<usize> {
    Generator::new(seed).permutation(n)
}

/// `rows` as an `int64` index tensor for [`DynTensor::index_select`].
pub(crate) fn index_tensor(rows: &[usize]) -> Result<DynTensor> {
    let idx: Vec<i64> = rows
        .iter()
        .map(|&r| i64::try_from(r).expect("a row index fits in i64"))
        .collect();
    DynTensor::from_vec(idx, &[rows.len()])
}

/// The split sizes `(train, val, test)` of `n` rows, after checking the ratios.
fn split_sizes(
    op: &'static str,
    n: usize,
    train_ratio: f64,
    val_ratio: f64,
) -> Result<(usize, usize, usize)> {
    let ok = |r: f64| r.is_finite() && (0.0..=1.0).contains(&r);
    // A little slack so that, say, 0.7 + 0.2 + 0.1 style ratios summing to 1 in decimal pass.
    if !ok(train_ratio) || !ok(val_ratio) || train_ratio + val_ratio > 1.0 + 1e-9 {
        return Err(Error::invalid(
            op,
            "ratios",
            format!(
                "train_ratio {train_ratio} and val_ratio {val_ratio} must be finite, in [0, 1] \
                 and sum to at most 1"
            ),
        ));
    }
    // floor(n * ratio); the casts saturate and the ratios are in [0, 1].
    let train = ((n as f64 * train_ratio).floor() as usize).min(n);
    let val = ((n as f64 * val_ratio).floor() as usize).min(n - train);
    Ok((train, val, n - train - val))
}

/// The row order of a split: a seeded permutation, or `None` to keep the order.
fn row_order(n: usize, shuffle: bool, seed: u64) -> Option<Vec<usize>> {
    shuffle.then(|| shuffle_indices(n, seed))
}

/// Rows `start..start + len` of `data` in `order` (gathered with `index_select`), or a
/// view of them if there is no order.
fn take_rows(
    data: &DynTensor,
    order: Option<&[usize]>,
    start: usize,
    len: usize,
) -> Result<DynTensor> {
    match order {
        Some(order) => data.index_select(0, &index_tensor(&order[start..start + len])?),
        None => data.narrow(0, start as isize, len),
    }
}

fn check_rows(op: &'static str, data: &DynTensor, arg: &'static str) -> Result<usize> {
    if data.ndim() == 0 {
        return Err(Error::invalid(
            op,
            arg,
            "expected at least 1 dim (rows along dim 0), got a 0-d tensor",
        ));
    }
    Ok(data.shape()[0])
}

fn split_three(
    data: &DynTensor,
    order: Option<&[usize]>,
    (train, val, test): (usize, usize, usize),
) -> Result<(DynTensor, DynTensor, DynTensor)> {
    Ok((
        take_rows(data, order, 0, train)?,
        take_rows(data, order, train, val)?,
        take_rows(data, order, train + val, test)?,
    ))
}

/// Splits `data` along dim 0 into `(train, val, test)` with `floor(n * train_ratio)`,
/// `floor(n * val_ratio)` and the remaining rows (`sklearn`'s `train_test_split`, twice).
///
/// With `shuffle`, the rows are first permuted by [`shuffle_indices`]`(n, seed)` and
/// gathered with [`DynTensor::index_select`] (new tensors; the same seed gives the same
/// split); without it, the parts are consecutive views of `data` and `seed` is unused.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, train_val_test_split};
/// let x = DynTensor::from_vec((0..10i64).collect(), &[10])?;
/// let (train, val, test) = train_val_test_split(&x, 0.6, 0.2, false, 0)?;
/// assert_eq!(train.to_vec::<i64>()?, vec![0, 1, 2, 3, 4, 5]);
/// assert_eq!(val.to_vec::<i64>()?, vec![6, 7]);
/// assert_eq!(test.to_vec::<i64>()?, vec![8, 9]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] naming both ratios unless they are finite, in `[0, 1]` and
/// sum to at most 1; [`Error::InvalidArgument`] for 0-d `data`.
pub fn train_val_test_split(
    data: &DynTensor,
    train_ratio: f64,
    val_ratio: f64,
    shuffle: bool,
    seed: u64,
) -> Result<(DynTensor, DynTensor, DynTensor)> {
    const OP: &str = "train_val_test_split";
    let n = check_rows(OP, data, "data")?;
    let sizes = split_sizes(OP, n, train_ratio, val_ratio)?;
    let order = row_order(n, shuffle, seed);
    split_three(data, order.as_deref(), sizes)
}

/// A `(features, labels)` pair, as [`train_val_test_split_xy`] returns for each part.
pub type XyPair = (DynTensor, DynTensor);

/// Splits `features` and `labels` as [`train_val_test_split`] does, with the same row
/// permutation for both, so that row `i` of each part's features goes with row `i` of its
/// labels; returns `((x_train, y_train), (x_val, y_val), (x_test, y_test))`.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, train_val_test_split_xy};
/// let x = DynTensor::from_vec((0..8i64).collect(), &[4, 2])?;
/// let y = DynTensor::from_vec(vec![0i64, 1, 2, 3], &[4])?;
/// let ((xt, yt), _, _) = train_val_test_split_xy(&x, &y, 0.5, 0.25, true, 7)?;
/// let (xt, yt) = (xt.to_vec::<i64>()?, yt.to_vec::<i64>()?);
/// assert_eq!(xt[0], 2 * yt[0]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
///
/// # Errors
/// As [`train_val_test_split`], and [`Error::ShapeMismatch`] naming both shapes if the
/// row counts differ.
pub fn train_val_test_split_xy(
    features: &DynTensor,
    labels: &DynTensor,
    train_ratio: f64,
    val_ratio: f64,
    shuffle: bool,
    seed: u64,
) -> Result<(XyPair, XyPair, XyPair)> {
    const OP: &str = "train_val_test_split_xy";
    let n = check_rows(OP, features, "features")?;
    let m = check_rows(OP, labels, "labels")?;
    if n != m {
        return Err(Error::mismatch(
            OP,
            features.shape(),
            labels.shape(),
            format!("features have {n} rows, labels {m}"),
        ));
    }
    let sizes = split_sizes(OP, n, train_ratio, val_ratio)?;
    let order = row_order(n, shuffle, seed);
    let (xa, xb, xc) = split_three(features, order.as_deref(), sizes)?;
    let (ya, yb, yc) = split_three(labels, order.as_deref(), sizes)?;
    Ok(((xa, ya), (xb, yb), (xc, yc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_indices_is_a_reproducible_permutation() {
        let a = shuffle_indices(50, 3);
        assert_eq!(a, shuffle_indices(50, 3));
        assert_ne!(a, shuffle_indices(50, 4));
        assert_ne!(a, (0..50).collect::<Vec<_>>());
        let mut s = a.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
        assert!(shuffle_indices(0, 1).is_empty());
    }

    #[test]
    fn unshuffled_split_sizes_and_views() -> Result<()> {
        let x = DynTensor::from_vec((0..20i64).collect(), &[10, 2])?;
        let (a, b, c) = train_val_test_split(&x, 0.75, 0.15, false, 0)?;
        // floor(7.5) = 7, floor(1.5) = 1, the rest 2.
        assert_eq!((a.shape()[0], b.shape()[0], c.shape()[0]), (7, 1, 2));
        assert_eq!(b.to_vec::<i64>()?, vec![14, 15]);
        assert_eq!(c.to_vec::<i64>()?, vec![16, 17, 18, 19]);
        assert!(a.shares_storage(&x) && c.shares_storage(&x));
        let (a, b, c) = train_val_test_split(&x, 1.0, 0.0, false, 0)?;
        assert_eq!(
            (a.shape()[0], b.shape(), c.shape()),
            (10, &[0, 2][..], &[0, 2][..])
        );
        let (a, _, _) = train_val_test_split(&x, 0.7, 0.3, false, 0)?;
        assert_eq!(a.shape()[0], 7);
        Ok(())
    }

    #[test]
    fn shuffled_split_follows_the_seeded_permutation() -> Result<()> {
        let x = DynTensor::from_vec((0..10i64).map(|v| v * 10).collect(), &[10])?;
        let (a, b, c) = train_val_test_split(&x, 0.5, 0.3, true, 11)?;
        let p = shuffle_indices(10, 11);
        let want: Vec<i64> = p.iter().map(|&i| i as i64 * 10).collect();
        assert_eq!(a.to_vec::<i64>()?, want[..5]);
        assert_eq!(b.to_vec::<i64>()?, want[5..8]);
        assert_eq!(c.to_vec::<i64>()?, want[8..]);
        let (a2, _, _) = train_val_test_split(&x, 0.5, 0.3, true, 11)?;
        assert_eq!(a.to_vec::<i64>()?, a2.to_vec::<i64>()?);
        let (a3, _, _) = train_val_test_split(&x, 0.5, 0.3, true, 12)?;
        assert_ne!(a.to_vec::<i64>()?, a3.to_vec::<i64>()?);
        Ok(())
    }

    #[test]
    fn xy_split_keeps_rows_paired() -> Result<()> {
        // Row r of x is (r, r + 100); its label is r.
        let xs: Vec<f32> = (0..30).flat_map(|r| [r as f32, r as f32 + 100.0]).collect();
        let x = DynTensor::from_vec(xs, &[30, 2])?
            .transpose(0, 1)?
            .contiguous()?
            .transpose(0, 1)?;
        let y = DynTensor::from_vec((0..30i64).collect(), &[30])?;
        let parts = train_val_test_split_xy(&x, &y, 0.6, 0.2, true, 5)?;
        let mut seen = Vec::new();
        for (px, py) in [parts.0, parts.1, parts.2] {
            let (px, py) = (px.to_vec::<f32>()?, py.to_vec::<i64>()?);
            for (i, &label) in py.iter().enumerate() {
                assert_eq!(px[2 * i], label as f32);
                assert_eq!(px[2 * i + 1], label as f32 + 100.0);
            }
            seen.push(py.len());
        }
        assert_eq!(seen, vec![18, 6, 6]);
        Ok(())
    }

    #[test]
    fn errors_name_both_ratios_and_both_shapes() -> Result<()> {
        let x = DynTensor::from_vec(vec![1.0f32; 6], &[3, 2])?;
        for (a, b) in [(0.8, 0.3), (-0.1, 0.2), (0.5, f64::NAN), (1.5, 0.0)] {
            let e = train_val_test_split(&x, a, b, true, 0)
                .unwrap_err()
                .to_string();
            assert_eq!(
                e,
                format!(
                    "train_val_test_split: invalid ratios: train_ratio {a} and val_ratio {b} \
                     must be finite, in [0, 1] and sum to at most 1"
                )
            );
        }
        let y = DynTensor::from_vec(vec![0i64; 4], &[4])?;
        assert_eq!(
            train_val_test_split_xy(&x, &y, 0.5, 0.5, false, 0)
                .unwrap_err()
                .to_string(),
            "train_val_test_split_xy: shapes [3, 2] and [4] do not match (features have 3 rows, labels 4)"
        );
        let s = DynTensor::from_vec(vec![1.0f32], &[])?;
        assert!(train_val_test_split(&s, 0.5, 0.5, false, 0).is_err());
        Ok(())
    }
}
