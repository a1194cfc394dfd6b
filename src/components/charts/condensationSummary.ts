import { amplitudes, cosinesTo } from "../../sim/metrics/condensation.js";
import { count, fmt } from "../../text/describe.js";

/**
 * One sentence on a neuron snapshot: how many neurons carry most of the amplitude, and how many of
 * those point within 10° of ±M (the direction the linearized tanh dynamics condense onto).
 */
export function condensationSummary({
  snapshot,
  direction,
}: {
  snapshot: { a: number[]; w: number[]; b: number[]; step: number };
  direction: readonly number[] | null;
}): string {
  const amp = amplitudes(snapshot);
  const m = amp.length;
  const top = Math.max(...amp);
  if (!(top > 0)) return `At step ${count(snapshot.step)} all ${m} neurons are zero.`;
  // "Large" neurons: within a factor 10 of the largest amplitude.
  const big = [...amp.keys()].filter((k) => amp[k] >= top / 10);
  const head = `At step ${count(snapshot.step)}, ${big.length} of ${m} neurons have amplitude within 10× of the largest (${fmt(top)})`;
  if (!direction) return `${head}.`;
  // The angle to the line through ±M is arccos |cos(u_k, M)|, in any number of inputs.
  const cos = cosinesTo({ ...snapshot, direction });
  const near = big.filter((k) => Math.abs(cos[k]) > Math.cos((10 * Math.PI) / 180)).length;
  return `${head}, and ${near} of them point within 10° of ±M.`;
}
