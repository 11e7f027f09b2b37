//! Chains of views against a naive index model, and elementwise ops on views against the
//! same ops on their contiguous copies. Public API only.

use proptest::prelude::*;
use rusttorch::{DType, DynTensor, Error, Gelu};

/// A view as the naive model sees it: its dims, and for each of its elements in row-major
/// order the flat index of that element in the original contiguous tensor.
#[derive(Clone, Debug)]
struct Model {
    dims: Vec<usize>,
    idx: Vec<usize>,
}

fn unravel(mut flat: usize, dims: &[usize]) -> Vec<usize> {
    let mut mi = vec![0; dims.len()];
    for d in (0..dims.len()).rev() {
        mi[d] = flat % dims[d];
        flat /= dims[d];
    }
    mi
}

fn ravel(mi: &[usize], dims: &[usize]) -> usize {
    mi.iter().zip(dims).fold(0, |acc, (&i, &d)| acc * d + i)
}

impl Model {
    fn new(dims: &[usize]) -> Model {
        Model {
            dims: dims.to_vec(),
            idx: (0..dims.iter().product()).collect(),
        }
    }

    /// The model of a view with `dims`, whose element at multi-index `mi` is this model's
    /// element at `to_in(mi)`.
    fn remap(&self, dims: Vec<usize>, to_in: impl Fn(&[usize]) -> Vec<usize>) -> Model {
        let n: usize = dims.iter().product();
        let idx = (0..n)
            .map(|f| self.idx[ravel(&to_in(&unravel(f, &dims)), &self.dims)])
            .collect();
        Model { dims, idx }
    }
}

/// Applies one randomly parameterized view op to both the tensor and the model. Ops that
/// do not apply to the current shape fall back to `unsqueeze`.
fn apply(t: &DynTensor, m: &Model, (kind, a, b, c): RawOp) -> (DynTensor, Model) {
    let nd = m.dims.len();
    let (a, b, c) = (a as usize, b as usize, c as usize);
    // A dim index in 0..n, passed negative half of the time.
    let signed = |d: usize, n: usize, bit: usize| {
        if bit % 2 == 1 {
            d as isize - n as isize
        } else {
            d as isize
        }
    };
    match kind {
        0 if nd > 0 => {
            let (d0, d1) = (a % nd, b % nd);
            let v = t
                .transpose(signed(d0, nd, c), signed(d1, nd, c >> 1))
                .unwrap();
            let mut dims = m.dims.clone();
            dims.swap(d0, d1);
            let mm = m.remap(dims, |mi| {
                let mut x = mi.to_vec();
                x.swap(d0, d1);
                x
            });
            (v, mm)
        }
        1 if nd > 0 => {
            let mut perm: Vec<usize> = (0..nd).collect();
            let mut s = a;
            for i in (1..nd).rev() {
                perm.swap(i, s % (i + 1));
                s = s / (i + 1) + b;
            }
            let arg: Vec<isize> = perm
                .iter()
                .enumerate()
                .map(|(i, &p)| signed(p, nd, c >> i))
                .collect();
            let v = t.permute(&arg).unwrap();
            let dims = perm.iter().map(|&p| m.dims[p]).collect();
            let mm = m.remap(dims, |mi| {
                let mut x = vec![0; nd];
                for (i, &p) in perm.iter().enumerate() {
                    x[p] = mi[i];
                }
                x
            });
            (v, mm)
        }
        2 if nd > 0 => {
            let d = a % nd;
            let size = m.dims[d];
            let start = b % (size + 1);
            let len = c % (size - start + 1);
            let s_arg = if (c >> 8) % 2 == 1 && start > 0 {
                start as isize - size as isize
            } else {
                start as isize
            };
            let v = t.narrow(signed(d, nd, a >> 8), s_arg, len).unwrap();
            let mut dims = m.dims.clone();
            dims[d] = len;
            let mm = m.remap(dims, |mi| {
                let mut x = mi.to_vec();
                x[d] += start;
                x
            });
            (v, mm)
        }
        3 if nd > 0 => {
            let d = a % nd;
            let size = m.dims[d] as isize;
            let bound = |r: usize| -> Option<isize> {
                (!r.is_multiple_of(4)).then(|| (r / 4) as isize % (2 * size + 5) - (size + 2))
            };
            let (start, end, step) = (bound(b), bound(c), 1 + (a / 16) % 3);
            let v = t.slice(signed(d, nd, a >> 8), start, end, step).unwrap();
            // Python: a negative bound counts from the end; then both are clamped to 0..=size.
            let norm = |i: isize| (if i < 0 { i + size } else { i }).clamp(0, size) as usize;
            let s = start.map_or(0, norm);
            let e = end.map_or(size as usize, norm);
            let picked: Vec<usize> = (s..e).step_by(step).collect();
            let mut dims = m.dims.clone();
            dims[d] = picked.len();
            let mm = m.remap(dims, |mi| {
                let mut x = mi.to_vec();
                x[d] = picked[mi[d]];
                x
            });
            (v, mm)
        }
        4 if nd > 0 && m.dims[a % nd] > 0 => {
            let d = a % nd;
            let size = m.dims[d];
            let i = b % size;
            let v = t.select(signed(d, nd, a >> 8), signed(i, size, c)).unwrap();
            let mut dims = m.dims.clone();
            dims.remove(d);
            let mm = m.remap(dims, |mi| {
                let mut x = mi.to_vec();
                x.insert(d, i);
                x
            });
            (v, mm)
        }
        5 if nd < 6 => {
            // Size-1 dims stretch to 0, 1 or 2; others keep their size (as -1 or given);
            // sometimes a new leading dim of size 0..3.
            let lead = a % 2;
            let mut arg: Vec<isize> = Vec::new();
            let mut dims = Vec::new();
            if lead == 1 {
                arg.push((c % 3) as isize);
                dims.push(c % 3);
            }
            for (k, &s) in m.dims.iter().enumerate() {
                let new = if s == 1 { (b >> (2 * k)) % 3 } else { s };
                dims.push(new);
                arg.push(if new == s && (c >> k) % 2 == 1 {
                    -1
                } else {
                    new as isize
                });
            }
            let v = t.expand(&arg).unwrap();
            let orig = m.dims.clone();
            let mm = m.remap(dims, |mi| {
                mi[lead..]
                    .iter()
                    .zip(&orig)
                    .map(|(&i, &s)| if s == 1 { 0 } else { i })
                    .collect()
            });
            (v, mm)
        }
        7 => {
            let v = t.squeeze().unwrap();
            let keep: Vec<bool> = m.dims.iter().map(|&s| s != 1).collect();
            let dims = m.dims.iter().copied().filter(|&s| s != 1).collect();
            let mm = m.remap(dims, |mi| {
                let mut it = mi.iter();
                keep.iter()
                    .map(|&k| if k { *it.next().unwrap() } else { 0 })
                    .collect()
            });
            (v, mm)
        }
        _ => {
            let d = a % (nd + 1);
            let v = t.unsqueeze(signed(d, nd + 1, b)).unwrap();
            let mut dims = m.dims.clone();
            dims.insert(d, 1);
            let mm = m.remap(dims, |mi| {
                let mut x = mi.to_vec();
                x.remove(d);
                x
            });
            (v, mm)
        }
    }
}

