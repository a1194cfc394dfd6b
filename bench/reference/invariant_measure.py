"""Idiomatic numpy baseline: an ensemble of chains of the scale-invariant ReLU layer with SGD and
weight decay (docs/phenomena/invariant-measure.md), vectorized over chains: batched matmul for the
layer's two products (BLAS; einsum without optimize loops in C, about 2x slower on MNIST's rows).

usage: python3 invariant_measure.py CONFIG.json -> prints JSON {"ms": [...], "losses": [...]}
CONFIG: {"lr", "wd", "steps", "reps", "X": [[x1, x2, 1], ...], "y": [...], "V": [[m x 3] per chain],
         "a": [[m] per chain], "idx": null | [[[B] per chain] per step], "batch", "record": [steps]}
`idx` fixes the mini-batches (for the equality check); null draws them with numpy's generator.
"""
import json, sys, time
import numpy as np

cfg = json.load(open(sys.argv[1]))
X, y = np.array(cfg["X"]), np.array(cfg["y"])
lr, wd, B = cfg["lr"], cfg["wd"], cfg["batch"]
record = set(cfg["record"])


def softplus(z):
    return np.logaddexp(0, z)


def loss_grad(V, a, b, Xb, yb):
    # V: C x m x 3, a: C x m, b: C, Xb: C x B x 3, yb: C x B
    m = V.shape[1]
    s = np.sqrt((V ** 2).sum(axis=(1, 2)))[:, None, None]
    U = np.sqrt(m) * V / s
    Z = Xb @ U.transpose(0, 2, 1)
    H = np.maximum(Z, 0)
    z = np.einsum("cbm,cm->cb", H, a) + b[:, None]
    loss = (softplus(z) - yb * z).mean(axis=1)
    g = (1 / (1 + np.exp(-z)) - yb) / Xb.shape[1]
    ga = np.einsum("cbm,cb->cm", H, g)
    gb = g.sum(axis=1)
    GU = ((g[:, :, None] * a[:, None, :]) * (Z > 0)).transpose(0, 2, 1) @ Xb
    Vh = V / s
    gV = np.sqrt(m) / s * (GU - (GU * Vh).sum(axis=(1, 2))[:, None, None] * Vh)
    return loss, gV, ga, gb


def train():
    V, a = np.array(cfg["V"]), np.array(cfg["a"])
    C = V.shape[0]
    b = np.zeros(C)
    rng = np.random.default_rng(0)
    losses = []
    for t in range(cfg["steps"] + 1):
        if t in record:
            losses.append(loss_grad(V, a, b, np.broadcast_to(X, (C,) + X.shape), np.broadcast_to(y, (C,) + y.shape))[0].tolist())
        if t == cfg["steps"]:
            break
        idx = np.array(cfg["idx"][t]) if cfg["idx"] else rng.integers(0, len(y), size=(C, B))
        _, gV, ga, gb = loss_grad(V, a, b, X[idx], y[idx])
        V = V - lr * (gV + wd * V)
        a = a - lr * (ga + wd * a)
        b = b - lr * gb
    return losses


ms = []
for rep in range(cfg["reps"]):
    t0 = time.perf_counter()
    losses = train()
    ms.append(1000 * (time.perf_counter() - t0))
print(json.dumps({"ms": ms, "losses": losses}))
