import { createDeepLinearJs } from "../src/sim/engines/deepLinearJs.js";
import { createRng } from "../src/sim/rng.js";

/**
 * λ_max of the scalar multi-pathway model (target s) at the balanced global minimum that gives
 * pathway k the share q_k: every weight of pathway k is (q_k·s)^(1/L). Measured with the
 * experiment's own Hessian-vector product and Lanczos.
 */
export async function hessianSharpness({
  K,
  L,
  shares,
  s = 1,
  iters = 40,
}: {
  K: number;
  L: number;
  shares: number[];
  s?: number;
  iters?: number;
}): Promise<number> {
  const inits = [shares.map((q) => Array.from({ length: L }, () => Float64Array.of((q * s) ** (1 / L))))];
  const model = createDeepLinearJs({
    T: { T: Float64Array.of(s), rows: 1, cols: 1 },
    dims: new Array(L + 1).fill(1),
    inits,
    lrs: [0],
  });
  const rng = createRng({ seed: 7 });
  const [lam] = await model.sharpness({
    start: Float32Array.from({ length: K * L }, () => rng.normal()),
    iters: Math.min(iters, K * L),
  });
  return lam;
}
