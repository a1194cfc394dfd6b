import { flatten, hessianVector, lossGrad, unflatten, type Mats } from "../models/deepLinear.js";
import { lanczosMax } from "../models/lanczos.js";
import type { Tf } from "../types.js";
import type { DeepLinearModel, DeepLinearSetup } from "../types.js";

/** The deep linear model on tfjs: W[k][l] is [E, dims[l+1], dims[l]]; exact gradient and HVP (models/deepLinear.ts). */
export function createDeepLinearTf({ tf, T: target, dims, inits, lrs }: DeepLinearSetup & { tf: Tf }): DeepLinearModel {
  const E = inits.length,
    K = inits[0].length,
    L = dims.length - 1;
  const T = tf.tensor3d(Float32Array.from(target.T), [1, target.rows, target.cols]);
  let W: Mats = Array.from({ length: K }, (_, k) =>
    Array.from({ length: L }, (_, l) => {
      const size = dims[l + 1] * dims[l];
      const data = new Float32Array(E * size);
      inits.forEach((init, e) => data.set(init[k][l], e * size));
      return tf.tensor3d(data, [E, dims[l + 1], dims[l]]);
    }),
  );
  const lr = tf.tensor3d(lrs, [E, 1, 1]);
  const size = W.flat().reduce((n, m) => n + m.size / E, 0);
  return {
    size,
    step({ update, omegas }) {
      const out = tf.tidy(() => {
        const { loss, grad, omegas: om } = lossGrad({ tf, W, T });
        const next = update ? W.map((Wk, k) => Wk.map((m, l) => tf.sub(m, tf.mul(lr, grad[k][l])))) : [];
        return { loss, next, omegas: omegas ? tf.stack(om, 1) : undefined }; // omegas: [E, K, out, in]
      });
      if (out.next.length) {
        tf.dispose(W.flat());
        W = out.next;
      }
      const om = out.omegas;
      const read = async (t: NonNullable<typeof om>) => {
        const d = await t.data();
        t.dispose();
        return d;
      };
      return { loss: out.loss, omegas: om ? read(om) : undefined };
    },
    async sharpness({ start: data, iters }) {
      const start = tf.tensor2d(data, [E, size]);
      const apply = (v: Parameters<typeof unflatten>[1]) =>
        flatten(tf, hessianVector({ tf, W, V: unflatten(tf, v, W), T }));
      const out = await lanczosMax({ tf, apply, start, iters });
      start.dispose();
      return out;
    },
    dispose: () => tf.dispose([...W.flat(), T, lr]),
  };
}
