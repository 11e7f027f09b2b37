// A field that is not a module (a config value) must be marked `#[module(skip)]`.
use rusttorch::nn::{self, Module};

#[derive(Module)]
struct Model {
    fc: nn::Linear,
    hidden: usize,
}

fn main() {}
