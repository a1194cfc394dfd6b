import { createKernels, createLayout } from "../wasm/kernels.js";
import type { TwoLayerModel, TwoLayerSetup } from "../types.js";
import { createTwoLayerDenseJs } from "./twoLayerDenseJs.js";

/** x as x_0 + iΔ when it is an evenly spaced grid (docs/phenomena/multistage.md's inputs), else null. */
function grid(x: Float64Array): { x0: number; dx: number } | null {
  const n = x.length,
    dx = n > 1 ? (x[n - 1] - x[0]) / (n - 1) : 0;
  for (let i = 0; i < n; i++) if (Math.abs(x[0] + i * dx - x[i]) > 1e-12 * (1 + Math.abs(x[i]))) return null;
  return { x0: x[0], dx };
}

/**
 * The two-layer model in float64 on the SIMD kernel `twoLayerStep` (wasm/kernels.wat), member
 * by member: one pass over (neuron, point) for the forward sums, one for the gradient, two points
 * at a time. Same maths as the tfjs model: r = f − y, ∂R/∂a_k = (1/n) Σ_i r_i h_ki,
 * ∂R/∂(w_k, b_k) = (1/n) Σ_i a_k r_i σ'(z_ki) (x_i, 1).
 *
 * tanh is the hot spot (m·n per step). On an evenly spaced grid z_ki = w_k x_i + b_k is linear in
 * i, so e^(2z) along a neuron is geometric: two exps per neuron, then one multiply per point, and
 * tanh = 1 − 2/(e^(2z) + 1). The recurrence drifts by about i ulps (≤ 1e-13 relative for
 * n ≤ 1000); where |z| < 0.05 (the small-init plateau) tanh comes from its odd series instead,
 * which avoids the cancellation in e^(2z) − 1, and neurons with |z| ≥ 20 anywhere (where e^(2z)
 * could underflow or overflow, and the recurrence never recover) use Math.tanh.
 */
export function createTwoLayerJs(setup: TwoLayerSetup): TwoLayerModel {
  // Inputs of more than one dimension (real data) go through the dense products instead.
  if (setup.x.length !== setup.y.length) return createTwoLayerDenseJs(setup);
  const { x, y, activation, lr, inits } = setup;
  const n = x.length,
    m = inits[0].a.length,
    E = inits.length;
  // Points padded to an even count (the kernel's two lanes); the pad point continues the grid.
  const n2 = n + (n % 2);
  const g = grid(x);
  const layout = createLayout();
  const X = layout.f64(n2),
    Y = layout.f64(n2),
    F = layout.f64(n2),
    Rs = layout.f64(n2),
    H = layout.f64(m * n2);
  const params = inits.map(() => ({ a: layout.f64(m), w: layout.f64(m), b: layout.f64(m) }));
  const wasm = createKernels({ bytes: layout.end });
  wasm.f64At(X, n2).set(x);
  if (n2 > n) wasm.f64At(X, n2)[n] = g ? g.x0 + n * g.dx : x[n - 1];
  wasm.f64At(Y, n).set(y);
  params.forEach((p, j) => {
    wasm.f64At(p.a, m).set(inits[j].a);
    wasm.f64At(p.w, m).set(inits[j].w);
    wasm.f64At(p.b, m).set(inits[j].b);
  });
  const losses = new Float64Array(E);
  const relu = activation === "relu" ? 1 : 0,
    scale = lr / n;

  return {
    step(update) {
      params.forEach((p, j) => {
        losses[j] = wasm.twoLayerStep(
          p.a,
          p.w,
          p.b,
          X,
          Y,
          F,
          Rs,
          H,
          m,
          n,
          relu,
          g ? 1 : 0,
          g?.x0 ?? 0,
          g?.dx ?? 0,
          scale,
          update ? 1 : 0,
        );
      });
      return losses;
    },
    weights: async () =>
      params.map((p) => ({
        a: wasm.f64At(p.a, m).slice(),
        w: wasm.f64At(p.w, m).slice(),
        b: wasm.f64At(p.b, m).slice(),
      })),
    dispose() {},
  };
}
