//! Gradient checks over random shapes and values, one property per op family: every
//! differentiable op against central differences in `f64`, with broadcast operands and
//! non-contiguous inputs (each input may be stored transposed and viewed back inside the
//! checked function). The per-op tests next to each op pin the edge cases; these catch a
//! backward that is only right for the shapes someone thought of.

use proptest::prelude::*;

use super::gradcheck;
use crate::error::Result;
use crate::loss::{
    Reduction, binary_cross_entropy_with_logits, cross_entropy, l1_loss, mse_loss, smooth_l1_loss,
};
use crate::ops::activation::Gelu;
use crate::{DynTensor, Generator};

const EPS: f64 = 1e-6;
const ATOL: f64 = 1e-6;
const RTOL: f64 = 1e-4;

/// An input as stored: its logical shape, and whether it is kept transposed in memory (the
/// checked function then sees a non-contiguous view).
#[derive(Clone, Debug)]
struct Input {
    shape: Vec<usize>,
    values: Vec<f64>,
    transposed: bool,
}

impl Input {
    /// The leaf handed to `gradcheck`: the values in memory order.
    fn leaf(&self) -> DynTensor {
        let x = DynTensor::from_vec(self.values.clone(), &self.shape).expect("sizes agree");
        if self.transposed {
            x.t()
                .and_then(|t| t.contiguous())
                .expect("any rank transposes")
        } else {
            x
        }
    }

    /// The logical tensor inside the checked function: a view of the leaf.
    fn view(&self, leaf: &DynTensor) -> Result<DynTensor> {
        if self.transposed {
            leaf.t()
        } else {
            Ok(leaf.clone())
        }
    }
}

/// Values in `±[lo, hi]` (away from 0, where `abs`, `relu` and the losses have kinks), with
/// a random sign, or only positive.
fn values(n: usize, lo: f64, hi: f64, positive: bool) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((lo..hi, any::<bool>()), n).prop_map(move |v| {
        v.into_iter()
            .map(|(x, neg)| if neg && !positive { -x } else { x })
            .collect()
    })
}

fn input(shape: Vec<usize>, positive: bool) -> impl Strategy<Value = Input> {
    let n = shape.iter().product();
    (values(n, 0.1, 2.0, positive), any::<bool>()).prop_map(move |(values, transposed)| Input {
        shape: shape.clone(),
        values,
        transposed,
    })
}

/// A shape of rank 1 to 3 with dims 1 to 4.
fn shape() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..5, 1..4)
}

/// `a`'s shape with some dims set to 1 and maybe the leading dim dropped: broadcastable to
/// `a`'s shape.
fn broadcast_of(a: Vec<usize>) -> impl Strategy<Value = Vec<usize>> {
    (prop::collection::vec(any::<bool>(), a.len()), any::<bool>()).prop_map(move |(ones, drop)| {
        let b: Vec<usize> = a
            .iter()
            .zip(&ones)
            .map(|(&d, &one)| if one { 1 } else { d })
            .collect();
        if drop && b.len() > 1 {
            b[1..].to_vec()
        } else {
            b
        }
    })
}

/// Runs `gradcheck` on `f` of the logical views of `inputs`.
fn check(inputs: &[Input], f: impl Fn(&[DynTensor]) -> Result<DynTensor>) -> Result<()> {
    let leaves: Vec<DynTensor> = inputs.iter().map(Input::leaf).collect();
    gradcheck(
        |v| {
            let views = inputs
                .iter()
                .zip(v)
                .map(|(i, l)| i.view(l))
                .collect::<Result<Vec<_>>>()?;
            f(&views)
        },
        &leaves,
        EPS,
        ATOL,
        RTOL,
    )
}

/// One of several single-input functions, picked at random.
type UnaryFn = Box<dyn Fn(&DynTensor) -> Result<DynTensor>>;

