//! Reductions and the row ops (softmax, log_softmax, cross entropy) give bit-identical
//! results on 1 and 2 threads (the kernels split work into fixed chunks merged in a fixed
//! order, and a row's result does not depend on which block of rows it lands in, whatever
//! the pool size), and matmul is right in each of its threading modes.

use rusttorch::loss::{Reduction, cross_entropy};
use rusttorch::{DType, DynTensor, Generator, Result};

/// Runs `f` on a rayon pool of `threads` threads.
fn on_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool builds")
        .install(f)
}

/// Every reduction and row op under test, over all elements and along dims 0 and 1, as the
/// bit patterns of the results (`f32` widened exactly to `f64`; indices as integers).
fn reductions(x: &DynTensor) -> Result<Vec<(String, Vec<u64>)>> {
    let bits = |t: DynTensor| t.to_vec_f64().into_iter().map(f64::to_bits).collect();
    let mut out = vec![
        ("sum".into(), bits(x.sum()?)),
        ("mean".into(), bits(x.mean()?)),
        ("max".into(), bits(x.max()?)),
        ("argmax".into(), bits(x.argmax()?)),
        ("var".into(), bits(x.var(1.0)?)),
        ("norm2".into(), bits(x.norm(2.0)?)),
        ("norm3".into(), bits(x.norm(3.0)?)),
        ("logsumexp".into(), bits(x.logsumexp()?)),
        // Rows pipelined within a block (each row's max taken in the previous row's pass),
        // so a row that starts a block on 2 threads but not on 1 would show here.
        (
            "cross_entropy".into(),
            bits(cross_entropy(
                x,
                &x.argmin_dim(-1, false)?,
                Reduction::None,
            )?),
        ),
    ];
    for dim in [0, 1, -1] {
        let (values, indices) = x.max_dim(dim, false)?;
        out.extend([
            (format!("sum_dim {dim}"), bits(x.sum_dim(dim, false)?)),
            (format!("mean_dim {dim}"), bits(x.mean_dim(dim, true)?)),
            (format!("max_dim values {dim}"), bits(values)),
            (format!("max_dim indices {dim}"), bits(indices)),
            (format!("argmax_dim {dim}"), bits(x.argmax_dim(dim, false)?)),
            (format!("var_dim {dim}"), bits(x.var_dim(dim, 1.0, false)?)),
            (
                format!("norm_dim {dim}"),
                bits(x.norm_dim(2.0, dim, false)?),
            ),
            (
                format!("logsumexp_dim {dim}"),
                bits(x.logsumexp_dim(dim, false)?),
            ),
            (format!("softmax {dim}"), bits(x.softmax(dim)?)),
            (format!("log_softmax {dim}"), bits(x.log_softmax(dim)?)),
        ]);
    }
    Ok(out)
}

fn check_same_on_one_and_two_threads(x: &DynTensor) -> Result<()> {
    let one = on_threads(1, || reductions(x))?;
    let two = on_threads(2, || reductions(x))?;
    assert_eq!(one.len(), two.len());
    for ((name, a), (_, b)) in one.iter().zip(&two) {
        assert_eq!(
            a,
            b,
            "{name} differs between 1 and 2 threads for shape {:?}",
            x.shape()
        );
    }
    Ok(())
}

#[test]
fn reductions_are_bit_identical_on_one_and_two_threads() -> Result<()> {
    let mut g = Generator::new(42);
    // Each above the kernels' parallel threshold (`kernel::PAR_MIN_WORK` elements).
    for shape in [[3, 300_007], [300_007, 3], [1031, 1031]] {
        // Centered values, so sums cancel and any change of order would show in the bits.
        let x = DynTensor::rand_with(&shape, DType::Float32, &mut g)?.sub_scalar(0.5)?;
        check_same_on_one_and_two_threads(&x)?;
    }
    let x = DynTensor::randn_with(&[2, 300_001], DType::Float64, &mut g)?;
    check_same_on_one_and_two_threads(&x)
}

/// `(b, m, k, n)` batched products of small-integer multiples of 1/4 (exact in `f32`),
/// against the exact sums.
fn check_matmul_on(threads: usize, (b, m, k, n): (usize, usize, usize, usize)) -> Result<()> {
    let value = |i: usize, salt: usize| ((i * 7 + salt) % 9) as f32 * 0.25 - 1.0;
    let lhs: Vec<f32> = (0..b * m * k).map(|i| value(i, 1)).collect();
    let rhs: Vec<f32> = (0..b * k * n).map(|i| value(i, 4)).collect();
    let a = DynTensor::from_vec(lhs.clone(), &[b, m, k])?;
    let w = DynTensor::from_vec(rhs.clone(), &[b, k, n])?;
    let got = on_threads(threads, || a.matmul(&w))?.to_vec::<f32>()?;
    for bi in 0..b {
        for i in 0..m {
            for j in 0..n {
                let want: f32 = (0..k)
                    .map(|p| lhs[(bi * m + i) * k + p] * rhs[(bi * k + p) * n + j])
                    .sum();
                let at = (bi * m + i) * n + j;
                assert_eq!(got[at], want, "{threads} threads, {b}x{m}x{k}x{n} at {at}");
            }
        }
    }
    Ok(())
}

#[test]
fn matmul_is_exact_on_one_and_two_threads_in_every_threading_mode() -> Result<()> {
    // One product threaded inside the kernel, a batch spread one matrix per task, and
    // products small enough to stay on the calling thread.
    for shape in [(1, 170, 130, 150), (6, 130, 128, 131), (5, 20, 30, 10)] {
        check_matmul_on(1, shape)?;
        check_matmul_on(2, shape)?;
    }
    Ok(())
}
