import type * as TF from "@tensorflow/tfjs-core";
import type { Tf } from "../types.js";
import type { TwoLayerModel, TwoLayerSetup } from "../types.js";

/** The two-layer model on tfjs: members on a leading batch axis, the gradient written out (fewer ops than autodiff). */
export function createTwoLayerTf({ tf, x, y, activation, lr, inits }: TwoLayerSetup & { tf: Tf }): TwoLayerModel {
  const n = y.length,
    d = x.length / n,
    d1 = d + 1,
    m = inits[0].a.length,
    E = inits.length;
  const a0 = new Float32Array(E * m),
    wb0 = new Float32Array(E * m * d1);
  inits.forEach(({ a, w, b }, j) => {
    a0.set(a, j * m);
    for (let k = 0; k < m; k++) {
      for (let s = 0; s < d; s++) wb0[(j * m + k) * d1 + s] = w[k * d + s];
      wb0[(j * m + k) * d1 + d] = b[k];
    }
  });
  const xt = new Float32Array(n * d1);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < d; s++) xt[i * d1 + s] = x[i * d + s];
    xt[i * d1 + d] = 1;
  }
  const Xt = tf.tidy(() => tf.tile(tf.tensor3d(xt, [1, n, d1]), [E, 1, 1])); // [E, n, d+1], x̃ = (x, 1)
  const XtT = tf.transpose(Xt, [0, 2, 1]); // [E, d+1, n]
  const Y = tf.tidy(() => tf.tile(tf.tensor3d(Float32Array.from(y), [1, 1, n]), [E, 1, 1]));
  let W: TF.Tensor = tf.tensor3d(wb0, [E, m, d1]); // rows u_k = (w_k, b_k)
  let A: TF.Tensor = tf.tensor3d(a0, [E, 1, m]);

  return {
    // One GD step on R = (1/2n)‖f − y‖²: r = f − y, ∂R/∂a_k = (1/n) Σ_i r_i h_ki, ∂R/∂u_k = (1/n) Σ_i a_k r_i σ'(z_ki) x̃_i.
    step(update) {
      const out = tf.tidy(() => {
        const Z = tf.matMul(W, XtT);
        const H = activation === "tanh" ? tf.tanh(Z) : tf.relu(Z);
        const r = tf.sub(tf.matMul(A, H), Y); // [E, 1, n]
        const loss = tf.mul(tf.mean(tf.square(r), [1, 2]), 0.5);
        if (!update) return { loss };
        const dH = activation === "tanh" ? tf.sub(1, tf.square(H)) : tf.step(Z);
        const gA = tf.mul(tf.matMul(r, H, false, true), 1 / n);
        const gZ = tf.mul(tf.mul(tf.transpose(A, [0, 2, 1]), r), dH);
        const gW = tf.mul(tf.matMul(gZ, Xt), 1 / n);
        return { loss, W: tf.sub(W, tf.mul(gW, lr)), A: tf.sub(A, tf.mul(gA, lr)) };
      });
      if (out.W) {
        tf.dispose([W, A]);
        W = out.W;
        A = out.A;
      }
      return out.loss;
    },
    async weights() {
      const [wb, a] = (await Promise.all([W.data(), A.data()])) as Float32Array[];
      return Array.from({ length: E }, (_, j) => ({
        a: Float64Array.from(a.subarray(j * m, (j + 1) * m)),
        w: Float64Array.from({ length: m * d }, (_, t) => wb[(j * m + Math.floor(t / d)) * d1 + (t % d)]),
        b: Float64Array.from({ length: m }, (_, k) => wb[(j * m + k) * d1 + d]),
      }));
    },
    dispose: () => tf.dispose([W, A, Xt, XtT, Y]),
  };
}
