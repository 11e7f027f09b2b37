//! [`DataLoader`]: mini-batches of `(features, labels)` with per-epoch seeded shuffling,
//! and its typed face [`TypedLoader`].

use std::borrow::Borrow;
use std::marker::PhantomData;

use super::batches::batch_count;
use super::split::{index_tensor, shuffle_indices};
use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::shape::Const;
use crate::tensor::Tensor;

/// The seed of epoch `epoch`'s permutation for a loader shuffled with `seed`:
/// `seed ^ epoch * 0x9E3779B97F4A7C15` (wrapping), so that epochs differ and runs repeat.
pub fn epoch_seed(seed: u64, epoch: u64) -> u64 {
    seed ^ epoch.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Mini-batches of `(features, labels)` rows along dim 0 (`torch.utils.data.DataLoader`
/// over a `TensorDataset`): in order, or reshuffled every epoch by a permutation seeded
/// by [`epoch_seed`]`(seed, epoch)`, with an optional dropped short last batch.
///
/// Unshuffled batches are zero-copy views; shuffled ones are gathered with
/// [`DynTensor::index_select`], one batch at a time.
///
/// # Examples
/// ```
/// use rusttorch::{DataLoader, DynTensor};
/// let x = DynTensor::from_vec((0..10i64).collect(), &[5, 2])?;
/// let y = DynTensor::from_vec(vec![0i64, 1, 2, 3, 4], &[5])?;
/// let loader = DataLoader::new(x, y, 2)?.shuffle(42).drop_last(true);
/// assert_eq!(loader.len(), 2);
/// for batch in loader.epoch(0) {
///     let (xb, yb) = batch?;
///     let (xb, yb) = (xb.to_vec::<i64>()?, yb.to_vec::<i64>()?);
///     assert_eq!(xb[0], 2 * yb[0]);
/// }
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct DataLoader {
    features: DynTensor,
    labels: DynTensor,
    batch_size: usize,
    seed: Option<u64>,
    drop_last: bool,
    next_epoch: u64,
}

fn rows(op: &'static str, t: &DynTensor, arg: &'static str) -> Result<usize> {
    if t.ndim() == 0 {
        return Err(Error::invalid(
            op,
            arg,
            "expected at least 1 dim (rows along dim 0), got a 0-d tensor",
        ));
    }
    Ok(t.shape()[0])
}

impl DataLoader {
    /// A loader over the rows of `features` and `labels` (any dtypes, rank >= 1, the same
    /// number of rows), `batch_size` rows at a time, in order, keeping a short last batch.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `batch_size` 0 or a 0-d tensor;
    /// [`Error::ShapeMismatch`] naming both shapes if the row counts differ.
    pub fn new(features: DynTensor, labels: DynTensor, batch_size: usize) -> Result<Self> {
        const OP: &str = "DataLoader::new";
        if batch_size == 0 {
            return Err(Error::invalid(
                OP,
                "batch_size",
                "must be at least 1, got 0",
            ));
        }
        let (n, m) = (
            rows(OP, &features, "features")?,
            rows(OP, &labels, "labels")?,
        );
        if n != m {
            return Err(Error::mismatch(
                OP,
                features.shape(),
                labels.shape(),
                format!("features have {n} rows, labels {m}"),
            ));
        }
        Ok(DataLoader {
            features,
            labels,
            batch_size,
            seed: None,
            drop_last: false,
            next_epoch: 0,
        })
    }

    /// Reshuffles the rows every epoch, by a permutation seeded with
    /// [`epoch_seed`]`(seed, epoch)`.
    pub fn shuffle(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Drops the last batch if it is shorter than the batch size.
    pub fn drop_last(mut self, drop_last: bool) -> Self {
        self.drop_last = drop_last;
        self
    }

    /// The number of batches in an epoch.
    pub fn len(&self) -> usize {
        batch_count(self.num_rows(), self.batch_size, self.drop_last)
    }

    /// Whether an epoch has no batches.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of rows (samples).
    pub fn num_rows(&self) -> usize {
        self.features.shape()[0]
    }

    /// The batches of epoch `epoch`: the same epoch gives the same batches every time.
    pub fn epoch(&self, epoch: u64) -> Batches<'_> {
        let n = self.num_rows();
        EpochBatches {
            loader: self,
            order: self.seed.map(|s| shuffle_indices(n, epoch_seed(s, epoch))),
            next: 0,
            count: self.len(),
        }
    }

    /// The batches of epoch `epoch` as [`DataLoader::epoch`] gives them, from an iterator
    /// that owns the loader (its tensors share storage with the caller's): for callers that
    /// cannot hold a borrow, such as an iterator object handed to another language.
    pub fn into_epoch(self, epoch: u64) -> OwnedBatches {
        let n = self.num_rows();
        EpochBatches {
            order: self.seed.map(|s| shuffle_indices(n, epoch_seed(s, epoch))),
            next: 0,
            count: self.len(),
            loader: self,
        }
    }

    /// The batches of the next epoch (0 first), advancing the loader's epoch counter.
    pub fn iter(&mut self) -> Batches<'_> {
        let epoch = self.next_epoch;
        self.next_epoch += 1;
        self.epoch(epoch)
    }

    /// This loader as a [`TypedLoader`] yielding `[batch, N]` features of `T` and `int64`
    /// labels.
    ///
    /// # Errors
    /// [`Error::DType`] or [`Error::StaticShape`] naming the shape if the features are not
    /// `[n, N]` of `T` or the labels not `[n]` of `int64`.
    pub fn typed<T: Element, const N: usize>(self) -> Result<TypedLoader<T, N>> {
        Tensor::<T, (usize, Const<N>)>::try_from(&self.features)?;
        Tensor::<i64, (usize,)>::try_from(&self.labels)?;
        Ok(TypedLoader {
            inner: self,
            _t: PhantomData,
        })
    }

    fn batch(&self, order: Option<&[usize]>, b: usize) -> Result<(DynTensor, DynTensor)> {
        let start = b * self.batch_size;
        let len = self.batch_size.min(self.num_rows() - start);
        match order {
            Some(order) => {
                let idx = index_tensor(&order[start..start + len])?;
                Ok((
                    self.features.index_select(0, &idx)?,
                    self.labels.index_select(0, &idx)?,
                ))
            }
            None => Ok((
                self.features.narrow(0, start as isize, len)?,
                self.labels.narrow(0, start as isize, len)?,
            )),
        }
    }
}

/// The batches of one epoch of a [`DataLoader`] held as `L`: borrowed ([`Batches`], from
/// [`DataLoader::epoch`]) or owned ([`OwnedBatches`], from [`DataLoader::into_epoch`], for
/// holders that cannot borrow, like a Python iterator object).
#[derive(Debug)]
pub struct EpochBatches<L> {
    loader: L,
    order: Option<Vec<usize>>,
    next: usize,
    count: usize,
}

/// The batches of one epoch, borrowing the loader.
pub type Batches<'a> = EpochBatches<&'a DataLoader>;

/// The batches of one epoch, owning the loader; the same batches as [`DataLoader::epoch`].
pub type OwnedBatches = EpochBatches<DataLoader>;

impl<L: Borrow<DataLoader>> Iterator for EpochBatches<L> {
    type Item = Result<(DynTensor, DynTensor)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next == self.count {
            return None;
        }
        let b = self.next;
        self.next += 1;
        Some(self.loader.borrow().batch(self.order.as_deref(), b))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.next;
        (left, Some(left))
    }
}

