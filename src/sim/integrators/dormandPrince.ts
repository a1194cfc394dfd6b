/**
 * Dormand–Prince 5(4): an explicit Runge–Kutta pair with an embedded error estimate (Dormand &
 * Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, II.5). The fifth-order solution is kept
 * (local extrapolation), the first stage reuses the last one (FSAL), and the step size follows
 * the error: accepted when the scaled error is at most 1, the next step h·min(5, max(0.2, 0.9·err^(−1/5))).
 * Used for gradient flow dθ/dt = −∇L(θ) beside gradient descent (docs/phenomena/*.md).
 */
// (Stage times c = 0, 1/5, 3/10, 4/5, 8/9, 1, 1 are not needed: the flow is autonomous.)
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
/** Fifth-order weights minus the embedded fourth-order ones: the error estimate's. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

/** dy/dt = f(y), written into `out` (autonomous: gradient flow does not depend on t). */
export type Field = (y: Float64Array, out: Float64Array) => void;

export interface Integrator {
  /** Move `y` (in place) from time t to t + span; returns the number of accepted and rejected steps. */
  advance(options: { y: Float64Array; span: number }): { accepted: number; rejected: number };
  /** The step size the next advance starts with (the last accepted step's successor). */
  readonly h: number;
}

export function dormandPrince({
  f,
  size,
  rtol,
  atol = rtol * 1e-3,
  h0,
}: {
  f: Field;
  size: number;
  rtol: number;
  atol?: number;
  /** First trial step (default: rtol^(1/5), a step the error control can shrink at once). */
  h0?: number;
}): Integrator {
  if (!(rtol > 0)) throw new RangeError(`invalid rtol: ${rtol}`);
  const k = Array.from({ length: 7 }, () => new Float64Array(size));
  const stage = new Float64Array(size),
    next = new Float64Array(size);
  let h = h0 ?? rtol ** 0.2;
  let fsal = false; // k[0] holds f(y) from the last accepted step
  let last: Float64Array | null = null;
  return {
    get h() {
      return h;
    },
    advance({ y, span }) {
      let accepted = 0,
        rejected = 0,
        done = 0;
      if (last !== y || !fsal) f(y, k[0]);
      last = y;
      while (done < span) {
        const step = Math.min(h, span - done);
        for (let s = 1; s < 7; s++) {
          for (let i = 0; i < size; i++) {
            let acc = 0;
            for (let j = 0; j < s; j++) acc += A[s][j] * k[j][i];
            (s < 6 ? stage : next)[i] = y[i] + step * acc;
          }
          f(s < 6 ? stage : next, k[s]);
        }
        let err = 0;
        for (let i = 0; i < size; i++) {
          let e = 0;
          for (let s = 0; s < 7; s++) e += E[s] * k[s][i];
          const scale = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(next[i]));
          err = Math.max(err, Math.abs(step * e) / scale);
        }
        const factor = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * err ** -0.2));
        if (err <= 1 && Number.isFinite(err)) {
          y.set(next);
          k[0].set(k[6]); // first same as last
          done += step;
          accepted++;
          // A step cut short by the end of the span says nothing about the next one's size.
          if (step === h) h *= factor;
        } else {
          h = step * (Number.isFinite(err) ? factor : 0.2);
          rejected++;
          if (!(h > span * 1e-14)) throw new RangeError("gradient flow: the step size underflowed (the flow diverges)");
        }
      }
      fsal = true;
      return { accepted, rejected };
    },
  };
}
