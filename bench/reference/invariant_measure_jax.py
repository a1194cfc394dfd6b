"""JAX (jit, float64) baseline for bench (j): the chains of invariant_measure.py, vectorized over chains
with einsum, the SGD steps between two full-batch evaluations in one compiled loop; the mini-batch
rows drawn beforehand by numpy's generator (or given, for the equality check).

usage: python3 invariant_measure_jax.py CONFIG.json -> prints JSON {"ms": [...], "losses": [...], "compileMs"}
CONFIG: as invariant_measure.py's.
"""
import json, sys, time
import numpy as np
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp

cfg = json.load(open(sys.argv[1]))
X, y = jnp.asarray(np.array(cfg["X"])), jnp.asarray(np.array(cfg["y"]))
lr, wd, B, steps = cfg["lr"], cfg["wd"], cfg["batch"], cfg["steps"]
record = sorted(set(cfg["record"]))


def loss_grad(V, a, b, Xb, yb):
    m = V.shape[1]
    s = jnp.sqrt((V**2).sum(axis=(1, 2)))[:, None, None]
    U = jnp.sqrt(m) * V / s
    Z = jnp.einsum("cbi,cmi->cbm", Xb, U)
    H = jnp.maximum(Z, 0)
    z = jnp.einsum("cbm,cm->cb", H, a) + b[:, None]
    loss = (jnp.logaddexp(0, z) - yb * z).mean(axis=1)
    g = (1 / (1 + jnp.exp(-z)) - yb) / Xb.shape[1]
    ga = jnp.einsum("cbm,cb->cm", H, g)
    GU = jnp.einsum("cbm,cbi->cmi", (g[:, :, None] * a[:, None, :]) * (Z > 0), Xb)
    Vh = V / s
    gV = jnp.sqrt(m) / s * (GU - (GU * Vh).sum(axis=(1, 2))[:, None, None] * Vh)
    return loss, gV, ga, g.sum(axis=1)


@jax.jit
def advance(p, idx):
    def body(q, rows):
        V, a, b = q
        _, gV, ga, gb = loss_grad(V, a, b, X[rows], y[rows])
        return (V - lr * (gV + wd * V), a - lr * (ga + wd * a), b - lr * gb), None

    return jax.lax.scan(body, p, idx)[0]


@jax.jit
def full(p):
    V, a, b = p
    C = V.shape[0]
    return loss_grad(V, a, b, jnp.broadcast_to(X, (C,) + X.shape), jnp.broadcast_to(y, (C,) + y.shape))[0]


def train(idx):
    p = (jnp.asarray(np.array(cfg["V"])), jnp.asarray(np.array(cfg["a"])), jnp.zeros(len(cfg["a"])))
    losses, t = [], 0
    for s in record + [steps]:
        if s > t:
            p = advance(p, idx[t:s])
            t = s
        if s in record:
            losses.append(np.asarray(full(p)).tolist())
    np.asarray(p[0])  # waits for the device
    return losses


C = len(cfg["a"])
idx = jnp.asarray(np.array(cfg["idx"]) if cfg["idx"] else np.random.default_rng(0).integers(0, len(cfg["y"]), size=(steps, C, B)))
t0 = time.perf_counter()
train(idx)  # compiles advance for every distinct span between records, and full
compile_ms = 1000 * (time.perf_counter() - t0)
ms = []
for rep in range(cfg["reps"]):
    t0 = time.perf_counter()
    losses = train(idx)
    ms.append(1000 * (time.perf_counter() - t0))
print(json.dumps({"ms": ms, "losses": losses, "compileMs": compile_ms}))