impl<L: Borrow<DataLoader>> ExactSizeIterator for EpochBatches<L> {}

/// The typed face of [`DataLoader`]: batches of `Tensor<T, (usize, Const<N>)>` features
/// and `Tensor<i64, (usize,)>` labels.
///
/// # Examples
/// ```
/// use rusttorch::{Const, DataLoader, DynTensor, Tensor, TypedLoader};
/// let x: Tensor<f32, (usize, Const<2>)> =
///     Tensor::from_vec_with(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0], (3, Const))?;
/// let y: Tensor<i64, (usize,)> = Tensor::from_vec_with(vec![0, 1, 2], (3,))?;
/// let loader = TypedLoader::new(x, y, 2)?.shuffle(1);
/// assert_eq!(loader.len(), 2);
/// let (xb, yb) = loader.epoch(0).next().expect("two batches")?;
/// assert_eq!(xb.dims()[1], 2);
/// assert_eq!(xb.to_vec()[0], 2.0 * yb.to_vec()[0] as f32);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TypedLoader<T: Element, const N: usize> {
    inner: DataLoader,
    _t: PhantomData<T>,
}

/// One typed batch: `[batch, N]` features and `[batch]` labels.
pub type TypedBatch<T, const N: usize> = (Tensor<T, (usize, Const<N>)>, Tensor<i64, (usize,)>);

