import { kernelsBase64 } from "./kernelsBytes.js";

/** The exports of kernels.wat; every address is a byte offset into `memory`, strides are in elements. */
export interface Kernels {
  memory: WebAssembly.Memory;
  gemmAx(
    c: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    n: number,
    p: number,
    q: number,
    alpha: number,
    acc: number,
  ): void;
  gemmDot(
    c: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    n: number,
    p: number,
    q: number,
    alpha: number,
    acc: number,
  ): void;
  gemm(
    c: number,
    ldc: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    ldb: number,
    n: number,
    p: number,
    q: number,
    alpha: number,
    acc: number,
  ): void;
  dot(x: number, y: number, n: number): number;
  axpy(y: number, alpha: number, x: number, n: number): void;
  orthogonalize(w: number, q: number, m: number, n: number): void;
  twoLayerStep(
    a: number,
    w: number,
    b: number,
    x: number,
    y: number,
    f: number,
    r: number,
    H: number,
    m: number,
    n: number,
    relu: number,
    grid: number,
    x0: number,
    dx: number,
    scale: number,
    update: number,
  ): number;
  scaleInvariantLossGrad(
    u: number,
    a: number,
    b: number,
    X: number,
    y: number,
    rows: number,
    B: number,
    m2: number,
    Z: number,
    gA: number,
    gU: number,
    out: number,
  ): void;
}

/** An instance of the kernels with helpers for its memory, which the engines lay out themselves. */
export interface KernelInstance extends Kernels {
  /** Grow the memory to hold at least `bytes` (arrays from f64() and i32() taken before go stale). */
  reserve(bytes: number): void;
  /** The whole memory as float64 / int32 elements, viewed afresh after it grows. */
  f64(): Float64Array;
  i32(): Int32Array;
  /** The `length` float64 elements at byte offset `offset` (positional, as the kernels' own arguments). */
  f64At(offset: number, length: number): Float64Array;
}

/** k rounded up to a multiple of 4: the `gemm` kernel's blocks (callers pad with zeros). */
export const up4 = (k: number) => Math.ceil(k / 4) * 4;

/**
 * Byte offsets for arrays placed one after another in a kernels' memory, 8-byte aligned; `end` is
 * the bytes used so far.
 */
export function createLayout() {
  let end = 0;
  const take = (bytes: number) => {
    const at = end;
    end += bytes;
    return at;
  };
  return {
    f64: (len: number) => take(8 * len),
    i32: (len: number) => take(8 * Math.ceil(len / 2)),
    get end() {
      return end;
    },
  };
}

let compiled: WebAssembly.Module | undefined;

/**
 * A fresh instance with at least `bytes` of memory of its own, so models never share state. The
 * module is about 3 KB, so it compiles synchronously (allowed in Node and in workers).
 */
export function createKernels({ bytes }: { bytes: number }): KernelInstance {
  compiled ??= new WebAssembly.Module(Uint8Array.from(atob(kernelsBase64), (c) => c.charCodeAt(0)));
  const exports = new WebAssembly.Instance(compiled, { m: { exp: Math.exp, tanh: Math.tanh, log1p: Math.log1p } })
    .exports as unknown as Kernels;
  const { memory } = exports;
  let f64 = new Float64Array(0),
    i32 = new Int32Array(0);
  // A grown memory has a new buffer (the old one is detached): view it again.
  const current = () => {
    if (f64.buffer === memory.buffer) return;
    f64 = new Float64Array(memory.buffer);
    i32 = new Int32Array(memory.buffer);
  };
  const instance: KernelInstance = {
    ...exports,
    reserve(need) {
      const short = need - memory.buffer.byteLength;
      if (short > 0) memory.grow(Math.ceil(short / 65536));
    },
    f64() {
      current();
      return f64;
    },
    i32() {
      current();
      return i32;
    },
    f64At(offset, length) {
      current();
      return f64.subarray(offset / 8, offset / 8 + length);
    },
  };
  instance.reserve(bytes);
  return instance;
}
