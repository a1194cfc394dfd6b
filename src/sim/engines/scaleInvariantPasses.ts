import { createKernels, createLayout, type KernelInstance, up4 } from "../wasm/kernels.js";

/**
 * One loss-and-gradient pass of the scale-invariant net for member j over B rows (null: all n):
 * fills gV (∂f/∂V, m × p) and gA, returns [mean BCE, ∂f/∂b, ‖V‖]. Per pass: s = ‖V‖,
 * Z = √m X_b V̂ᵀ (B × m), z = relu(Z) a + b; g = (σ(z) − y)/B, ∂/∂a = relu(Z)ᵀ g, ∂/∂b = Σ g,
 * G_U = (g aᵀ ⊙ [Z > 0])ᵀ X_b and ∂/∂V = (√m/s)(G_U − ⟨G_U, V̂⟩V̂), the gradient of a
 * scale-invariant function being orthogonal to V (docs/phenomena/invariant-measure.md).
 */
export type ScaleInvariantPass = (
  j: number,
  weights: { v: Float64Array; a: Float64Array; b: Float64Array },
  rows: Int32Array | null,
  out: { gV: Float64Array; gA: Float64Array },
) => [number, number, number];

interface PassSetup {
  X: Float64Array;
  y: Float64Array;
  m: number;
}

/** ∂/∂V from G_U (in gV): project out V̂ and scale by √m/s. */
function project(gV: Float64Array, v: Float64Array, vo: number, s: number, c: number) {
  let dot = 0;
  for (let i = 0; i < gV.length; i++) dot += gV[i] * v[vo + i];
  dot /= s;
  for (let i = 0; i < gV.length; i++) gV[i] = c * (gV[i] - (dot * v[vo + i]) / s);
}

/** s = ‖V_j‖ over its m·p entries. */
function normOf(v: Float64Array, vo: number, len: number) {
  let s2 = 0;
  for (let i = 0; i < len; i++) s2 += v[vo + i] * v[vo + i];
  return Math.sqrt(s2);
}

/**
 * The toy's 3 inputs on the SIMD kernel `scaleInvariantLossGrad` (wasm/kernels.wat), two neurons at
 * a time. Its memory: neurons padded to an even count m2 (a pad neuron has u = 0, a = 0, so it is
 * never active); u and G_U by coordinate planes of m2; Z (B × m2) and the row list last, grown with B.
 */
export function createPlanePass({ X, y, m }: PassSetup): ScaleInvariantPass {
  const n = y.length,
    m2 = m + (m % 2),
    rootM = Math.sqrt(m);
  const layout = createLayout();
  const at = {
    X: layout.f64(3 * n),
    Y: layout.f64(n),
    U: layout.f64(3 * m2),
    A: layout.f64(m2),
    GA: layout.f64(m2),
    GU: layout.f64(3 * m2),
    OUT: layout.f64(2),
    ALL: layout.i32(n),
  };
  const Z = layout.end;
  const wasm = createKernels({ bytes: Z + 8 * n * m2 });
  wasm.f64().set(X, at.X / 8);
  wasm.f64().set(y, at.Y / 8);
  wasm.i32().set(
    Int32Array.from({ length: n }, (_, i) => i),
    at.ALL / 4,
  );
  return (j, { v, a, b }, rows, { gV, gA }) => {
    const B = rows ? rows.length : n;
    wasm.reserve(Z + 8 * B * m2 + 4 * B);
    const list = rows ? Z + 8 * B * m2 : at.ALL;
    if (rows) wasm.i32().set(rows, list / 4);
    const vo = j * m * 3,
      f64 = wasm.f64();
    const s = normOf(v, vo, m * 3),
      c = rootM / s;
    for (let q = 0; q < m; q++) {
      for (let d = 0; d < 3; d++) f64[at.U / 8 + d * m2 + q] = v[vo + 3 * q + d] * c; // √m V̂
      f64[at.A / 8 + q] = a[j * m + q];
    }
    wasm.scaleInvariantLossGrad(at.U, at.A, b[j], at.X, at.Y, list, B, m2, Z, at.GA, at.GU, at.OUT);
    for (let q = 0; q < m; q++) {
      gA[q] = f64[at.GA / 8 + q];
      for (let d = 0; d < 3; d++) gV[3 * q + d] = f64[at.GU / 8 + d * m2 + q];
    }
    project(gV, v, vo, s, c);
    return [f64[at.OUT / 8] / B, f64[at.OUT / 8 + 1], s];
  };
}

