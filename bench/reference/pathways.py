"""Idiomatic numpy baseline: two-pathway deep linear net on Shi et al.'s hierarchy (or the target
T of real data, whitened: docs/phenomena/pathways.md 'Real data'), full-batch GD, sharpness every
`sharpness_every` steps by power iteration on finite-difference Hessian-vector products.

usage: python3 pathways.py CONFIG.json -> prints JSON {"ms": [...], "losses": [...], "sharpness": [...]}
CONFIG: {"lr", "steps", "sharpness_every", "iters", "reps", "W": [[W1, W2, W3], [W1, W2, W3]], "record": [steps],
         "T": optional rows x cols target}
"""
import json, sys, time
import numpy as np

cfg = json.load(open(sys.argv[1]))
if "T" in cfg:
    T = np.array(cfg["T"])
else:
    T = np.zeros((15, 8))
    for j in range(8):
        T[0, j] = 1; T[1 + j // 4, j] = 1; T[3 + j // 2, j] = 1; T[7 + j, j] = 1
record = set(cfg["record"])


def forward(W):
    return sum(Wk[2] @ Wk[1] @ Wk[0] for Wk in W)


def grads(W):
    R = forward(W) - T
    return [[(Wk[2] @ Wk[1]).T @ R, Wk[2].T @ R @ Wk[0].T, R @ (Wk[1] @ Wk[0]).T] for Wk in W], 0.5 * np.sum(R ** 2)


def flat(G):
    return np.concatenate([g.ravel() for Gk in G for g in Gk])


def unflat(v, like):
    out, i = [], 0
    for Wk in like:
        row = []
        for m in Wk:
            row.append(v[i:i + m.size].reshape(m.shape)); i += m.size
        out.append(row)
    return out


def sharpness(W, iters, rng, h=1e-4):
    v = rng.standard_normal(sum(m.size for Wk in W for m in Wk))
    v /= np.linalg.norm(v)
    lam = 0.0
    for _ in range(iters):
        Wp = [[m + h * d for m, d in zip(Wk, Dk)] for Wk, Dk in zip(W, unflat(v, W))]
        Wm = [[m - h * d for m, d in zip(Wk, Dk)] for Wk, Dk in zip(W, unflat(v, W))]
        Hv = (flat(grads(Wp)[0]) - flat(grads(Wm)[0])) / (2 * h)
        lam = v @ Hv
        v = Hv / np.linalg.norm(Hv)
    return lam


def train():
    W = [[np.array(m) for m in Wk] for Wk in cfg["W"]]
    rng = np.random.default_rng(0)
    losses, sharp = [], []
    for t in range(cfg["steps"] + 1):
        G, loss = grads(W)
        if t in record:
            losses.append(loss)
        if cfg["sharpness_every"] and t % cfg["sharpness_every"] == 0:
            sharp.append(sharpness(W, cfg["iters"], rng))
        if t == cfg["steps"]:
            break
        W = [[m - cfg["lr"] * g for m, g in zip(Wk, Gk)] for Wk, Gk in zip(W, G)]
    return losses, sharp


ms = []
for rep in range(cfg["reps"]):
    t0 = time.perf_counter()
    losses, sharp = train()
    ms.append(1000 * (time.perf_counter() - t0))
print(json.dumps({"ms": ms, "losses": losses, "sharpness": sharp}))
