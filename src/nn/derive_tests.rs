//! Tests of `#[derive(Module)]` (the macro lives in `macros/`; it expands to paths of this
//! crate, so it is tested here).

use crate::nn::typed::{self, Forward};
use crate::nn::{self, Layer, Module};
use crate::shape::{Const, Rank1, Rank2};
use crate::{DType, DynTensor, Generator, Result, Tensor};

#[derive(Module)]
struct Mlp {
    fc1: nn::Linear,
    act: nn::ReLU,
    drop: nn::Dropout,
    fc2: nn::Linear,
    #[module(skip)]
    hidden: usize,
    #[module(skip)]
    scale: f64,
}

impl Layer for Mlp {
    fn forward(&self, x: &DynTensor) -> Result<DynTensor> {
        let h = self
            .drop
            .forward(&self.act.forward(&self.fc1.forward(x)?)?)?;
        self.fc2.forward(&h)?.mul_scalar(self.scale)
    }
}

#[derive(Module)]
struct Tuple(nn::Linear, #[module(skip)] &'static str, Vec<DynTensor>);

#[derive(Module)]
struct Generic<M, const N: usize> {
    body: M,
    extra: Tensor<f32, Rank1<N>>,
    #[module(skip)]
    _tag: std::marker::PhantomData<fn() -> M>,
}

#[derive(Module)]
struct Nested {
    encoder: Mlp,
    heads: Vec<nn::Linear>,
    typed: (typed::Linear<2, 3>, typed::Dropout, typed::Linear<3, 1>),
}

#[derive(Module)]
struct Empty;

fn mlp(g: &mut Generator) -> Mlp {
    Mlp {
        fc1: nn::Linear::new(4, 3, true, g).unwrap(),
        act: nn::ReLU,
        drop: nn::Dropout::new(0.5, 0).unwrap(),
        fc2: nn::Linear::new(3, 2, false, g).unwrap(),
        hidden: 3,
        scale: 2.0,
    }
}

fn names(m: &impl Module) -> Vec<String> {
    m.named_parameters().into_iter().map(|(n, _)| n).collect()
}

#[test]
fn fields_are_visited_by_name_in_order_and_skipped_fields_are_not() {
    let mut g = Generator::new(0);
    let m = mlp(&mut g);
    assert_eq!(names(&m), vec!["fc1.weight", "fc1.bias", "fc2.weight"]);
    assert_eq!(m.num_parameters(), 12 + 3 + 6);
    assert_eq!(m.hidden, 3);
    // The parameters are the layers' own tensors (shared buffers).
    assert!(m.parameters()[0].shares_storage(&m.fc1.weight));

    let t = Tuple(
        nn::Linear::new(1, 1, true, &mut g).unwrap(),
        "cfg",
        vec![DynTensor::scalar(1.0f32)],
    );
    assert_eq!(names(&t), vec!["0.weight", "0.bias", "2.0"]);
    assert_eq!(t.1, "cfg");

    let gen_m = Generic::<nn::Linear, 5> {
        body: nn::Linear::new(2, 2, false, &mut g).unwrap(),
        extra: Tensor::zeros(),
        _tag: std::marker::PhantomData,
    };
    assert_eq!(names(&gen_m), vec!["body.weight", "extra"]);
    assert_eq!(gen_m.num_parameters(), 4 + 5);

    let mut n = Nested {
        encoder: mlp(&mut g),
        heads: vec![nn::Linear::new(2, 1, true, &mut g).unwrap(); 2],
        typed: (
            typed::Linear::new(true, &mut g),
            typed::Dropout::new(0.5, 0).unwrap(),
            typed::Linear::new(false, &mut g),
        ),
    };
    assert_eq!(
        names(&n),
        vec![
            "encoder.fc1.weight",
            "encoder.fc1.bias",
            "encoder.fc2.weight",
            "heads.0.weight",
            "heads.0.bias",
            "heads.1.weight",
            "heads.1.bias",
            "typed.0.weight",
            "typed.0.bias",
            "typed.2.weight",
        ]
    );
    let mut seen = Vec::new();
    n.visit_params_mut("model", &mut |name, p| {
        seen.push((name.to_owned(), p.shape().to_vec()))
    });
    assert_eq!(seen[0], ("model.encoder.fc1.weight".to_owned(), vec![3, 4]));
    assert_eq!(seen[9], ("model.typed.2.weight".to_owned(), vec![1, 3]));
    assert_eq!(names(&Empty), Vec::<String>::new());
}

#[test]
fn mutable_visits_reach_every_field() {
    let mut m = mlp(&mut Generator::new(1));
    crate::autograd::no_grad(|| {
        m.visit_params_mut("", &mut |_, p| p.mul_scalar_(0.0).unwrap());
    });
    assert!(
        m.parameters()
            .iter()
            .all(|p| p.to_vec_f64().iter().all(|&v| v == 0.0))
    );
    assert!(
        m.fc1.weight.requires_grad(),
        "parameters stay leaves requiring grad"
    );
}

#[test]
fn set_training_reaches_every_field_but_skipped_ones() {
    let mut g = Generator::new(2);
    let mut n = Nested {
        encoder: mlp(&mut g),
        heads: vec![],
        typed: (
            typed::Linear::new(true, &mut g),
            typed::Dropout::new(0.5, 0).unwrap(),
            typed::Linear::new(false, &mut g),
        ),
    };
    assert!(n.encoder.drop.is_training() && n.typed.1.is_training());
    n.eval();
    assert!(!n.encoder.drop.is_training() && !n.typed.1.is_training());
    // In eval mode the model is deterministic; in training mode dropout zeroes.
    let x = DynTensor::ones(&[16, 4], DType::Float32).unwrap();
    let a = n.encoder.forward(&x).unwrap().to_vec_f64();
    assert_eq!(a, n.encoder.forward(&x).unwrap().to_vec_f64());
    let xt = Tensor::<f32, Rank2<16, 2>>::ones();
    let yt: Tensor<f32, (Const<16>, Const<1>)> = n.typed.forward(&xt);
    assert_eq!(yt.to_vec(), n.typed.forward(&xt).to_vec());
    n.train();
    assert!(n.encoder.drop.is_training() && n.typed.1.is_training());
}
