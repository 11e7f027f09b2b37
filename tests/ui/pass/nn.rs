// Layers on both faces: typed models as tuples of layers whose sizes chain, generic over the
// batch dim; a derived Module mixing both.
use rusttorch::nn::typed::{self, Forward};
use rusttorch::nn::{self, Module};
use rusttorch::shape::{Axis, Const, Dim, Rank2};
use rusttorch::{DType, DynTensor, Generator, Tensor};

type Mlp = (typed::Linear<64, 128>, typed::ReLU, typed::Linear<128, 10>);

fn logits<B: Dim>(model: &Mlp, x: &Tensor<f32, (B, Const<64>)>) -> Tensor<f32, (B, Const<10>)> {
    model.forward(x)
}

#[derive(Module)]
struct Classifier<const H: usize> {
    body: (typed::Linear<8, H>, typed::GELU, typed::Dropout),
    head: typed::Linear<H, 3>,
    norm: typed::LogSoftmax<Axis<1>>,
    #[module(skip)]
    name: String,
}

#[derive(Module)]
struct DynNet {
    layers: nn::Sequential,
    extra: Vec<nn::Linear>,
}

fn main() -> rusttorch::Result<()> {
    let mut g = Generator::new(0);
    let mlp: Mlp = (
        typed::Linear::new(true, &mut g),
        typed::ReLU,
        typed::Linear::new(true, &mut g),
    );
    let x = Tensor::<f32, (usize, Const<64>)>::zeros_with((3, Const))?;
    let y: Tensor<f32, (usize, Const<10>)> = logits(&mlp, &x);
    assert_eq!(y.dims(), &[3, 10]);
    let _: Tensor<f32, Rank2<2, 10>> = mlp.forward(Tensor::<f32, Rank2<2, 64>>::zeros());

    let mut c = Classifier::<16> {
        body: (
            typed::Linear::new(true, &mut g),
            typed::GELU::default(),
            typed::Dropout::new(0.1, 1)?,
        ),
        head: typed::Linear::new(true, &mut g),
        norm: typed::LogSoftmax(Axis::<1>),
        name: "clf".into(),
    };
    c.eval();
    let h = c.body.forward(Tensor::<f32, Rank2<4, 8>>::ones());
    let p: Tensor<f32, Rank2<4, 3>> = c.norm.forward(c.head.forward(h));
    assert_eq!(p.dims(), &[4, 3]);
    assert_eq!(c.named_parameters().len(), 4);
    assert_eq!(c.name, "clf");

    let d = DynNet {
        layers: nn::Sequential::new()
            .with(nn::Linear::new(5, 4, true, &mut g)?)
            .with(nn::SiLU)
            .with(nn::Dropout::new(0.2, 3)?),
        extra: vec![nn::Linear::new(4, 1, false, &mut g)?],
    };
    let out = d.extra[0].forward(&d.layers.forward(&DynTensor::ones(&[2, 5], DType::Float32)?)?)?;
    assert_eq!(out.shape(), &[2, 1]);
    assert_eq!(d.num_parameters(), 5 * 4 + 4 + 4);
    Ok(())
}