/**
 * Inputs of any dimension p (real data: the pixels and the bias) through two blocked products on
 * the SIMD kernel `gemm`: Z = X_b Uᵀ and G_U = Gᵀ X_b, with G_rk = [Z_rk > 0] g_r a_k. Rows,
 * neurons and inputs are padded to multiples of 4 with zeros (a pad row has G = 0, a pad neuron
 * U = 0 and a = 0), so padding changes no sum.
 */
export function createDensePass({ X, y, m }: PassSetup): ScaleInvariantPass {
  const n = y.length,
    p = X.length / n,
    pp = up4(p),
    mp = up4(m),
    rootM = Math.sqrt(m);
  const layout = createLayout();
  const at = { X: layout.f64(up4(n) * pp), UT: layout.f64(pp * mp), GU: layout.f64(mp * pp) };
  const rest = layout.end;
  const wasm = createKernels({ bytes: rest + 8 * up4(n) * (pp + 2 * mp) });
  const Xall = wasm.f64At(at.X, up4(n) * pp);
  for (let i = 0; i < n; i++) Xall.set(X.subarray(i * p, (i + 1) * p), i * pp);
  /** Byte offsets of X_b (Bp × pp), Z and G (Bp × mp each) for Bp rows. */
  const room = (Bp: number) => {
    wasm.reserve(rest + 8 * Bp * (pp + 2 * mp));
    return { Xb: rest, Z: rest + 8 * Bp * pp, G: rest + 8 * Bp * (pp + mp) };
  };
  return (j, { v, a, b }, rows, { gV, gA }) => {
    const B = rows ? rows.length : n,
      Bp = up4(B);
    const buf = room(Bp);
    const Xsrc = rows ? gather(wasm, buf.Xb, Xall, rows, pp) : at.X;
    const vo = j * m * p;
    const s = normOf(v, vo, m * p),
      c = rootM / s;
    const UT = wasm.f64At(at.UT, pp * mp);
    for (let k = 0; k < m; k++) for (let t = 0; t < p; t++) UT[t * mp + k] = c * v[vo + k * p + t];
    wasm.gemm(buf.Z, mp, Xsrc, pp, 1, at.UT, mp, Bp, pp, mp, 1, 0);
    const [loss, gb] = rowPass(wasm, buf, { B, Bp, m, mp }, a.subarray(j * m, (j + 1) * m), b[j], y, rows, gA);
    // G_U (mp × pp) = Gᵀ X_b: G read transposed (row stride 1, column stride mp).
    wasm.gemm(at.GU, pp, buf.G, 1, mp, Xsrc, pp, mp, Bp, pp, 1, 0);
    const GU = wasm.f64At(at.GU, mp * pp);
    for (let k = 0; k < m; k++) for (let t = 0; t < p; t++) gV[k * p + t] = GU[k * pp + t];
    project(gV, v, vo, s, c);
    return [loss / B, gb, s];
  };
}

/** X_b: the listed rows of X, one after another at byte offset `to`; pad rows 0. */
function gather(wasm: KernelInstance, to: number, Xall: Float64Array, rows: Int32Array, pp: number): number {
  const Bp = up4(rows.length);
  const Xb = wasm.f64At(to, Bp * pp);
  rows.forEach((i, r) => Xb.set(Xall.subarray(i * pp, (i + 1) * pp), r * pp));
  Xb.fill(0, rows.length * pp);
  return to;
}

/** z_r, the BCE sum, g_r, ∂/∂a, ∂/∂b and G for the B rows, from Z; G's pad rows 0. */
function rowPass(
  wasm: KernelInstance,
  buf: { Z: number; G: number },
  { B, Bp, m, mp }: { B: number; Bp: number; m: number; mp: number },
  a: Float64Array,
  b: number,
  y: Float64Array,
  rows: Int32Array | null,
  gA: Float64Array,
): [number, number] {
  const Z = wasm.f64At(buf.Z, Bp * mp),
    G = wasm.f64At(buf.G, Bp * mp);
  G.fill(0);
  gA.fill(0);
  let loss = 0,
    gb = 0;
  for (let r = 0; r < B; r++) {
    let z = b;
    // biome-ignore lint/complexity/useMathMinMax: NaN gives 0 here, as in the kernel's pmax and tf.relu
    for (let k = 0; k < m; k++) z += a[k] * (Z[r * mp + k] > 0 ? Z[r * mp + k] : 0);
    const yr = y[rows ? rows[r] : r];
    // softplus(z) = log(1 + e^z) without overflow
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - yr * z;
    const g = (1 / (1 + Math.exp(-z)) - yr) / B;
    gb += g;
    for (let k = 0; k < m; k++) {
      const zk = Z[r * mp + k];
      if (!(zk > 0)) continue;
      gA[k] += zk * g;
      G[r * mp + k] = g * a[k];
    }
  }
  return [loss, gb];
}
