//! `mse_loss`: the mean squared error, `(pred - target)^2`.

use super::{LossElement, LossReduction, PointLoss, Reduction, dyn_loss, typed_loss};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{LossShape, Shape};
use crate::tensor::Tensor;

/// The squared error of one element.
#[derive(Clone, Copy, Debug)]
pub struct Mse;

impl PointLoss for Mse {
    const NAME: &'static str = "mse_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, _: T) -> T {
        let d = p - t;
        d * d
    }
    #[inline(always)]
    fn grad<T: Float>(p: T, t: T, _: T) -> (T, T) {
        let d = T::c(2.0) * (p - t);
        (d, -d)
    }
}

/// Returns the squared error `(pred - target)^2`, reduced by `reduction`
/// (`torch.nn.functional.mse_loss`).
///
/// # Errors
/// [`crate::Error::ShapeMismatch`] if the shapes differ; [`crate::Error::DType`] for
/// non-float inputs.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, loss::{Reduction, mse_loss}};
/// let p = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0], &[3])?;
/// let t = DynTensor::from_vec(vec![1.0f32, 0.0, 6.0], &[3])?;
/// assert_eq!(mse_loss(&p, &t, Reduction::Mean)?.item::<f32>()?, 13.0 / 3.0);
/// # Ok::<(), rusttorch::Error>(())
/// ```
pub fn mse_loss(pred: &DynTensor, target: &DynTensor, reduction: Reduction) -> Result<DynTensor> {
    dyn_loss::<Mse>(pred, target, 0.0, reduction)
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns the squared error `(self - target)^2` of this prediction against `target`,
    /// reduced by `M`: the typed [`mse_loss`].
    ///
    /// The reduction is a type: [`super::Mean`] or [`super::Sum`] give a rank-0 tensor,
    /// [`super::Unreduced`] the per-element losses in the unified shape. Shapes of
    /// different rank or with different static dims do not compile
    /// ([`crate::shape::LossShape`]).
    ///
    /// # Panics
    /// If `usize` dims of the prediction and target differ at run time (the message names
    /// the loss and both shapes); or if the output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::{Mean, Sum}, shape::{Const, Rank2}};
    /// fn loss<B: rusttorch::shape::Dim>(
    ///     p: &Tensor<f32, (B, Const<2>)>,
    ///     t: &Tensor<f32, (B, Const<2>)>,
    /// ) -> Tensor<f32, ()> {
    ///     p.mse_loss(t, Mean)
    /// }
    /// let p = Tensor::<f32, (usize, Const<2>)>::from_vec_with(vec![1.0, 2.0, 3.0, 4.0], (2, Const))?;
    /// let t = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const))?;
    /// assert_eq!(loss(&p, &t).to_vec(), vec![7.5]);
    /// let s = Tensor::<f32, Rank2<2, 2>>::ones().mse_loss(&t, Sum);
    /// assert_eq!(s.to_vec(), vec![4.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn mse_loss<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<T, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as LossShape<R>>::Output>>
    where
        S: LossShape<R>,
    {
        typed_loss::<Mse, T, S, R, _, M>(self, target, 0.0, S::unify)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DType, Error};

    #[test]
    fn mse_values_reductions_and_errors() {
        let p = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
        let t = DynTensor::from_vec(vec![0.0f64, 2.0, 5.0, 1.0], &[2, 2]).unwrap();
        let none = mse_loss(&p, &t, Reduction::None).unwrap();
        assert_eq!(none.shape(), &[2, 2]);
        assert_eq!(none.to_vec::<f64>().unwrap(), vec![1.0, 0.0, 4.0, 9.0]);
        assert_eq!(
            mse_loss(&p, &t, Reduction::Sum)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            14.0
        );
        assert_eq!(
            mse_loss(&p, &t, Reduction::Mean)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            3.5
        );
        // A transposed prediction is compared element by element in its logical order.
        let pt = p.t().unwrap();
        let want = [1.0, 1.0, 9.0, 9.0];
        assert_eq!(
            mse_loss(&pt, &t, Reduction::None)
                .unwrap()
                .to_vec::<f64>()
                .unwrap(),
            want
        );
        let e = mse_loss(
            &p,
            &DynTensor::zeros(&[4], DType::Float64).unwrap(),
            Reduction::Mean,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "mse_loss: shapes [2, 2] and [4] do not match (prediction and target must have the same shape)"
        );
        let i = DynTensor::zeros(&[2, 2], DType::Int64).unwrap();
        assert!(matches!(
            mse_loss(&i, &i, Reduction::Mean),
            Err(Error::DType { .. })
        ));
    }

    #[test]
    fn typed_mse_loss_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank2};
        // A runtime batch dim against a static one; the static side wins in the type.
        let p =
            Tensor::<f64, (usize, Const<2>)>::from_vec_with(vec![1.0, 2.0, 3.0, 4.0], (2, Const))
                .unwrap();
        let t = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![0.0, 2.0, 5.0, 1.0]).unwrap();
        let (dp, dt) = (p.to_dyn(), t.to_dyn());
        let none: Tensor<f64, Rank2<2, 2>> = p.mse_loss(&t, Unreduced);
        same(&none, mse_loss(&dp, &dt, Reduction::None));
        let mean: Tensor<f64, ()> = p.mse_loss(&t, Mean);
        same(&mean, mse_loss(&dp, &dt, Reduction::Mean));
        let sum: Tensor<f64, ()> = p.mse_loss(&t, Sum);
        same(&sum, mse_loss(&dp, &dt, Reduction::Sum));
        let n = none.to_vec();
        assert!((sum.to_vec()[0] - n.iter().sum::<f64>()).abs() < 1e-12);
        assert!((mean.to_vec()[0] - n.iter().sum::<f64>() / 4.0).abs() < 1e-12);
        // A transposed (non-contiguous) prediction, read in logical order.
        let pt = Tensor::<f64, (usize, usize)>::try_from(dp.t().unwrap()).unwrap();
        let tt = Tensor::<f64, (usize, usize)>::try_from(dt.t().unwrap()).unwrap();
        same(
            &pt.mse_loss(&tt, Unreduced),
            mse_loss(&dp.t().unwrap(), &dt.t().unwrap(), Reduction::None),
        );
        // An empty batch: no elements, a sum of 0 and a NaN mean (as PyTorch).
        let e = Tensor::<f64, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        assert_eq!(e.mse_loss(&e, Sum).to_vec(), vec![0.0]);
        assert!(e.mse_loss(&e, Mean).to_vec()[0].is_nan());
    }

    #[test]
    #[should_panic(
        expected = "mse_loss: shapes [3, 2] and [2, 2] do not match (prediction and target must have the same shape)"
    )]
    fn typed_mse_loss_panics_on_runtime_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let p = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        let t = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const)).unwrap();
        let _ = p.mse_loss(&t, crate::loss::Mean);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{CASES, gradcheck_loss};
    use super::mse_loss;

    #[test]
    fn mse_loss_gradcheck_both_inputs_every_reduction() {
        gradcheck_loss(mse_loss, CASES);
    }

    #[test]
    fn typed_mse_backward_reaches_prediction_and_target() {
        use crate::Tensor;
        use crate::loss::Sum;
        use crate::shape::Rank1;
        let p = Tensor::<f32, Rank1<3>>::from_vec(vec![1.0, 2.0, 3.0])
            .unwrap()
            .requires_grad_(true);
        let t = Tensor::<f32, Rank1<3>>::from_vec(vec![1.5, 0.0, 3.0])
            .unwrap()
            .requires_grad_(true);
        p.mse_loss(&t, Sum).backward().unwrap();
        // d/dp = 2 (p - t), d/dt = -2 (p - t).
        assert_eq!(p.grad().unwrap().to_vec(), vec![-1.0, 4.0, 0.0]);
        assert_eq!(t.grad().unwrap().to_vec(), vec![1.0, -4.0, 0.0]);
    }
}
