import { palette } from "./palette.js";
import type { previewChart } from "./previewChart.js";

type PreviewOptions = Omit<Parameters<typeof previewChart>[0], "width" | "height">;

/** What the previews read of the precomputed data (the loaders' files). */
export interface PreviewData {
  multistage: {
    series: { loss: { steps: number[]; median: (number | null)[] } };
    theory: { tInit: number; lLin: number };
  };
  ensemble: {
    snapshots: { step: number; displacement: number | null; spread: number | null; w1VNorm: number | null }[];
  };
  scalar: { traces: { step: number[]; share: number[][] }[]; members: { lr: number }[] };
}

/**
 * Each phenomenon's hero in miniature, from its precomputed data: the index's cards draw them, and
 * the build renders them as each page's Open Graph image (build/ogImages.ts).
 */
export function previews({
  multistage,
  ensemble,
  scalar,
}: PreviewData): Record<"multistage" | "invariant-measure" | "pathways", PreviewOptions> {
  const loss = multistage.series.loss;
  const snaps = ensemble.snapshots.filter((s) => s.step > 0);
  const steps = snaps.map((s) => s.step);
  return {
    multistage: {
      lines: [{ name: "median loss", color: palette.precomputed, step: loss.steps, value: loss.median }],
      rulesX: [multistage.theory.tInit],
      rulesY: [multistage.theory.lLin],
      logX: true,
      logY: true,
      label: "Median loss against step: plateau, drop, second plateau, with T_init and L_lin dashed",
    },
    "invariant-measure": {
      lines: [
        {
          name: "chain displacement",
          color: palette.precomputed,
          step: steps,
          value: snaps.map((s) => s.displacement),
        },
        {
          name: "distance between chains",
          color: palette.theory,
          step: steps,
          value: snaps.map((s) => s.spread),
          dashed: true,
        },
        { name: "W1 between distributions", color: palette.descent, step: steps, value: snaps.map((s) => s.w1VNorm) },
      ],
      label:
        "Each chain keeps moving as far as the chains are apart, while the distance between their distributions falls",
    },
    pathways: {
      lines: scalar.traces.map((t, i) => ({
        name: `η = ${scalar.members[i].lr}`,
        step: t.step,
        value: t.share[0],
        color: [palette.precomputed, palette.theory, palette.descent, palette.marker][i],
      })),
      yDomain: [0.45, 1.02],
      label: "Share of the larger pathway against step: 1 for a small step, a split for large steps",
    },
  };
}
