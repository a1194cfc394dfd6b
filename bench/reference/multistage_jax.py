"""JAX (jit, float64) equivalent of `tdlab run multistage --preset tanh --steps N`: the run and the
samples of multistage_run.py, the steps between two samples in one compiled loop, the metrics of a
sample in one compiled function. With --lines it prints the JSON lines (timed whole-process by the
bench); otherwise it times the sampled run in-process after a warm-up that compiles everything.

usage: python3 multistage_jax.py STEPS [--lines | --reps R]  -> JSON lines, or {"ms": [...], "losses": [...]}
"""
import json, math, sys, time
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import numpy as np

steps = int(sys.argv[1])
lines = "--lines" in sys.argv
reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 5
m, n, eps, lr = 100, 20, 1e-4, 0.1
x = jnp.linspace(-1, 1, n)
y = jnp.tanh(5 * (x - 0.4)) + 0.6 * jnp.tanh(5 * (x + 0.4))
M = jnp.array([jnp.mean(y * x), jnp.mean(y)])


def loss_of(p):
    a, w, b = p
    return 0.5 * jnp.mean((jnp.tanh(jnp.outer(x, w) + b) @ a - y) ** 2)


@jax.jit
def advance(p, k):
    step = lambda _, q: jax.tree_util.tree_map(lambda v, g: v - lr * g, q, jax.grad(loss_of)(q))
    return jax.lax.fori_loop(0, k, step, p)


@jax.jit
def metrics(p):
    a, w, b = p
    u = jnp.stack([w, b], 1)
    norms = jnp.linalg.norm(u, axis=1)
    unit = u / norms[:, None]
    pair = jnp.abs(unit @ unit.T)[jnp.triu_indices(m, 1)]
    return loss_of(p), jnp.abs(a) * norms, jnp.mean(jnp.abs(unit @ (M / jnp.linalg.norm(M)))), jnp.mean(pair > 0.99)


sample_at = set(range(min(300, steps) + 1)) | {steps}
if steps > 300:
    lo, hi = math.log10(300), math.log10(steps)
    count = math.ceil((hi - lo) * 100)
    sample_at |= {min(steps, round(10 ** (lo + (hi - lo) * i / count))) for i in range(1, count + 1)}
sample_at = sorted(sample_at)


def run(emit):
    rng = np.random.default_rng(0)
    p = tuple(jnp.asarray(eps * rng.standard_normal(m)) for _ in range(3))
    prev, prev_t, t, losses = None, 0, 0, []
    for s in sample_at:
        p = advance(p, s - t)
        t = s
        loss, amp, cos_m, frac = metrics(p)
        w1 = None if prev is None else float(jnp.mean(jnp.abs(jnp.sort(amp) - jnp.sort(prev)))) / (t - prev_t)
        losses.append(float(loss))
        emit({"type": "sample", "member": 0, "step": t, "loss": float(loss), "w1Rate": w1, "cosMean": float(cos_m), "condensedFrac": float(frac)})
        prev, prev_t = amp, t
    return losses


if lines:
    run(lambda o: sys.stdout.write(json.dumps(o) + "\n"))
else:
    run(lambda o: None)  # compiles every function
    ms, losses = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        losses = run(lambda o: None)
        ms.append(1000 * (time.perf_counter() - t0))
    print(json.dumps({"ms": ms, "losses": losses[:5]}))