impl<T: Element, const N: usize> TypedLoader<T, N> {
    /// A loader over typed features and labels, as [`DataLoader::new`].
    ///
    /// # Errors
    /// As [`DataLoader::new`]: `batch_size` 0, or row counts that differ.
    pub fn new(
        features: Tensor<T, (usize, Const<N>)>,
        labels: Tensor<i64, (usize,)>,
        batch_size: usize,
    ) -> Result<Self> {
        DataLoader::new(features.into(), labels.into(), batch_size)?.typed()
    }

    /// As [`DataLoader::shuffle`].
    pub fn shuffle(self, seed: u64) -> Self {
        TypedLoader {
            inner: self.inner.shuffle(seed),
            _t: PhantomData,
        }
    }

    /// As [`DataLoader::drop_last`].
    pub fn drop_last(self, drop_last: bool) -> Self {
        TypedLoader {
            inner: self.inner.drop_last(drop_last),
            _t: PhantomData,
        }
    }

    /// The number of batches in an epoch.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether an epoch has no batches.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The batches of epoch `epoch`, as [`DataLoader::epoch`].
    pub fn epoch(
        &self,
        epoch: u64,
    ) -> impl ExactSizeIterator<Item = Result<TypedBatch<T, N>>> + '_ {
        self.inner.epoch(epoch).map(typed_batch)
    }

    /// The batches of the next epoch, as [`DataLoader::iter`].
    pub fn iter(&mut self) -> impl ExactSizeIterator<Item = Result<TypedBatch<T, N>>> + '_ {
        self.inner.iter().map(typed_batch)
    }
}

