//! The backward pass: a walk of the recorded graph in reverse topological order.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{NoGradGuard, Var};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

fn key(v: &Arc<Var>) -> *const Var {
    Arc::as_ptr(v)
}

/// Every var reachable from `root`, each before all the vars it was computed from (the
/// reverse post-order of a depth-first walk; iterative, so deep graphs cannot overflow the
/// stack).
fn topological_order(root: &Arc<Var>) -> Vec<Arc<Var>> {
    let mut visited = HashSet::new();
    let mut post = Vec::new();
    let mut stack = vec![(Arc::clone(root), false)];
    while let Some((var, children_done)) = stack.pop() {
        if children_done {
            post.push(var);
            continue;
        }
        if !visited.insert(key(&var)) {
            continue;
        }
        stack.push((Arc::clone(&var), true));
        if let Some(node) = &var.node {
            for input in node.inputs.iter().flatten() {
                if !visited.contains(&key(input)) {
                    stack.push((Arc::clone(input), false));
                }
            }
        }
    }
    post.reverse();
    post
}

/// Adds `g` into `slot` (the first gradient is stored as is).
fn accumulate(slot: &mut Option<DynTensor>, g: DynTensor) -> Result<()> {
    *slot = Some(match slot.take() {
        None => g,
        Some(acc) => acc.add(&g)?,
    });
    Ok(())
}

/// Back-propagates `grad` (the gradient of `root`'s value) through the graph and adds the
/// result into the `grad` of every leaf (and every var that retains its gradient).
///
/// All gradients are computed before any is stored: if a backward function fails, no
/// leaf's gradient changes and the graph is kept. Without `retain_graph` the backward
/// functions, and the tensors they saved, are dropped afterwards.
///
/// # Errors
/// [`Error::Autograd`] if part of the graph was freed by an earlier backward; an op's error
/// if its backward fails.
pub fn backward(root: &Arc<Var>, grad: DynTensor, retain_graph: bool) -> Result<()> {
    let _no_grad = NoGradGuard::new();
    let order = topological_order(root);
    let mut pending: HashMap<*const Var, DynTensor> = HashMap::new();
    pending.insert(key(root), grad);
    let mut store = Vec::new();
    for var in &order {
        let Some(g) = pending.remove(&key(var)) else {
            continue;
        };
        let Some(node) = &var.node else {
            store.push((Arc::clone(var), g));
            continue;
        };
        if var.retains_grad() {
            store.push((Arc::clone(var), g.clone()));
        }
        let input_grads = {
            let f = node.backward.lock().unwrap_or_else(|e| e.into_inner());
            let f = f.as_ref().ok_or_else(|| Error::Autograd {
                op: "backward",
                reason: format!(
                    "the graph through `{}` was freed by an earlier backward; pass \
                     retain_graph = true to the first call to run backward twice",
                    node.name
                ),
            })?;
            f(&g)?
        };
        assert_eq!(
            input_grads.len(),
            node.inputs.len(),
            "the backward of `{}` returned one gradient per input",
            node.name
        );
        for (input, ig) in node.inputs.iter().zip(input_grads) {
            if let (Some(input), Some(ig)) = (input, ig) {
                let mut slot = pending.remove(&key(input));
                accumulate(&mut slot, ig)?;
                pending.insert(key(input), slot.expect("accumulate stores a gradient"));
            }
        }
    }
    for (var, g) in store {
        let mut slot = var.grad_slot();
        accumulate(&mut slot, g)?;
    }
    if !retain_graph {
        for var in &order {
            if let Some(node) = &var.node {
                *node.backward.lock().unwrap_or_else(|e| e.into_inner()) = None;
            }
        }
    }
    Ok(())
}
