//! Elementwise binary ops with NumPy broadcasting against a naive f64 reference, and the
//! in-place forms' buffer semantics. Public API only.

use proptest::prelude::*;
use rusttorch::{DType, DynTensor, Error, broadcast_shape};

type Op = fn(&DynTensor, &DynTensor) -> rusttorch::Result<DynTensor>;

/// The f64 value an op should give for two elements.
type Reference = fn(f64, f64) -> f64;

/// Each op with its f64 reference.
const OPS: &[(&str, Op, Reference)] = &[
    ("add", DynTensor::add, |a, b| a + b),
    ("sub", DynTensor::sub, |a, b| a - b),
    ("mul", DynTensor::mul, |a, b| a * b),
    ("div", DynTensor::div, |a, b| a / b),
    ("pow", DynTensor::pow, f64::powf),
    ("maximum", DynTensor::maximum, f64::max),
    ("minimum", DynTensor::minimum, f64::min),
    ("lt", DynTensor::lt, |a, b| (a < b) as u8 as f64),
    ("ge", DynTensor::ge, |a, b| (a >= b) as u8 as f64),
    ("eq", DynTensor::eq, |a, b| (a == b) as u8 as f64),
];

/// The value of `data` (shape `dims`) at output index `out` of shape `out_dims`, reading
/// stretched dims at index 0 as NumPy broadcasting does.
fn at(data: &[f64], dims: &[usize], out: &[usize]) -> f64 {
    let lead = out.len() - dims.len();
    let mut flat = 0;
    for (i, &d) in dims.iter().enumerate() {
        let idx = if d == 1 { 0 } else { out[lead + i] };
        flat = flat * d + idx;
    }
    data[flat]
}

fn unravel(mut flat: usize, dims: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; dims.len()];
    for d in (0..dims.len()).rev() {
        idx[d] = flat % dims[d];
        flat /= dims[d];
    }
    idx
}

/// Two shapes that broadcast: a common shape, with each side dropping leading dims and
/// turning some dims into 1.
fn broadcastable() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    prop::collection::vec(0usize..4, 0..=4).prop_flat_map(|out| {
        let n = out.len();
        (
            Just(out),
            0..=n,
            0..=n,
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(any::<bool>(), n),
        )
            .prop_map(move |(out, ka, kb, ma, mb)| {
                let side = |k: usize, m: &[bool]| -> Vec<usize> {
                    (n - k..n).map(|i| if m[i] { 1 } else { out[i] }).collect()
                };
                (side(ka, &ma), side(kb, &mb))
            })
    })
}

fn values(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![4 => -4.0..4.0f64, 1 => (-3i32..4).prop_map(f64::from)],
        n,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn binary_ops_broadcast_like_numpy(
        ((da, db), va, vb) in broadcastable().prop_flat_map(|(da, db)| {
            let (na, nb) = (da.iter().product(), db.iter().product());
            (Just((da, db)), values(na), values(nb))
        }),
        float64 in any::<bool>(),
    ) {
        let dtype = if float64 { DType::Float64 } else { DType::Float32 };
        let a = DynTensor::from_vec(va.clone(), &da).unwrap().to_dtype(dtype).unwrap();
        let b = DynTensor::from_vec(vb.clone(), &db).unwrap().to_dtype(dtype).unwrap();
        // The reference reads the inputs as stored (rounded to f32 when float32).
        let (va, vb) = (a.to_vec_f64(), b.to_vec_f64());
        let out = broadcast_shape(&da, &db).unwrap();
        for &(name, op, reference) in OPS {
            let got = op(&a, &b).unwrap();
            prop_assert_eq!(got.shape(), &out[..], "{} shape", name);
            for (flat, g) in got.to_vec_f64().into_iter().enumerate() {
                let idx = unravel(flat, &out);
                let want = reference(at(&va, &da, &idx), at(&vb, &db, &idx));
                let tol = if float64 { 1e-12 } else { 1e-5 } * want.abs().max(1.0);
                prop_assert!(
                    (g.is_nan() && want.is_nan()) || g == want || (g - want).abs() <= tol,
                    "{} at {:?}: got {}, want {}", name, idx, g, want
                );
            }
        }
    }
}

#[test]
fn in_place_ops_write_into_their_own_buffer_unless_shared() {
    let mut a = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    let ptr = a.data_ptr();
    let row = DynTensor::from_vec(vec![10.0f32, 20.0, 30.0], &[3]).unwrap();
    a.add_(&row).unwrap();
    assert_eq!(a.data_ptr(), ptr, "a unique buffer is written in place");
    assert_eq!(
        a.to_vec::<f32>().unwrap(),
        vec![11.0, 22.0, 33.0, 14.0, 25.0, 36.0]
    );

    let view = a.t().unwrap();
    a.mul_scalar_(2).unwrap();
    assert_ne!(
        a.data_ptr(),
        ptr,
        "a shared buffer is copied before the write"
    );
    assert_eq!(
        a.to_vec::<f32>().unwrap(),
        vec![22.0, 44.0, 66.0, 28.0, 50.0, 72.0]
    );
    assert_eq!(
        view.to_vec::<f32>().unwrap(),
        vec![11.0, 14.0, 22.0, 25.0, 33.0, 36.0]
    );

    // The operand must broadcast to the tensor's own shape, and the result must fit its dtype.
    let e = a
        .add_(&DynTensor::zeros(&[3, 2, 3], DType::Float32).unwrap())
        .unwrap_err();
    assert!(matches!(e, Error::Broadcast { op: "add", .. }), "{e}");
    let mut i = DynTensor::from_vec(vec![1i32, 2], &[2]).unwrap();
    assert!(i.mul_scalar_(0.5).is_err());
    i.add_scalar_(3).unwrap();
    assert_eq!(i.to_vec::<i32>().unwrap(), vec![4, 5]);
    let mut b = DynTensor::from_vec(vec![true, false], &[2]).unwrap();
    assert!(
        b.sub_(&b.clone()).is_err(),
        "bool subtraction is an error, as in PyTorch"
    );
}

#[test]
fn mixed_dtypes_promote_like_pytorch() {
    let i = DynTensor::from_vec(vec![1i32, 2], &[2]).unwrap();
    let f = DynTensor::from_vec(vec![0.5f32, 0.25], &[2]).unwrap();
    let d = DynTensor::from_vec(vec![1.0f64, 2.0], &[2]).unwrap();
    let b = DynTensor::from_vec(vec![true, false], &[2]).unwrap();
    assert_eq!(i.add(&f).unwrap().dtype(), DType::Float32);
    assert_eq!(f.mul(&d).unwrap().dtype(), DType::Float64);
    assert_eq!(b.add(&i).unwrap().dtype(), DType::Int32);
    assert_eq!(b.add(&i).unwrap().to_vec::<i32>().unwrap(), vec![2, 2]);
    assert_eq!(i.div(&i).unwrap().dtype(), DType::Float32, "true division");
    assert_eq!(i.add_scalar(2).unwrap().dtype(), DType::Int32);
    assert_eq!(
        i.add_scalar(2.5).unwrap().to_vec::<f32>().unwrap(),
        vec![3.5, 4.5]
    );
    let neg = DynTensor::from_vec(vec![-1i32, 2], &[2]).unwrap();
    assert!(
        i.pow(&neg).is_err(),
        "integers to negative powers are an error"
    );
    assert_eq!(
        i.pow_scalar(3).unwrap().to_vec::<i32>().unwrap(),
        vec![1, 8]
    );
}
