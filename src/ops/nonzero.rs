//! `nonzero`: the indices of the non-zero elements (`torch.nonzero`).

use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;

impl DynTensor {
    /// Returns the indices of the non-zero (for `bool`, `true`; NaN counts as non-zero)
    /// elements as an `int64` tensor of shape `[n, ndim]`, one row per element in row-major
    /// order (`torch.nonzero`). A 0-d tensor gives shape `[n, 0]`. Not differentiable.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let m = DynTensor::from_vec(vec![true, false, false, true], &[2, 2])?;
    /// let nz = m.nonzero()?;
    /// assert_eq!(nz.shape(), &[2, 2]);
    /// assert_eq!(nz.to_vec::<i64>()?, vec![0, 0, 1, 1]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Alloc`] if the result cannot be allocated.
    pub fn nonzero(&self) -> Result<DynTensor> {
        let flags: Vec<bool> =
            with_any!(self, t => t.to_vec().into_iter().map(Element::to_bool).collect());
        let shape = self.shape();
        let mut out = Vec::new();
        let mut count = 0;
        for (flat, _) in flags.iter().enumerate().filter(|(_, f)| **f) {
            count += 1;
            let mut rest = flat;
            let start = out.len();
            for &d in shape.iter().rev() {
                out.push((rest % d) as i64);
                rest /= d;
            }
            out[start..].reverse();
        }
        DynTensor::from_vec(out, &[count, shape.len()])
    }
}

#[cfg(test)]
mod tests {
    use crate::DynTensor;

    #[test]
    fn lists_non_zero_positions_in_row_major_order() {
        let a = DynTensor::from_vec(vec![0.0f32, f32::NAN, 2.0, 0.0, -0.0, 1.0], &[2, 3]).unwrap();
        let nz = a.t().unwrap().nonzero().unwrap(); // a.T = [[0, 0], [nan, -0], [2, 1]]
        assert_eq!(nz.shape(), &[3, 2]);
        assert_eq!(nz.to_vec::<i64>().unwrap(), vec![1, 0, 2, 0, 2, 1]);
        let none = DynTensor::from_vec(vec![0i32; 4], &[4])
            .unwrap()
            .nonzero()
            .unwrap();
        assert_eq!(none.shape(), &[0, 1]);
        let s = DynTensor::scalar(true).nonzero().unwrap();
        assert_eq!(s.shape(), &[1, 0]);
        let e = DynTensor::from_vec(Vec::<bool>::new(), &[0, 3])
            .unwrap()
            .nonzero()
            .unwrap();
        assert_eq!(e.shape(), &[0, 2]);
    }
}
