import type { Tf } from "../src/sim/types.js";
import { flatten, hessianVector, unflatten } from "../src/sim/models/deepLinear.js";
import { lanczosMax } from "../src/sim/models/lanczos.js";
import { createRng } from "../src/sim/rng.js";

/**
 * λ_max of the scalar multi-pathway model (target s) at the balanced global minimum that gives
 * pathway k the share q_k: every weight of pathway k is (q_k·s)^(1/L). Measured with the
 * experiment's own Hessian-vector product and Lanczos.
 */
export async function hessianSharpness({ tf, K, L, shares, s = 1, iters = 40 }: { tf: Tf; K: number; L: number; shares: number[]; s?: number; iters?: number }): Promise<number> {
  const W = shares.map((q) => Array.from({ length: L }, () => tf.tensor3d([(q * s) ** (1 / L)], [1, 1, 1])));
  const T = tf.tensor3d([s], [1, 1, 1]);
  const rng = createRng({ seed: 7 });
  const start = tf.tensor2d(Float32Array.from({ length: K * L }, () => rng.normal()), [1, K * L]);
  const [lam] = await lanczosMax({ tf, apply: (v) => flatten(tf, hessianVector({ tf, W, V: unflatten(tf, v, W), T })), start, iters: Math.min(iters, K * L) });
  tf.dispose([...W.flat(), T, start]);
  return lam;
}