fn unit(f: impl Fn(&DynTensor) -> Result<DynTensor>) -> impl Fn(&[DynTensor]) -> Result<DynTensor> {
    move |v| f(&v[0])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn binary_ops_with_broadcasting(
        (a, b, op) in shape()
            .prop_flat_map(|s| (input(s.clone(), false), broadcast_of(s.clone()), 0usize..7))
            .prop_flat_map(|(a, bs, op)| (Just(a), input(bs, false), Just(op)))
    ) {
        // The second operand broadcasts; `pow` gets a positive base.
        let r = match op {
            0 => check(&[a, b], |v| v[0].add(&v[1])),
            1 => check(&[a, b], |v| v[1].sub(&v[0])),
            2 => check(&[a, b], |v| v[0].mul(&v[1])),
            3 => check(&[a, b], |v| v[0].div(&v[1])),
            4 => check(&[a, b], |v| v[0].abs()?.pow(&v[1])),
            5 => check(&[a, b], |v| v[0].maximum(&v[1])),
            _ => check(&[a, b], |v| v[1].minimum(&v[0])),
        };
        prop_assert!(r.is_ok(), "{r:?}");
    }

    #[test]
    fn unary_ops_and_activations((x, op) in shape().prop_flat_map(|s| (input(s, false), 0usize..18))) {
        let f: UnaryFn = match op {
            0 => Box::new(|x| x.exp()),
            1 => Box::new(|x| x.abs()?.log()),
            2 => Box::new(|x| x.abs()?.sqrt()),
            3 => Box::new(|x| x.sin()),
            4 => Box::new(|x| x.abs()),
            5 => Box::new(|x| x.tanh()),
            6 => Box::new(|x| x.sigmoid()),
            7 => Box::new(|x| x.relu()),
            8 => Box::new(|x| x.gelu(Gelu::None)),
            9 => Box::new(|x| x.gelu(Gelu::Tanh)),
            10 => Box::new(|x| x.silu()),
            11 => Box::new(|x| x.mish()),
            12 => Box::new(|x| x.softplus(1.0, 20.0)),
            13 => Box::new(|x| x.softsign()),
            14 => Box::new(|x| x.elu(1.0)),
            15 => Box::new(|x| x.selu()),
            16 => Box::new(|x| x.leaky_relu(0.01)),
            _ => Box::new(|x| x.square()?.neg()),
        };
        let r = check(&[x], unit(f));
        prop_assert!(r.is_ok(), "op {op}: {r:?}");
    }

    #[test]
    fn reductions_and_softmax_along_a_dim(
        (x, dim, keepdim, op) in shape().prop_flat_map(|s| {
            let rank = s.len() as isize;
            (input(s, false), -rank..rank, any::<bool>(), 0usize..11)
        })
    ) {
        let f: UnaryFn = match op {
            0 => Box::new(move |x| x.sum_dim(dim, keepdim)),
            1 => Box::new(move |x| x.mean_dim(dim, keepdim)),
            2 => Box::new(move |x| x.prod_dim(dim, keepdim)),
            3 => Box::new(move |x| x.amax(dim, keepdim)),
            4 => Box::new(move |x| Ok(x.max_dim(dim, keepdim)?.0)),
            5 => Box::new(move |x| x.var_dim(dim, 0.0, keepdim)),
            6 => Box::new(move |x| x.std_dim(dim, 0.0, keepdim)),
            7 => Box::new(move |x| x.logsumexp_dim(dim, keepdim)),
            8 => Box::new(move |x| x.norm_dim(2.0, dim, keepdim)),
            9 => Box::new(move |x| x.softmax(dim)),
            _ => Box::new(move |x| x.log_softmax(dim)),
        };
        let r = check(&[x], unit(f));
        prop_assert!(r.is_ok(), "op {op} dim {dim} keepdim {keepdim}: {r:?}");
    }

    #[test]
    fn matmul_in_every_form(
        (a, b) in (1usize..4, 1usize..4, 1usize..4, 0usize..3, 1usize..3, 0usize..5)
            .prop_flat_map(|(m, k, n, batch_rank, batch, form)| {
                let batch_dims = vec![batch; batch_rank];
                let (sa, sb) = match form {
                    0 => (vec![k], vec![k]),
                    1 => (vec![k], [batch_dims.as_slice(), &[k, n]].concat()),
                    2 => ([batch_dims.as_slice(), &[m, k]].concat(), vec![k]),
                    // The left batch dims broadcast against a single right matrix.
                    3 => ([batch_dims.as_slice(), &[m, k]].concat(), vec![k, n]),
                    _ => ([&[1], batch_dims.as_slice(), &[m, k]].concat(),
                          [batch_dims.as_slice(), &[k, n]].concat()),
                };
                (input(sa, false), input(sb, false))
            })
    ) {
        let r = check(&[a.clone(), b.clone()], |v| v[0].matmul(&v[1]));
        prop_assert!(r.is_ok(), "{:?} @ {:?}: {r:?}", a.shape, b.shape);
    }

    #[test]
    fn views_and_concatenation(
        (x, y, op, d) in shape().prop_flat_map(|s| {
            let rank = s.len();
            (input(s.clone(), false), input(s, false), 0usize..8, 0..rank)
        })
    ) {
        let dim = d as isize;
        let size = x.shape[d];
        let r = match op {
            0 => check(&[x], unit(move |x| x.transpose(0, dim)?.mul(&x.transpose(0, dim)?.exp()?))),
            1 => check(&[x], unit(|x| x.reshape(&[-1])?.exp()?.reshape(&[1, -1]))),
            2 => check(&[x], unit(move |x| x.narrow(dim, (size / 2) as isize, size - size / 2)?.exp())),
            3 => check(&[x], unit(move |x| x.select(dim, (size - 1) as isize)?.tanh())),
            4 => check(&[x], unit(move |x| x.unsqueeze(dim)?.squeeze_dim(dim)?.sin())),
            // A size-1 dim and a new leading dim broadcast, then summed back.
            5 => check(&[x], unit(move |x| {
                let mut to: Vec<isize> = x.shape().iter().map(|&d| d as isize).collect();
                to.insert(0, 2);
                x.narrow(dim, 0, 1)?.expand(&to)?.exp()
            })),
            6 => check(&[x, y], move |v| DynTensor::cat(&[v[0].clone(), v[1].exp()?], dim)),
            _ => check(&[x, y], move |v| DynTensor::stack(&[v[0].exp()?, v[1].clone()], dim)),
        };
        prop_assert!(r.is_ok(), "op {op} dim {dim}: {r:?}");
    }

    #[test]
    fn losses_against_their_targets(
        (pred, target, op) in (1usize..5, 1usize..5).prop_flat_map(|(n, c)| {
            (input(vec![n, c], false), input(vec![n, c], false), 0usize..6)
        })
    ) {
        let r = match op {
            0 => check(&[pred, target], |v| mse_loss(&v[0], &v[1], Reduction::Mean)),
            // |pred - target| away from 0: the target is pred shifted by 0.5.
            1 => {
                let shifted: Vec<f64> = pred.values.iter().map(|p| p + 0.5).collect();
                let t = DynTensor::from_vec(shifted, &pred.shape).expect("sizes agree");
                check(&[pred], move |v| l1_loss(&v[0], &t, Reduction::Sum))
            }
            2 => check(&[pred, target], |v| smooth_l1_loss(&v[0], &v[1], Reduction::Mean, 10.0)),
            3 => check(&[pred, target], |v| {
                binary_cross_entropy_with_logits(&v[0], &v[1].sigmoid()?, Reduction::Mean)
            }),
            4 => {
                let (n, c) = (pred.shape[0], pred.shape[1]);
                let mut g = Generator::new(n as u64 * 31 + c as u64);
                let classes: Vec<i64> = (0..n).map(|_| g.below(c) as i64).collect();
                let classes = DynTensor::from_vec(classes, &[n]).expect("n labels");
                check(&[pred], move |v| cross_entropy(&v[0], &classes, Reduction::Mean))
            }
            _ => check(&[pred, target], |v| {
                cross_entropy(&v[0], &v[1].softmax(1)?, Reduction::Sum)
            }),
        };
        prop_assert!(r.is_ok(), "op {op}: {r:?}");
    }
}
