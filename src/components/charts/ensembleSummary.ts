import type { EnsembleStat } from "../../sim/types.js";

/** One sentence on the ensemble, computed from its snapshots (chart text summary). */
export function ensembleSummary({
  ensemble,
}: {
  ensemble: { snapshots: EnsembleStat[]; params: { chains: number; steps: number } };
}): string {
  const late = ensemble.snapshots.filter((s) => s.step >= ensemble.params.steps / 2 && s.displacement != null);
  if (late.length === 0) return "Too few snapshots to summarize.";
  const mean = (f: (s: EnsembleStat) => number) => late.reduce((a, s) => a + f(s), 0) / late.length;
  const w1 = mean((s) => s.w1VNorm as number);
  const vNorm = mean((s) => (s.vNorm as number[]).reduce((a, b) => a + b, 0) / (s.vNorm as number[]).length);
  const disp = mean((s) => s.displacement as number);
  const spread = mean((s) => s.spread as number);
  return `Over the second half of the run, the W1 distance between consecutive distributions of ‖V‖ averages ${w1.toPrecision(2)} (${((100 * w1) / vNorm).toFixed(1)} % of ‖V‖), while each chain moves ${disp.toPrecision(2)} between snapshots, ${((100 * disp) / spread).toFixed(0)} % of the mean distance between chains (${spread.toPrecision(2)}).`;
}
