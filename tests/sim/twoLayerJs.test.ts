import { describe, expect, it } from "vitest";
import { createTwoLayerJs } from "../../src/sim/engines/twoLayerJs.js";
import { createRng } from "../../src/sim/rng.js";

/** The oracle: one GD step of Σ_k a_k σ(w_k x + b_k) on ½·mean r², in naive float64 with Math.tanh. */
function naiveStep({
  x,
  y,
  relu,
  lr,
  a,
  w,
  b,
}: {
  x: Float64Array;
  y: Float64Array;
  relu: boolean;
  lr: number;
  a: Float64Array;
  w: Float64Array;
  b: Float64Array;
}) {
  const n = x.length,
    m = a.length;
  const h = (k: number, i: number) => (relu ? Math.max(0, w[k] * x[i] + b[k]) : Math.tanh(w[k] * x[i] + b[k]));
  const r = Array.from(x, (_, i) => a.reduce((s, ak, k) => s + ak * h(k, i), 0) - y[i]);
  const loss = (0.5 * r.reduce((s, ri) => s + ri * ri, 0)) / n;
  const next = { a: a.slice(), w: w.slice(), b: b.slice() };
  for (let k = 0; k < m; k++) {
    let ga = 0,
      gw = 0,
      gb = 0;
    for (let i = 0; i < n; i++) {
      const hk = h(k, i),
        gz = a[k] * r[i] * (relu ? (hk > 0 ? 1 : 0) : 1 - hk * hk);
      ga += r[i] * hk;
      gw += gz * x[i];
      gb += gz;
    }
    next.a[k] -= (lr / n) * ga;
    next.w[k] -= (lr / n) * gw;
    next.b[k] -= (lr / n) * gb;
  }
  return { loss, next };
}

describe("two-layer hand-written engine (wasm SIMD kernel)", () => {
  const rng = createRng({ seed: 9 });
  const normal = (len: number, s: number) => Float64Array.from({ length: len }, () => s * rng.normal());
  const grid = (n: number) => Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const cases = [
    { name: "tanh, small init (the series branch), odd n on a grid", x: grid(21), scale: 1e-3, relu: false },
    { name: "tanh, O(1) weights (the e^(2z) recurrence), even n on a grid", x: grid(20), scale: 1, relu: false },
    { name: "tanh, neurons reaching |z| ≥ 20 (Math.tanh rows)", x: grid(7), scale: 15, relu: false },
    { name: "tanh, inputs off a grid", x: Float64Array.of(-0.9, -0.2, 0.05, 0.3, 0.95), scale: 1, relu: false },
    { name: "ReLU, odd n", x: grid(9), scale: 1, relu: true },
  ];
  for (const c of cases)
    it(`matches a naive float64 step to 1e-12: ${c.name}, two members`, async () => {
      const m = 13,
        lr = 0.3;
      const y = Float64Array.from(c.x, (xi) => Math.tanh(5 * (xi - 0.4)) + 0.6 * Math.tanh(5 * (xi + 0.4)));
      const inits = [0, 1].map(() => ({ a: normal(m, c.scale), w: normal(m, c.scale), b: normal(m, c.scale) }));
      const model = createTwoLayerJs({ x: c.x, y, activation: c.relu ? "relu" : "tanh", lr, inits });
      const before = Array.from(model.step(true) as Float64Array);
      const got = await model.weights();
      inits.forEach((p, j) => {
        const { loss, next } = naiveStep({ x: c.x, y, relu: c.relu, lr, ...p });
        expect(Math.abs(before[j] - loss)).toBeLessThan(1e-12 * loss);
        for (const key of ["a", "w", "b"] as const)
          next[key].forEach((v, k) => expect(Math.abs(got[j][key][k] - v)).toBeLessThan(1e-12 * (1 + Math.abs(v))));
      });
    });
});
