import { createKernels, createLayout, type KernelInstance, up4 } from "../wasm/kernels.js";
import type { TwoLayerModel, TwoLayerSetup } from "../types.js";

/**
 * The two-layer model on d-dimensional inputs (real data, docs/data.md) in float64: every
 * member's neurons stacked as the rows of one matrix U = [w_k, b_k], so a step is two blocked
 * products on the SIMD kernel `gemm` (wasm/kernels.wat), Z = U X̃ᵀ and ∂R/∂U = G X̃ / n with
 * G_ki = a_k r_i σ'(z_ki), plus the elementwise work between them (O(m·n), against O(m·n·d) for
 * the products). Dimensions are padded to multiples of 4 with zeros: a pad point has x̃ = 0 and
 * G = 0, a pad feature is 0 in X̃ and U, so padding changes no sum.
 */
export function createTwoLayerDenseJs({ x, y, activation, lr, inits }: TwoLayerSetup): TwoLayerModel {
  const n = y.length,
    d = x.length / n,
    m = inits[0].a.length,
    E = inits.length;
  const dims = { n, d, m, E, np: up4(n), dp: up4(d + 1), R: up4(E * m) };
  const layout = createLayout();
  const at = {
    XT: layout.f64(dims.dp * dims.np),
    Xr: layout.f64(dims.np * dims.dp),
    U: layout.f64(dims.R * dims.dp),
    Z: layout.f64(dims.R * dims.np),
    G: layout.f64(dims.R * dims.np),
    gU: layout.f64(dims.R * dims.dp),
  };
  const wasm = createKernels({ bytes: layout.end });
  fillInputs(wasm, at, dims, x);
  fillWeights(wasm, at, dims, inits);
  const a = inits.map((w) => Float64Array.from(w.a));
  const f = new Float64Array(n),
    gA = new Float64Array(m),
    losses = new Float64Array(E);
  const relu = activation === "relu";
  const { np, dp, R } = dims;

  /** Member j's loss from Z (turned into H in place), and, with `update`, its rows of G and ∂R/∂a in gA. */
  const member = (j: number, update: boolean) => {
    const Z = wasm.f64At(at.Z, R * np),
      G = wasm.f64At(at.G, R * np);
    f.fill(0);
    for (let k = 0; k < m; k++) {
      const row = (j * m + k) * np,
        ak = a[j][k];
      for (let i = 0; i < n; i++) {
        const z = Z[row + i];
        // biome-ignore lint/complexity/useMathMinMax: NaN gives 0 here, as in the other engines
        const h = relu ? (z > 0 ? z : 0) : Math.tanh(z);
        Z[row + i] = h;
        f[i] += ak * h;
      }
    }
    let loss = 0;
    for (let i = 0; i < n; i++) {
      f[i] -= y[i];
      loss += f[i] * f[i];
    }
    if (!update) return loss / (2 * n);
    for (let k = 0; k < m; k++) {
      const row = (j * m + k) * np,
        ak = a[j][k] / n;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const h = Z[row + i];
        s += f[i] * h;
        G[row + i] = ak * f[i] * (relu ? (h > 0 ? 1 : 0) : 1 - h * h);
      }
      gA[k] = s / n;
    }
    for (let k = 0; k < m; k++) a[j][k] -= lr * gA[k];
    return loss / (2 * n);
  };

  return {
    step(update) {
      wasm.gemm(at.Z, np, at.U, dp, 1, at.XT, np, R, dp, np, 1, 0);
      for (let j = 0; j < E; j++) losses[j] = member(j, update);
      if (update) {
        wasm.gemm(at.gU, dp, at.G, np, 1, at.Xr, dp, R, np, dp, 1, 0);
        wasm.axpy(at.U, -lr, at.gU, R * dp);
      }
      return losses;
    },
    weights: async () => weightsOf(wasm, at.U, dims, a),
    dispose() {},
  };
}

type Dims = { n: number; d: number; m: number; E: number; np: number; dp: number; R: number };

/** X̃ = [x, 1] row by row (Xr, np × dp) and transposed (XT, dp × np); pad points stay 0. */
function fillInputs(wasm: KernelInstance, at: { XT: number; Xr: number }, { n, d, np, dp }: Dims, x: Float64Array) {
  const XT = wasm.f64At(at.XT, dp * np),
    Xr = wasm.f64At(at.Xr, np * dp);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < d; s++) {
      XT[s * np + i] = x[i * d + s];
      Xr[i * dp + s] = x[i * d + s];
    }
    XT[d * np + i] = 1;
    Xr[i * dp + d] = 1;
  }
}

function fillWeights(wasm: KernelInstance, at: { U: number }, { d, m, dp, R }: Dims, inits: TwoLayerSetup["inits"]) {
  const U = wasm.f64At(at.U, R * dp);
  inits.forEach(({ w, b }, j) => {
    for (let k = 0; k < m; k++) {
      const row = (j * m + k) * dp;
      for (let s = 0; s < d; s++) U[row + s] = w[k * d + s];
      U[row + d] = b[k];
    }
  });
}

function weightsOf(wasm: KernelInstance, at: number, { d, m, dp, R }: Dims, a: Float64Array[]) {
  const U = wasm.f64At(at, R * dp);
  return a.map((aj, j) => {
    const w = new Float64Array(m * d),
      b = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const row = (j * m + k) * dp;
      w.set(U.subarray(row, row + d), k * d);
      b[k] = U[row + d];
    }
    return { a: aj.slice(), w, b };
  });
}
