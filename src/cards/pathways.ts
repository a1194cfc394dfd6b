import type { Card } from "../components/charts/card.js";
import { palette } from "../components/palette.js";

interface Hero {
  traces: { step: number[]; share: number[][] }[];
  members: { lr: number }[];
}

const colors = [palette.precomputed, palette.theory, palette.descent, palette.marker];

export const card: Card<Hero> = {
  heading: "Large steps restore symmetry across pathways",
  blurb:
    "At the edge of stability, gradient descent splits a feature across pathways that gradient flow would hand to one.",
  source: "Kim & Lee, ICML 2026. Change: step size, pathways K, depth L, init, model (matrix or scalar toy).",
  data: "data/pathways-scalar.json",
  preview: ({ traces, members }) => ({
    lines: traces.map((t, i) => ({
      name: `η = ${members[i].lr}`,
      step: t.step,
      value: t.share[0],
      color: colors[i % colors.length],
    })),
    yDomain: [0.45, 1.02],
    label: "Share of the larger pathway against step: 1 for a small step, a split for large steps",
  }),
};