fn same_values(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

type Op = fn(&DynTensor, &DynTensor) -> rusttorch::Result<DynTensor>;

/// The elementwise ops that exist today; each must give the same values on a view as on
/// its contiguous copy.
const BINARY: [(&str, Op); 6] = [
    ("add", DynTensor::add),
    ("mul", DynTensor::mul),
    ("sub", DynTensor::sub),
    ("div", DynTensor::div),
    ("maximum", DynTensor::maximum),
    ("eq", DynTensor::eq),
];

type Unary = fn(&DynTensor) -> rusttorch::Result<DynTensor>;

/// Unary math, activations, reductions and matmul: each must give exactly the same values
/// on a view as on its contiguous copy.
const UNARY: &[(&str, Unary)] = &[
    ("neg", DynTensor::neg),
    ("abs", DynTensor::abs),
    ("sign", DynTensor::sign),
    ("square", DynTensor::square),
    ("exp", DynTensor::exp),
    ("log", DynTensor::log),
    ("log1p", DynTensor::log1p),
    ("expm1", DynTensor::expm1),
    ("sqrt", DynTensor::sqrt),
    ("rsqrt", DynTensor::rsqrt),
    ("sin", DynTensor::sin),
    ("cos", DynTensor::cos),
    ("reciprocal", DynTensor::reciprocal),
    ("floor", DynTensor::floor),
    ("ceil", DynTensor::ceil),
    ("round", DynTensor::round),
    ("clamp", |t| t.clamp(Some(-1.0), Some(2.0))),
    ("relu", DynTensor::relu),
    ("leaky_relu", |t| t.leaky_relu(0.1)),
    ("sigmoid", DynTensor::sigmoid),
    ("tanh", DynTensor::tanh),
    ("gelu", |t| t.gelu(Gelu::None)),
    ("gelu_tanh", |t| t.gelu(Gelu::Tanh)),
    ("elu", |t| t.elu(1.0)),
    ("selu", DynTensor::selu),
    ("silu", DynTensor::silu),
    ("mish", DynTensor::mish),
    ("softplus", |t| t.softplus(1.0, 20.0)),
    ("softsign", DynTensor::softsign),
    ("softmax", |t| t.softmax(-1)),
    ("log_softmax", |t| t.log_softmax(0)),
    ("sum", DynTensor::sum),
    ("mean", DynTensor::mean),
    ("prod", DynTensor::prod),
    ("sum_dim", |t| t.sum_dim(0, false)),
    ("mean_dim", |t| t.mean_dim(-1, true)),
    ("logsumexp", |t| t.logsumexp_dim(-1, false)),
    ("norm", |t| t.norm(2.0)),
    ("var", |t| t.var(1.0)),
    ("matmul_t", |t| {
        let m = t.flatten(0, -1)?;
        m.unsqueeze(1)?.matmul(&m.unsqueeze(0)?)
    }),
];

/// Reductions undefined on an empty range: an error there, on the view and the copy alike.
const NONEMPTY: &[(&str, Unary)] = &[
    ("max", DynTensor::max),
    ("min", DynTensor::min),
    ("argmax", DynTensor::argmax),
    ("max_dim", |t| Ok(t.max_dim(0, false)?.0)),
    ("argmin_dim", |t| t.argmin_dim(-1, false)),
];

/// One view op: its kind and three raw parameters, reduced modulo the current shape.
type RawOp = (u8, u16, u16, u16);

fn tensor_and_ops() -> impl Strategy<Value = (Vec<usize>, Vec<f64>, Vec<RawOp>)> {
    prop::collection::vec(0usize..4, 1..=4).prop_flat_map(|dims| {
        let n: usize = dims.iter().product();
        (
            Just(dims),
            prop::collection::vec(prop_oneof![4 => -10.0..10.0f64, 1 => Just(0.0)], n),
            prop::collection::vec((0u8..8, any::<u16>(), any::<u16>(), any::<u16>()), 1..=3),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn view_chains_match_a_naive_index_model((dims, data, ops) in tensor_and_ops()) {
        let orig = DynTensor::from_vec(data.clone(), &dims).unwrap();
        let (mut v, mut m) = (orig.clone(), Model::new(&dims));
        for &op in &ops {
            (v, m) = apply(&v, &m, op);
        }
        let expected: Vec<f64> = m.idx.iter().map(|&i| data[i]).collect();
        prop_assert_eq!(v.shape(), &m.dims[..]);
        prop_assert!(v.shares_storage(&orig), "a chain of views copies nothing");
        prop_assert_eq!(v.to_vec_f64(), expected.clone());

        let c = v.contiguous().unwrap();
        prop_assert!(c.is_contiguous());
        prop_assert_eq!(c.shares_storage(&orig), v.is_contiguous());
        prop_assert_eq!(c.to_vec_f64(), expected.clone());
        prop_assert_eq!(v.reshape(&[-1]).unwrap().to_vec_f64(), expected.clone());
        prop_assert_eq!(v.flatten(0, -1).unwrap().to_vec_f64(), expected);

        for (name, op) in BINARY {
            let want = op(&c, &c).unwrap();
            for got in [op(&v, &v).unwrap(), op(&v, &c).unwrap(), op(&c, &v).unwrap()] {
                prop_assert_eq!(got.shape(), want.shape());
                prop_assert_eq!(got.dtype(), want.dtype());
                prop_assert!(same_values(&got.to_vec_f64(), &want.to_vec_f64()), "{} on a view", name);
            }
        }
        for (name, op) in UNARY {
            let (got, want) = (op(&v).unwrap(), op(&c).unwrap());
            prop_assert_eq!(got.shape(), want.shape());
            prop_assert!(same_values(&got.to_vec_f64(), &want.to_vec_f64()), "{} on a view", name);
        }
        for (name, op) in NONEMPTY {
            match (op(&v), op(&c)) {
                (Ok(got), Ok(want)) => prop_assert!(
                    same_values(&got.to_vec_f64(), &want.to_vec_f64()),
                    "{} on a view", name
                ),
                (Err(a), Err(b)) => {
                    prop_assert!(c.numel() == 0, "{} failed on non-empty input: {}", name, a);
                    prop_assert_eq!(a.to_string(), b.to_string());
                }
                (got, want) => prop_assert!(false, "{}: view gave {:?}, copy gave {:?}", name, got.is_ok(), want.is_ok()),
            }
        }
    }
}

#[test]
fn out_of_range_view_arguments_are_errors() {
    let a = DynTensor::zeros(&[2, 0, 3], DType::Float64).unwrap();
    assert!(matches!(
        a.select(1, 0),
        Err(Error::IndexOutOfRange { size: 0, .. })
    ));
    assert!(matches!(
        a.transpose(0, 3),
        Err(Error::DimOutOfRange { .. })
    ));
    assert!(matches!(
        a.narrow(2, 1, 3),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        a.slice(0, None, None, 0),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(a.expand(&[2, 0, 4]), Err(Error::Broadcast { .. })));
    assert_eq!(a.view(&[-1, 4]).unwrap().shape(), &[0, 4]);
    assert!(matches!(
        a.view(&[-1, 0]),
        Err(Error::InvalidReshape { .. })
    ));
    let b = DynTensor::from_vec((0..6i64).collect(), &[2, 3]).unwrap();
    let t = rusttorch::transpose(&b).unwrap();
    assert_eq!(t.to_vec::<i64>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
    assert!(t.shares_storage(&b));
}
