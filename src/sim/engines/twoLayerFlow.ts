import { dormandPrince, type Integrator } from "../integrators/dormandPrince.js";
import { twoLayerLossGrad } from "../models/twoLayer.js";
import type { TwoLayerModel, TwoLayerSetup } from "../types.js";

/**
 * Gradient flow dθ/dt = −∇R(θ) of the two-layer nets, float64, each member integrated by
 * Dormand–Prince 5(4) to relative tolerance `rtol`. A "step" advances the flow by time `lr`, so
 * GD's step k and the flow's time lr·k share one axis; the loss of a step is at its start, as GD's is.
 */
export function createTwoLayerFlow({
  x,
  y,
  activation,
  lr,
  inits,
  rtol,
}: TwoLayerSetup & { rtol: number }): TwoLayerModel {
  const m = inits[0].a.length,
    d = x.length / y.length,
    size = (d + 2) * m;
  // θ = (a, w, b), w m × d
  const thetas = inits.map(({ a, w, b }) => {
    const t = new Float64Array(size);
    t.set(a, 0);
    t.set(w, m);
    t.set(b, (d + 1) * m);
    return t;
  });
  const split = (t: Float64Array) => ({
    a: t.subarray(0, m),
    w: t.subarray(m, (d + 1) * m),
    b: t.subarray((d + 1) * m),
  });
  const field = (t: Float64Array, out: Float64Array) => {
    const { ga, gw, gb } = twoLayerLossGrad({ x, y, activation, ...split(t) });
    out.set(ga, 0);
    out.set(gw, m);
    out.set(gb, (d + 1) * m);
    for (let i = 0; i < size; i++) out[i] = -out[i];
  };
  const flows: Integrator[] = thetas.map(() => dormandPrince({ f: field, size, rtol }));
  const losses = new Float64Array(inits.length);
  return {
    step(update) {
      thetas.forEach((t, j) => {
        losses[j] = twoLayerLossGrad({ x, y, activation, ...split(t) }).loss;
        if (update) flows[j].advance({ y: t, span: lr });
      });
      return losses;
    },
    weights: async () => thetas.map((t) => ({ a: t.slice(0, m), w: t.slice(m, (d + 1) * m), b: t.slice((d + 1) * m) })),
    dispose() {},
  };
}
