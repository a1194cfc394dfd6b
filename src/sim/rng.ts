/**
 * Seeded pseudo-random numbers, identical in Node and every browser: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator) uses only 32-bit integer ops, so no engine can round differently.
 * tfjs's own seeded ops are not used: bundled, they break (seedrandom interop), and they would tie
 * the draws to the backend.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller, both draws used). */
  normal(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Everything the stream's next draws depend on: a checkpoint restores the stream from it exactly. */
  state(): RngState;
}

/** sfc32's four words and Box–Muller's spare normal. */
export type RngState = { words: [number, number, number, number]; spare: number | null };

export function createRng({ seed, state }: { seed: number; state?: RngState }): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`invalid seed: ${seed}`);
  // splitmix32 spreads a small seed over the 128-bit state so seeds 0, 1, 2 are unrelated streams.
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  if (state) [a, b, c, d] = state.words.map((w) => w | 0);
  // 53 random bits per uniform so that log(u) in Box–Muller never sees an exact 0 in practice.
  const uniform = () => (next32() * 2 ** 21 + (next32() >>> 11)) / 2 ** 53;
  let spare: number | null = state?.spare ?? null;
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const phi = 2 * Math.PI * uniform();
    spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  };
  const int = (n: number) => Math.floor(uniform() * n);
  return { uniform, normal, int, state: () => ({ words: [a >>> 0, b >>> 0, c >>> 0, d >>> 0], spare }) };
}
