"""Idiomatic numpy equivalent of `tdlab run multistage --preset tanh --steps N`, whole process: the same
run (m = 100, n = 20, eps = 1e-4, eta = 0.1, full-batch GD on half-MSE; docs/phenomena/multistage.md),
the same sampled steps (every step to 300, then 100 a decade) with the same metrics (loss, W1 rate of
the amplitudes, mean |cos| to M, condensed fraction), 16 snapshots of the neurons, as JSON lines on
stdout. For the bench's whole-process comparison of the CLI; its initial weights come from numpy.

usage: python3 multistage_run.py STEPS
"""
import json, math, sys
import numpy as np

steps = int(sys.argv[1])
m, n, eps, lr = 100, 20, 1e-4, 0.1
x = np.linspace(-1, 1, n)
y = np.tanh(5 * (x - 0.4)) + 0.6 * np.tanh(5 * (x + 0.4))
M = np.array([np.mean(y * x), np.mean(y)])
rng = np.random.default_rng(0)
a, w, b = (eps * rng.standard_normal(m) for _ in range(3))

dense = set(range(min(300, steps) + 1))
if steps > 300:
    lo, hi = math.log10(300), math.log10(steps)
    count = math.ceil((hi - lo) * 100)
    dense |= {min(steps, round(10 ** (lo + (hi - lo) * i / count))) for i in range(1, count + 1)}
sample_at = dense | {steps}
snap_at = {0, steps} | {round(10 ** (math.log10(max(steps, 1)) * i / 15)) for i in range(16)}

out = sys.stdout
out.write(json.dumps({"type": "header", "experiment": "multistage", "params": {"steps": steps}}) + "\n")
prev, prev_t = None, 0
for t in range(steps + 1):
    h = np.tanh(np.outer(x, w) + b)
    r = h @ a - y
    loss = 0.5 * np.mean(r ** 2)
    if t in snap_at:
        out.write(json.dumps({"type": "snapshot", "member": 0, "step": t, "a": a.tolist(), "w": w.tolist(), "b": b.tolist()}) + "\n")
    if t in sample_at:
        u = np.stack([w, b], 1)
        norms = np.linalg.norm(u, axis=1)
        amp = np.abs(a) * norms
        unit = u / norms[:, None]
        cos_m = np.abs(unit @ (M / np.linalg.norm(M)))
        pair = np.abs(unit @ unit.T)[np.triu_indices(m, 1)]
        w1 = None if prev is None else float(np.mean(np.abs(np.sort(amp) - np.sort(prev)))) / (t - prev_t)
        out.write(json.dumps({"type": "sample", "member": 0, "step": t, "loss": loss, "w1Rate": w1,
                              "cosMean": float(cos_m.mean()), "condensedFrac": float(np.mean(pair > 0.99))}) + "\n")
        prev, prev_t = amp, t
    if t == steps:
        break
    ga = h.T @ r / n
    gz = (r[:, None] * (1 - h ** 2)) * a / n
    w, b, a = w - lr * (x @ gz), b - lr * gz.sum(0), a - lr * ga
out.write(json.dumps({"type": "summary"}) + "\n")
