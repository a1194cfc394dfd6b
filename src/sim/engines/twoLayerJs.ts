import type { Activation } from "../models/twoLayer.js";
import type { TwoLayerModel } from "./models.js";

/** x as x_0 + iΔ when it is an evenly spaced grid (multistage.md's inputs), else null. */
function grid(x: Float64Array): { x0: number; dx: number } | null {
  const n = x.length, dx = n > 1 ? (x[n - 1] - x[0]) / (n - 1) : 0;
  for (let i = 0; i < n; i++) if (Math.abs(x[0] + i * dx - x[i]) > 1e-12 * (1 + Math.abs(x[i]))) return null;
  return { x0: x[0], dx };
}

/** tanh near 0 from its series, z − z³/3 + 2z⁵/15 − 17z⁷/315 + 62z⁹/2835 − 1382z¹¹/155925: below 1e-15 relative error for |z| < 0.05. */
function tanhSeries(z: number): number {
  const z2 = z * z;
  return z * (1 + z2 * (-1 / 3 + z2 * (2 / 15 + z2 * (-17 / 315 + z2 * (62 / 2835 + z2 * (-1382 / 155925))))));
}

/**
 * The two-layer model in plain float64 loops. Per member and step: one pass over (neuron, point)
 * for the forward sums, one for the gradient, with no temporaries beyond an m×n activation buffer.
 * Same maths as the tfjs model: r = f − y, ∂R/∂a_k = (1/n) Σ_i r_i h_ki,
 * ∂R/∂(w_k, b_k) = (1/n) Σ_i a_k r_i σ'(z_ki) (x_i, 1).
 *
 * tanh is the hot spot (m·n calls per step). On an evenly spaced grid, z_ki = w_k x_i + b_k is
 * linear in i, so e^(2z) along a neuron is geometric: two exps per neuron, then one multiply per
 * point, and tanh = 1 − 2/(e^(2z) + 1). The recurrence drifts by about i ulps (≤ 1e-13 relative
 * for n ≤ 1000); where |z| < 0.05 (the small-init plateau) tanh comes from its series instead,
 * which avoids the cancellation in e^(2z) − 1, and neurons with |z| ≥ 20 anywhere (where e^(2z)
 * could underflow or overflow, and the recurrence never recover) use Math.tanh.
 */
export function createTwoLayerJs({ x, y, activation, lr, inits }: { x: Float64Array; y: Float64Array; activation: Activation; lr: number; inits: { a: Float64Array; w: Float64Array; b: Float64Array }[] }): TwoLayerModel {
  const n = x.length, m = inits[0].a.length, E = inits.length;
  const a = inits.map((p) => Float64Array.from(p.a)), w = inits.map((p) => Float64Array.from(p.w)), b = inits.map((p) => Float64Array.from(p.b));
  const H = new Float64Array(m * n), f = new Float64Array(n), r = new Float64Array(n), losses = new Float64Array(E);
  const tanh = activation === "tanh";
  const g = grid(x);

  /** Row k of H for tanh: h_ki for i < n, returning nothing; f accumulates a_k h_ki. */
  function tanhRow(wk: number, bk: number, ak: number, row: number) {
    const z0 = wk * g!.x0 + bk, dz = wk * g!.dx;
    if (Math.max(Math.abs(z0), Math.abs(z0 + (n - 1) * dz)) >= 20) {
      for (let i = 0; i < n; i++) f[i] += ak * (H[row + i] = Math.tanh(wk * x[i] + bk));
      return;
    }
    let e = Math.exp(2 * z0);
    const q = Math.exp(2 * dz);
    for (let i = 0; i < n; i++, e *= q) {
      const z = wk * x[i] + bk;
      const h = z < 0.05 && z > -0.05 ? tanhSeries(z) : 1 - 2 / (e + 1);
      H[row + i] = h;
      f[i] += ak * h;
    }
  }

  function member(j: number, update: boolean) {
    const aj = a[j], wj = w[j], bj = b[j];
    f.fill(0);
    for (let k = 0; k < m; k++) {
      const wk = wj[k], bk = bj[k], ak = aj[k], row = k * n;
      if (tanh && g) {
        tanhRow(wk, bk, ak, row);
        continue;
      }
      for (let i = 0; i < n; i++) {
        const z = wk * x[i] + bk;
        const h = tanh ? Math.tanh(z) : z > 0 ? z : 0;
        H[row + i] = h;
        f[i] += ak * h;
      }
    }
    let loss = 0;
    for (let i = 0; i < n; i++) {
      r[i] = f[i] - y[i];
      loss += r[i] * r[i];
    }
    losses[j] = (0.5 * loss) / n;
    if (!update) return;
    const scale = lr / n;
    for (let k = 0; k < m; k++) {
      const ak = aj[k], row = k * n;
      let ga = 0, gw = 0, gb = 0;
      for (let i = 0; i < n; i++) {
        const h = H[row + i];
        ga += r[i] * h;
        // σ'(z): 1 − h² for tanh; for ReLU the step at z > 0, i.e. h > 0 (tf.step(0) = 0 too)
        const gz = ak * r[i] * (tanh ? 1 - h * h : h > 0 ? 1 : 0);
        gw += gz * x[i];
        gb += gz;
      }
      aj[k] -= scale * ga;
      wj[k] -= scale * gw;
      bj[k] -= scale * gb;
    }
  }

  return {
    step(update) {
      for (let j = 0; j < E; j++) member(j, update);
      return losses;
    },
    weights: async () => a.map((_, j) => ({ a: a[j].slice(), w: w[j].slice(), b: b[j].slice() })),
    dispose() {},
  };
}
