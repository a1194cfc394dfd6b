import * as Plot from "@observablehq/plot";
import { amplitudes, cosinesTo, inputsOf, orientations } from "../../sim/metrics/condensation.js";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { condensationSummary } from "./condensationSummary.js";

type NeuronSnapshot = { a: number[]; w: number[]; b: number[]; step: number };

/**
 * Where each neuron points, in degrees: for 1-D inputs the orientation of (w_k, b_k) in the plane,
 * with ±M marked; in more dimensions (real data) the angle between u_k and M (or, without M, the
 * largest neuron), 0° along it and 180° against it.
 */
function neuronAngles(snapshot: NeuronSnapshot, direction: readonly number[] | null) {
  if (inputsOf(snapshot) === 1) {
    const m = direction ? (Math.atan2(direction[1], direction[0]) * 180) / Math.PI : null;
    return {
      deg: Array.from(orientations(snapshot), (t) => (t * 180) / Math.PI),
      x: { domain: [-180, 180], label: "orientation of (w, b), degrees →", ticks: [-180, -90, 0, 90, 180] },
      rules: m === null ? [] : [m, m > 0 ? m - 180 : m + 180].map((deg, i) => ({ deg, label: i === 0 ? "+M" : "−M" })),
    };
  }
  const amp = amplitudes(snapshot);
  const ref = direction ?? referenceNeuron(snapshot, amp);
  const name = direction ? "M" : "the largest neuron";
  return {
    deg: Array.from(
      cosinesTo({ ...snapshot, direction: ref }),
      (c) => (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI,
    ),
    x: { domain: [0, 180], label: `angle between (w, b) and ${name}, degrees →`, ticks: [0, 45, 90, 135, 180] },
    rules: direction
      ? [
          { deg: 0, label: "+M" },
          { deg: 180, label: "−M" },
        ]
      : [],
  };
}

/** The input vector (w_k, b_k) of the neuron with the largest amplitude. */
function referenceNeuron({ w, b }: NeuronSnapshot, amp: Float64Array): number[] {
  const k = amp.indexOf(Math.max(...amp)),
    d = w.length / b.length;
  return [...w.slice(k * d, (k + 1) * d), b[k]];
}

/**
 * Every neuron at one snapshot: where (w_k, b_k) points against its amplitude A_k = |a_k|·‖(w_k, b_k)‖.
 * Condensation shows as the cloud collapsing onto the theory's directions ±M (docs/phenomena/multistage.md).
 */
export function condensationChart({
  snapshot,
  direction,
  width,
  height = 300,
}: {
  snapshot: NeuronSnapshot;
  direction: readonly number[] | null;
  width: number;
  height?: number;
}) {
  const amp = amplitudes(snapshot);
  const { deg, x, rules } = neuronAngles(snapshot, direction);
  const neurons = Array.from(amp, (A, k) => ({
    k,
    A,
    deg: deg[k],
    sign: snapshot.a[k] >= 0 ? "a > 0" : "a < 0",
  })).filter((d) => d.A > 0);
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 60,
    x,
    y: { type: "log", label: "↑ amplitude A = |a|·‖(w, b)‖", grid: true, tickFormat: "~g" },
    color: { domain: ["a > 0", "a < 0"], range: [palette.precomputed, palette.live], legend: true },
    marks: [
      Plot.ruleX(rules, { x: "deg", stroke: palette.theory, strokeDasharray: "5,3" }),
      Plot.text(rules, {
        x: "deg",
        text: "label",
        frameAnchor: "top",
        dx: 4,
        textAnchor: "start",
        fill: palette.theory,
      }),
      Plot.dot(neurons, {
        x: "deg",
        y: "A",
        fill: "sign",
        r: 3,
        fillOpacity: 0.8,
        tip: true,
        title: (d) => `neuron ${d.k}\norientation ${d.deg.toFixed(1)}°\nA ${d.A.toExponential(2)}`,
      }),
    ],
  });
  return chartFigure({
    chart,
    label: `Neuron orientation against amplitude at step ${snapshot.step}`,
    summary: condensationSummary({ snapshot, direction }),
  });
}
