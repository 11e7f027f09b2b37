//! Summing a broadcast gradient back to an input's shape.

use crate::dyn_tensor::DynTensor;
use crate::error::Result;

/// Sums `grad` down to `dims`, the shape of an input that was broadcast to `grad`'s shape:
/// the leading dims broadcasting added are summed away, and dims that were stretched from
/// size 1 are summed with `keepdim`. The gradient rule of every broadcasting op.
///
/// # Errors
/// Only an allocation failure; `dims` must broadcast to `grad`'s shape.
pub fn reduce_to(grad: &DynTensor, dims: &[usize]) -> Result<DynTensor> {
    if grad.shape() == dims {
        return Ok(grad.clone());
    }
    let lead = grad.ndim() - dims.len();
    let mut g = grad.clone();
    for _ in 0..lead {
        g = g.sum_dim(0, false)?;
    }
    for (i, &d) in dims.iter().enumerate() {
        if d == 1 && g.shape()[i] != 1 {
            g = g.sum_dim(i as isize, true)?;
        }
    }
    debug_assert_eq!(g.shape(), dims);
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_leading_and_stretched_dims() {
        let g = DynTensor::from_vec((1..=12).map(|v| v as f64).collect(), &[2, 2, 3]).unwrap();
        assert_eq!(
            reduce_to(&g, &[2, 2, 3]).unwrap().to_vec::<f64>().unwrap(),
            g.to_vec::<f64>().unwrap()
        );
        // (3,): sum over the first two dims.
        assert_eq!(
            reduce_to(&g, &[3]).unwrap().to_vec::<f64>().unwrap(),
            vec![22.0, 26.0, 30.0]
        );
        // (2, 1): sum the leading dim away, and the last with keepdim.
        let r = reduce_to(&g, &[2, 1]).unwrap();
        assert_eq!(r.shape(), &[2, 1]);
        assert_eq!(
            r.to_vec::<f64>().unwrap(),
            vec![
                1.0 + 2.0 + 3.0 + 7.0 + 8.0 + 9.0,
                4.0 + 5.0 + 6.0 + 10.0 + 11.0 + 12.0
            ]
        );
        // (): everything.
        assert_eq!(
            reduce_to(&g, &[]).unwrap().to_vec::<f64>().unwrap(),
            vec![78.0]
        );
    }
}
