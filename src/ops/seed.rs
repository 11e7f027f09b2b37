//! The original RustTorch report's names, kept so its programs keep working.
//!
//! Every op in rusttorch broadcasts and runs on the vectorized kernels, so the seed's
//! `_broadcast` and `_simd` variants are the same functions under their old names.

use crate::dtype::Scalar;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

impl DynTensor {
    /// The seed's name for [`DynTensor::add`] (which always broadcasts).
    pub fn add_broadcast(&self, other: &DynTensor) -> Result<DynTensor> {
        self.add(other)
    }

    /// The seed's name for [`DynTensor::sub`].
    pub fn sub_broadcast(&self, other: &DynTensor) -> Result<DynTensor> {
        self.sub(other)
    }

    /// The seed's name for [`DynTensor::mul`].
    pub fn mul_broadcast(&self, other: &DynTensor) -> Result<DynTensor> {
        self.mul(other)
    }

    /// The seed's name for [`DynTensor::div`].
    pub fn div_broadcast(&self, other: &DynTensor) -> Result<DynTensor> {
        self.div(other)
    }

    /// The seed's name for [`DynTensor::add`] on its SIMD kernel (every kernel is one).
    pub fn add_simd(&self, other: &DynTensor) -> Result<DynTensor> {
        self.add(other)
    }

    /// The seed's name for [`DynTensor::mul`] on its SIMD kernel.
    pub fn mul_simd(&self, other: &DynTensor) -> Result<DynTensor> {
        self.mul(other)
    }

    /// The seed's name for [`DynTensor::mul_scalar`] on its SIMD kernel.
    pub fn mul_scalar_simd(&self, other: impl Into<Scalar>) -> Result<DynTensor> {
        self.mul_scalar(other)
    }
}

#[cfg(test)]
mod tests {
    use crate::DynTensor;

    #[test]
    fn seed_names_compute_the_same_values() {
        let a = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
        let r = DynTensor::from_vec(vec![10.0f32, 20.0], &[2]).unwrap();
        let v = |t: DynTensor| t.to_vec::<f32>().unwrap();
        assert_eq!(
            v(a.add_broadcast(&r).unwrap()),
            vec![11.0, 22.0, 13.0, 24.0]
        );
        assert_eq!(
            v(a.sub_broadcast(&r).unwrap()),
            vec![-9.0, -18.0, -7.0, -16.0]
        );
        assert_eq!(
            v(a.mul_broadcast(&r).unwrap()),
            vec![10.0, 40.0, 30.0, 80.0]
        );
        assert_eq!(v(a.div_broadcast(&r).unwrap()), vec![0.1, 0.1, 0.3, 0.2]);
        assert_eq!(v(a.add_simd(&a).unwrap()), vec![2.0, 4.0, 6.0, 8.0]);
        assert_eq!(v(a.mul_simd(&a).unwrap()), vec![1.0, 4.0, 9.0, 16.0]);
        assert_eq!(v(a.mul_scalar_simd(0.5).unwrap()), vec![0.5, 1.0, 1.5, 2.0]);
    }
}
