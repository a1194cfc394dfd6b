"""JAX (jit, float64) baseline for the pathways workloads: pathways.py's run — full-batch GD on
½‖Σ_k W_k3 W_k2 W_k1 − T‖², sharpness every `sharpness_every` steps by power iteration — with the
steps between two sharpness probes in one compiled loop and exact Hessian-vector products
(forward-over-reverse, jax.jvp of jax.grad) in place of pathways.py's finite differences.

usage: python3 pathways_jax.py CONFIG.json -> prints JSON {"ms": [...], "losses": [...], "compileMs"}
CONFIG: as pathways.py's.
"""
import json, sys, time
import numpy as np
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp

cfg = json.load(open(sys.argv[1]))
if "T" in cfg:
    T = jnp.asarray(np.array(cfg["T"]))
else:
    t = np.zeros((15, 8))
    for j in range(8):
        t[0, j] = 1; t[1 + j // 4, j] = 1; t[3 + j // 2, j] = 1; t[7 + j, j] = 1
    T = jnp.asarray(t)
lr, steps, every, iters = cfg["lr"], cfg["steps"], cfg["sharpness_every"], cfg["iters"]
record = sorted(set(cfg["record"]))


def loss_of(W):
    return 0.5 * jnp.sum((sum(Wk[2] @ Wk[1] @ Wk[0] for Wk in W) - T) ** 2)


grad = jax.grad(loss_of)


@jax.jit
def advance(W, k):
    step = lambda _, V: jax.tree_util.tree_map(lambda m, g: m - lr * g, V, grad(V))
    return jax.lax.fori_loop(0, k, step, W)


@jax.jit
def sharpness(W, v):
    hvp = lambda u: jax.jvp(grad, (W,), (u,))[1]
    norm = lambda u: jnp.sqrt(sum(jnp.sum(x**2) for x in jax.tree_util.tree_leaves(u)))

    def body(_, carry):
        u, _lam = carry
        h = hvp(u)
        lam = sum(jnp.sum(a * b) for a, b in zip(jax.tree_util.tree_leaves(u), jax.tree_util.tree_leaves(h)))
        return jax.tree_util.tree_map(lambda x: x / norm(h), h), lam

    v = jax.tree_util.tree_map(lambda x: x / norm(v), v)
    return jax.lax.fori_loop(0, iters, body, (v, 0.0))[1]


jloss = jax.jit(loss_of)


def train():
    W = [[jnp.asarray(np.array(m)) for m in Wk] for Wk in cfg["W"]]
    rng = np.random.default_rng(0)
    marks = sorted(set(record) | (set(range(0, steps + 1, every)) if every else set()) | {steps})
    losses, sharp, t = [], [], 0
    for s in marks:
        W = advance(W, s - t)
        t = s
        if s in record:
            losses.append(float(jloss(W)))
        if every and s % every == 0:
            v = jax.tree_util.tree_map(lambda m: jnp.asarray(rng.standard_normal(m.shape)), W)
            sharp.append(float(sharpness(W, v)))
    return losses, sharp


t0 = time.perf_counter()
train()  # compiles advance, sharpness and the loss
compile_ms = 1000 * (time.perf_counter() - t0)
ms = []
for rep in range(cfg["reps"]):
    t0 = time.perf_counter()
    losses, sharp = train()
    ms.append(1000 * (time.perf_counter() - t0))
print(json.dumps({"ms": ms, "losses": losses, "sharpness": sharp, "compileMs": compile_ms}))
