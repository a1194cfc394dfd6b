import type { Card } from "../components/charts/card.js";
import { palette } from "../components/palette.js";

interface Hero {
  snapshots: { step: number; displacement: number | null; spread: number | null; w1VNorm: number | null }[];
}

export const card: Card<Hero> = {
  heading: "Weights never converge, their distribution does",
  blurb:
    "With weight decay and SGD noise the loss settles while the gradient stays large: every chain keeps moving, their distribution stops.",
  source: "Zhang, Li, Sra & Jadbabaie, ICML 2022. Change: learning rate, weight decay, batch size, LR decay, chains.",
  data: "data/invariant-measure-ensemble.json",
  preview: ({ snapshots }) => {
    const snaps = snapshots.filter((s) => s.step > 0);
    const step = snaps.map((s) => s.step);
    return {
      lines: [
        { name: "chain displacement", color: palette.precomputed, step, value: snaps.map((s) => s.displacement) },
        {
          name: "distance between chains",
          color: palette.theory,
          step,
          value: snaps.map((s) => s.spread),
          dashed: true,
        },
        { name: "W1 between distributions", color: palette.descent, step, value: snaps.map((s) => s.w1VNorm) },
      ],
      label:
        "Each chain keeps moving as far as the chains are apart, while the distance between their distributions falls",
    };
  },
};
