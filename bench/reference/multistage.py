"""Idiomatic numpy baseline: two-layer tanh net, full-batch GD on half-MSE (docs/phenomena/multistage.md).

usage: python3 multistage.py CONFIG.json  -> prints JSON {"ms": [...], "losses": [[...]]}
CONFIG: {"width", "points", "lr", "steps", "reps", "runs": [{"a": [...], "w": [...], "b": [...]}], "record": [steps]}
Each run is trained in turn (a sweep is a loop of runs, as a researcher would write it).
"""
import json, sys, time
import numpy as np

cfg = json.load(open(sys.argv[1]))
n, lr, steps = cfg["points"], cfg["lr"], cfg["steps"]
x = np.linspace(-1, 1, n)
y = np.tanh(5 * (x - 0.4)) + 0.6 * np.tanh(5 * (x + 0.4))
record = set(cfg["record"])


def train(a, w, b):
    a, w, b = np.array(a), np.array(w), np.array(b)
    losses = []
    for t in range(steps + 1):
        h = np.tanh(np.outer(x, w) + b)          # n x m
        r = h @ a - y
        loss = 0.5 * np.mean(r ** 2)
        if t in record:
            losses.append(loss)
        if t == steps:
            break
        ga = h.T @ r / n
        gz = (r[:, None] * (1 - h ** 2)) * a / n  # n x m
        w = w - lr * (x @ gz)
        b = b - lr * gz.sum(0)
        a = a - lr * ga
    return losses


ms, losses = [], []
for rep in range(cfg["reps"]):
    t0 = time.perf_counter()
    losses = [train(r["a"], r["w"], r["b"]) for r in cfg["runs"]]
    ms.append(1000 * (time.perf_counter() - t0))
print(json.dumps({"ms": ms, "losses": losses}))
