import * as Plot from "@observablehq/plot";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { fmt } from "../../text/describe.js";

interface Cell {
  axis: string;
  K: number;
  L: number;
  lr: number;
  share: number | null;
  sharpnessRatio: number | null;
  converged: boolean;
  diverged: boolean;
}
interface Window {
  axis: string;
  K: number;
  L: number;
  windowLow: number;
  windowHigh: number;
}

/**
 * The colour scale of a phase diagram. Shares run from 1/K (an even split over K pathways) to 1
 * (winner takes all), so the domain starts at 1/K for the largest K shown: a K = 4 split near 0.25
 * must not be drawn like missing data.
 */
export function phaseColor({ cells, value }: { cells: Pick<Cell, "K">[]; value: "share" | "sharpnessRatio" }) {
  if (value === "sharpnessRatio")
    return {
      type: "diverging",
      domain: [0.5, 1.5],
      pivot: 1,
      scheme: "PuOr",
      legend: true,
      label: "final λ_max·η/2 (1 = edge)",
    } as const;
  const kMax = Math.max(2, ...cells.map((c) => c.K));
  return {
    type: "linear",
    domain: [1 / kMax, 1],
    // An even split stays visible against the page (#f7f7f7 vanished into a light background).
    // Interpolated, so concrete colours: Okabe–Ito blue, 3.5:1 or more on both themes' backgrounds.
    range: ["#d6e0ea", "#0072B2"],
    legend: true,
    label: "final top-pathway share",
  } as const;
}

/**
 * Phase diagram of the scalar toy: final top-pathway share (or λ_max·η/2) for each step size η and
 * each K (or L). Ticks mark the window 2/λ_single < η < 2/λ_equal from the formulas; crosses mark
 * runs that did not converge.
 */
export function phaseChart({
  cells,
  windows,
  axis,
  value,
  width,
  height = 240,
}: {
  cells: Cell[];
  windows: Window[];
  axis: "K" | "L";
  value: "share" | "sharpnessRatio";
  width: number;
  height?: number;
}) {
  const mine = cells.filter((c) => c.axis === axis);
  const lrs = [...new Set(mine.map((c) => c.lr))].sort((a, b) => a - b);
  const half = (lrs[1] - lrs[0]) / 2;
  const win = windows.filter((w) => w.axis === axis);
  const ok = mine.filter((c) => c.converged);
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 50,
    x: { label: "step size η →", domain: [lrs[0] - half, lrs.at(-1)! + half] },
    y: { type: "band", label: `↑ ${axis}`, domain: [...new Set(mine.map((c) => c[axis]))].sort((a, b) => b - a) },
    color: phaseColor({ cells: mine, value }),
    marks: [
      Plot.rect(ok, {
        x1: (c) => c.lr - half,
        x2: (c) => c.lr + half,
        y: axis,
        fill: value,
        inset: 0.5,
        tip: true,
        title: (c) => `η = ${c.lr}, K = ${c.K}, L = ${c.L}\nshare ${c.share}\nλ_max·η/2 = ${c.sharpnessRatio}`,
      }),
      Plot.text(
        mine.filter((c) => !c.converged),
        { x: "lr", y: axis, text: () => "×", fill: palette.diverged, fontSize: 14 },
      ),
      Plot.tickX(win, { x: "windowLow", y: axis, stroke: palette.theory, strokeWidth: 3 }),
      Plot.tickX(win, { x: "windowHigh", y: axis, stroke: palette.live, strokeWidth: 3 }),
    ],
  });
  const name = value === "share" ? "final top-pathway share" : "final λ_max·η/2";
  const v = (c: Cell) => c[value] as number;
  const lo = ok.reduce((a, c) => (v(c) < v(a) ? c : a), ok[0]),
    hi = ok.reduce((a, c) => (v(c) > v(a) ? c : a), ok[0]);
  const summary = ok.length
    ? `${name} for ${mine.length} runs (η from ${lrs[0]} to ${lrs.at(-1)}, ${axis} from ${Math.min(...mine.map((c) => c[axis]))} to ${Math.max(...mine.map((c) => c[axis]))}): lowest ${fmt(v(lo))} at η = ${lo.lr}, ${axis} = ${lo[axis]}; highest ${fmt(v(hi))} at η = ${hi.lr}, ${axis} = ${hi[axis]}; ${mine.length - ok.length} did not converge.`
    : `No run converged for this ${axis} sweep.`;
  return chartFigure({ chart, label: `Phase diagram: ${name} by step size and ${axis}`, summary });
}
