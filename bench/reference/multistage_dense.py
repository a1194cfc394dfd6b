"""Baselines for bench (h): the two-layer tanh net on d-dimensional inputs (the 8x8 digits), full-batch
GD on half-MSE (docs/phenomena/multistage.md "On real data"), in idiomatic numpy or, with --jax, in
JAX (jit, float64: the steps between two recorded losses in one compiled loop).

usage: python3 multistage_dense.py CONFIG.json [--jax]  -> prints JSON {"ms": [...], "losses": [[...]], "compileMs"?}
CONFIG: {"X": [[d inputs] per point], "y": [...], "lr", "steps", "reps",
         "runs": [{"a": [m], "w": [[d] per neuron], "b": [m]}], "record": [steps]}
"""
import json, sys, time
import numpy as np

cfg = json.load(open(sys.argv[1]))
use_jax = "--jax" in sys.argv
lr, steps = cfg["lr"], cfg["steps"]
record = sorted(set(cfg["record"]) | {0})

if use_jax:
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as xp
else:
    xp = np

X = xp.asarray(np.array(cfg["X"], dtype=np.float64))
y = xp.asarray(np.array(cfg["y"], dtype=np.float64))
n = y.shape[0]


def loss_grad(a, W, b):
    h = xp.tanh(X @ W.T + b)  # n x m
    r = h @ a - y
    gz = (r[:, None] * (1 - h**2)) * a / n  # n x m
    return 0.5 * xp.mean(r**2), h.T @ r / n, gz.T @ X, gz.sum(0)


def step(p):
    a, W, b = p
    _, ga, gW, gb = loss_grad(a, W, b)
    return a - lr * ga, W - lr * gW, b - lr * gb


if use_jax:
    advance = jax.jit(lambda p, k: jax.lax.fori_loop(0, k, lambda _, q: step(q), p))
    loss_of = jax.jit(lambda p: loss_grad(*p)[0])
else:

    def advance(p, k):
        for _ in range(k):
            p = step(p)
        return p

    loss_of = lambda p: loss_grad(*p)[0]


def train(run):
    p = tuple(xp.asarray(np.array(run[k], dtype=np.float64)) for k in ("a", "w", "b"))
    losses, t = [], 0
    for s in record:
        p = advance(p, s - t)
        t = s
        losses.append(float(loss_of(p)))
    p = advance(p, steps - t)
    float(loss_of(p))  # waits for the device (JAX dispatches asynchronously)
    return losses


compile_ms = None
if use_jax:
    t0 = time.perf_counter()
    train(cfg["runs"][0])  # compiles advance (its trip count is a traced argument) and loss_of
    compile_ms = 1000 * (time.perf_counter() - t0)
ms, losses = [], []
for rep in range(cfg["reps"]):
    t0 = time.perf_counter()
    losses = [train(r) for r in cfg["runs"]]
    ms.append(1000 * (time.perf_counter() - t0))
print(json.dumps({"ms": ms, "losses": losses, "compileMs": compile_ms}))