fn typed_batch<T: Element, const N: usize>(
    batch: Result<(DynTensor, DynTensor)>,
) -> Result<TypedBatch<T, N>> {
    let (x, y) = batch?;
    Ok((Tensor::try_from(&x)?, Tensor::try_from(&y)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;

    /// Rows `r` of `[n, 2]` features `(r, -r)` and labels `r`.
    fn data(n: i64) -> Result<(DynTensor, DynTensor)> {
        let x: Vec<f32> = (0..n).flat_map(|r| [r as f32, -(r as f32)]).collect();
        Ok((
            DynTensor::from_vec(x, &[n as usize, 2])?,
            DynTensor::from_vec((0..n).collect(), &[n as usize])?,
        ))
    }

    fn labels_of(loader: &DataLoader, epoch: u64) -> Result<Vec<Vec<i64>>> {
        loader
            .epoch(epoch)
            .map(|b| {
                let (x, y) = b?;
                let (xv, yv) = (x.to_vec::<f32>()?, y.to_vec::<i64>()?);
                for (i, &l) in yv.iter().enumerate() {
                    assert_eq!((xv[2 * i], xv[2 * i + 1]), (l as f32, -(l as f32)));
                }
                Ok(yv)
            })
            .collect()
    }

    #[test]
    fn in_order_batches_are_views_with_a_short_last_batch() -> Result<()> {
        let (x, y) = data(7)?;
        let loader = DataLoader::new(x.clone(), y, 3)?;
        assert_eq!(loader.len(), 3);
        assert_eq!(loader.epoch(0).len(), 3);
        assert_eq!(
            labels_of(&loader, 0)?,
            vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]
        );
        let (xb, _) = loader.epoch(5).next().expect("a batch")?;
        assert!(xb.shares_storage(&x));
        let dropped = loader.drop_last(true);
        assert_eq!(dropped.len(), 2);
        assert_eq!(labels_of(&dropped, 0)?, vec![vec![0, 1, 2], vec![3, 4, 5]]);
        Ok(())
    }

    #[test]
    fn shuffled_epochs_repeat_per_seed_and_differ_across_epochs() -> Result<()> {
        let (x, y) = data(20)?;
        let loader = DataLoader::new(x, y, 6)?.shuffle(9);
        let e0 = labels_of(&loader, 0)?;
        assert_eq!(e0, labels_of(&loader, 0)?);
        let e1 = labels_of(&loader, 1)?;
        assert_ne!(e0, e1);
        let flat: Vec<i64> = e0.concat();
        let want: Vec<i64> = shuffle_indices(20, epoch_seed(9, 0))
            .into_iter()
            .map(|i| i as i64)
            .collect();
        assert_eq!(flat, want);
        let mut sorted = e1.concat();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
        assert_eq!(
            e0.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![6, 6, 6, 2]
        );
        let (x, y) = data(20)?;
        let other = DataLoader::new(x, y, 6)?.shuffle(10);
        assert_ne!(e0, labels_of(&other, 0)?);
        Ok(())
    }

    #[test]
    fn into_epoch_gives_the_batches_of_epoch() -> Result<()> {
        let (x, y) = data(7)?;
        let loader = DataLoader::new(x, y, 3)?.shuffle(5).drop_last(true);
        for e in 0..3 {
            let owned: Vec<Vec<i64>> = loader
                .clone()
                .into_epoch(e)
                .map(|b| b.and_then(|(_, y)| y.to_vec::<i64>()))
                .collect::<Result<_>>()?;
            assert_eq!(owned, labels_of(&loader, e)?);
            assert_eq!(loader.clone().into_epoch(e).len(), 2);
        }
        Ok(())
    }

    #[test]
    fn iter_advances_the_epoch_counter() -> Result<()> {
        let (x, y) = data(10)?;
        let mut loader = DataLoader::new(x, y, 4)?.shuffle(3).drop_last(true);
        let first: Vec<_> = loader
            .iter()
            .map(|b| b.and_then(|(_, y)| y.to_vec::<i64>()))
            .collect::<Result<_>>()?;
        let second: Vec<_> = loader
            .iter()
            .map(|b| b.and_then(|(_, y)| y.to_vec::<i64>()))
            .collect::<Result<_>>()?;
        assert_eq!(first.len(), 2);
        assert_eq!(first, labels_of(&loader, 0)?);
        assert_eq!(second, labels_of(&loader, 1)?);
        assert_ne!(first, second);
        Ok(())
    }

    #[test]
    fn empty_data_and_errors() -> Result<()> {
        let x = DynTensor::from_vec(Vec::<f32>::new(), &[0, 3])?;
        let y = DynTensor::from_vec(Vec::<i64>::new(), &[0])?;
        let loader = DataLoader::new(x, y, 2)?.shuffle(1);
        assert!(loader.is_empty());
        assert_eq!(loader.epoch(0).count(), 0);
        let (x, y) = data(3)?;
        assert_eq!(
            DataLoader::new(x.clone(), y.clone(), 0)
                .unwrap_err()
                .to_string(),
            "DataLoader::new: invalid batch_size: must be at least 1, got 0"
        );
        let y4 = DynTensor::from_vec(vec![0i64; 4], &[4])?;
        assert_eq!(
            DataLoader::new(x.clone(), y4, 2).unwrap_err().to_string(),
            "DataLoader::new: shapes [3, 2] and [4] do not match (features have 3 rows, labels 4)"
        );
        let s = DynTensor::from_vec(vec![0i64], &[])?;
        assert_eq!(
            DataLoader::new(x.clone(), s, 2).unwrap_err().to_string(),
            "DataLoader::new: invalid labels: expected at least 1 dim (rows along dim 0), got a 0-d tensor"
        );
        let wrong = DataLoader::new(x.clone(), y.clone(), 2)?.typed::<f32, 3>();
        assert_eq!(
            wrong.unwrap_err().to_string(),
            "Tensor::try_from: a tensor of shape [3, 2] does not fit the shape type `(usize, Const<3>)`"
        );
        let wrong = DataLoader::new(x.clone(), y.to_dtype(DType::Int32)?, 2)?.typed::<f32, 2>();
        assert!(wrong.is_err());
        assert!(DataLoader::new(x, y, 2)?.typed::<f64, 2>().is_err());
        Ok(())
    }

    #[test]
    fn typed_loader_yields_typed_batches() -> Result<()> {
        let (x, y) = data(5)?;
        let loader = DataLoader::new(x, y, 2)?.shuffle(4).typed::<f32, 2>()?;
        assert_eq!(loader.len(), 3);
        let mut seen = Vec::new();
        for batch in loader.epoch(2) {
            let (xb, yb) = batch?;
            let (xv, yv) = (xb.to_vec(), yb.to_vec());
            assert_eq!(xb.dims(), &[yv.len(), 2]);
            for (i, &l) in yv.iter().enumerate() {
                assert_eq!((xv[2 * i], xv[2 * i + 1]), (l as f32, -(l as f32)));
            }
            seen.extend(yv);
        }
        let want: Vec<i64> = shuffle_indices(5, epoch_seed(4, 2))
            .into_iter()
            .map(|i| i as i64)
            .collect();
        assert_eq!(seen, want);
        let mut l = loader.drop_last(true);
        assert_eq!(l.len(), 2);
        assert_eq!(l.iter().count(), 2);
        Ok(())
    }
}
