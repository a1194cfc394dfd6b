import type * as TF from "@tensorflow/tfjs-core";
import type { ScaleInvariantModel, Tf } from "../types.js";

/** The scale-invariant net on tfjs: members on a leading batch axis, gradients written out. */
export function createScaleInvariantTf({
  tf,
  X: X64,
  y: y64,
  inits,
  weightDecay,
  decay,
}: {
  tf: Tf;
  X: Float64Array;
  y: Float64Array;
  inits: { V: Float64Array; a: Float64Array }[];
  weightDecay: number[];
  decay: number;
}): ScaleInvariantModel {
  const E = inits.length,
    m = inits[0].a.length,
    n = y64.length,
    p = X64.length / n;
  const X = tf.tensor2d(Float32Array.from(X64), [n, p]);
  const Y = tf.tensor1d(Float32Array.from(y64));
  const Xall = tf.tidy(() => tf.tile(tf.expandDims(X, 0), [E, 1, 1]));
  const Yall = tf.tidy(() => tf.tile(tf.reshape(Y, [1, n, 1]), [E, 1, 1]));
  const v0 = new Float32Array(E * m * p),
    a0 = new Float32Array(E * m);
  inits.forEach(({ V, a }, j) => {
    v0.set(V, j * m * p);
    a0.set(a, j * m);
  });
  let V: TF.Tensor = tf.tensor3d(v0, [E, m, p]),
    A: TF.Tensor = tf.tensor3d(a0, [E, m, 1]),
    b: TF.Tensor = tf.zeros([E, 1, 1]);
  const lam = tf.tensor3d(weightDecay, [E, 1, 1]);
  let gv2Sum: TF.Tensor = tf.zeros([E]),
    angleSum: TF.Tensor = tf.zeros([E]);

  // Loss and gradients of mean BCE for rows Xb [E, B, p], yb [E, B, 1]; ∂f/∂V = (√m/s)(G_U − ⟨G_U, V̂⟩V̂).
  const lossGrad = (Xb: TF.Tensor, yb: TF.Tensor) => {
    const s = tf.sqrt(tf.sum(tf.square(V), [1, 2], true));
    const Z = tf.matMul(Xb, tf.mul(V, tf.div(Math.sqrt(m), s)), false, true); // [E, B, m]
    const H = tf.relu(Z);
    const z = tf.add(tf.matMul(H, A), b); // [E, B, 1]
    const loss = tf.mean(tf.sub(tf.softplus(z), tf.mul(yb, z)), [1, 2]);
    const g = tf.div(tf.sub(tf.sigmoid(z), yb), Xb.shape[1]!);
    const gA = tf.matMul(H, g, true, false);
    const gb = tf.sum(g, [1, 2], true);
    const GU = tf.matMul(tf.mul(tf.mul(g, tf.reshape(A, [E, 1, m])), tf.step(Z)), Xb, true, false); // [E, m, p]
    const Vhat = tf.div(V, s);
    const gV = tf.mul(tf.div(Math.sqrt(m), s), tf.sub(GU, tf.mul(tf.sum(tf.mul(GU, Vhat), [1, 2], true), Vhat)));
    return { loss, gV, gA, gb };
  };

  return {
    async evaluate() {
      const full = tf.tidy(() => {
        const { loss, gV, gA, gb } = lossGrad(Xall, Yall);
        const gradNorm = tf.sqrt(
          tf.add(tf.add(tf.sum(tf.square(gV), [1, 2]), tf.sum(tf.square(gA), [1, 2])), tf.sum(tf.square(gb), [1, 2])),
        );
        return [loss, gradNorm, tf.sqrt(tf.sum(tf.square(V), [1, 2]))];
      });
      const [loss, gradNorm, vNorm] = (await Promise.all(full.map((x) => x.data()))) as Float32Array[];
      tf.dispose(full);
      return { loss, gradNorm, vNorm };
    },
    async window() {
      const [gv2, angle] = (await Promise.all([gv2Sum.data(), angleSum.data()])) as Float32Array[];
      return { gv2, angle };
    },
    step(lr, idx) {
      const next = tf.tidy(() => {
        const rows = idx ? tf.tensor1d(idx, "int32") : null;
        const B = idx ? idx.length / E : n;
        const Xb = rows ? tf.reshape(tf.gather(X, rows), [E, B, p]) : Xall;
        const yb = rows ? tf.reshape(tf.gather(Y, rows), [E, B, 1]) : Yall;
        const { loss, gV, gA, gb } = lossGrad(Xb, yb);
        const Vn = tf.sub(V, tf.mul(lr, tf.add(gV, tf.mul(lam, V))));
        // angle = 2·atan2(‖û − ûₙ‖, ‖û + ûₙ‖): exact for small angles, where acos(cos) loses half
        // its digits (in float32 the per-step angle of ~0.04 would carry a 1e-3 error).
        const unit = (x: TF.Tensor) => tf.div(x, tf.sqrt(tf.sum(tf.square(x), [1, 2], true)));
        const u = unit(V),
          un = unit(Vn);
        const half = tf.atan2(
          tf.sqrt(tf.sum(tf.square(tf.sub(u, un)), [1, 2])),
          tf.sqrt(tf.sum(tf.square(tf.add(u, un)), [1, 2])),
        );
        return {
          loss,
          V: Vn,
          A: tf.sub(A, tf.mul(lr, tf.add(gA, tf.mul(lam, A)))),
          b: tf.sub(b, tf.mul(lr, gb)),
          gv2: tf.add(tf.mul(gv2Sum, decay), tf.sum(tf.square(gV), [1, 2])),
          ang: tf.add(tf.mul(angleSum, decay), tf.mul(half, 2)),
        };
      });
      tf.dispose([V, A, b, gv2Sum, angleSum]);
      ({ V, A, b, gv2: gv2Sum, ang: angleSum } = next);
      return next.loss;
    },
    async weights() {
      const [v, a] = (await Promise.all([V.data(), A.data()])) as Float32Array[];
      return { v, a };
    },
    dispose: () => tf.dispose([V, A, b, gv2Sum, angleSum, lam, X, Y, Xall, Yall]),
  };
}
