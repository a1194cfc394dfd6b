import type { Card } from "../components/charts/card.js";
import { palette } from "../components/palette.js";

interface Hero {
  series: { loss: { steps: number[]; median: (number | null)[] } };
  theory: { tInit: number; lLin: number };
}

export const card: Card<Hero> = {
  heading: "Multi-stage loss and condensation",
  blurb:
    "From a small initialization a two-layer network's loss plateaus, drops, and plateaus again while its neurons condense onto a few directions.",
  source:
    "Chen, Luo & Wang, arXiv 2410.20119 (2024). Change: activation, width, init scale, learning rate, steps, seeds.",
  data: "data/multistage-tanh.json",
  preview: ({ series: { loss }, theory }) => ({
    lines: [{ name: "median loss", color: palette.precomputed, step: loss.steps, value: loss.median }],
    rulesX: [theory.tInit],
    rulesY: [theory.lLin],
    logX: true,
    logY: true,
    label: "Median loss against step: plateau, drop, second plateau, with T_init and L_lin dashed",
  }),
};
