/**
 * How far chains move versus how far apart they are (docs/phenomena/invariant-measure.md): each chain's point θ̂
 * (a flat vector), its displacement since the previous snapshot, and the mean pairwise distance.
 * A converged law with moving chains has a stable spread and displacements a large fraction of it.
 */
export function displacementAndSpread({ prev, cur }: { prev: Float64Array[] | null; cur: Float64Array[] }): {
  displacement: number | null;
  spread: number;
} {
  const dist = (x: Float64Array, y: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
    return Math.sqrt(s);
  };
  const displacement = prev ? cur.reduce((s, c, j) => s + dist(c, prev[j]), 0) / cur.length : null;
  let spread = 0,
    pairs = 0;
  for (let i = 0; i < cur.length; i++)
    for (let j = i + 1; j < cur.length; j++) {
      spread += dist(cur[i], cur[j]);
      pairs++;
    }
  return { displacement, spread: pairs ? spread / pairs : 0 };
}
