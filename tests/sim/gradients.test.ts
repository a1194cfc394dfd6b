import { beforeAll, describe, expect, it } from "vitest";
import { makeData, twoLayerLossGrad, type Activation } from "../../src/sim/models/twoLayer.js";
import { createRng } from "../../src/sim/rng.js";
import { collectRun } from "../../node/collect.js";
import { loadTf } from "../../node/tfNode.js";
import type { Tf } from "../../src/sim/types.js";

function randomNet(seed: number, m: number, scale: number) {
  const r = createRng({ seed });
  const draw = () => Float64Array.from({ length: m }, () => scale * r.normal());
  return { a: draw(), w: draw(), b: draw() };
}

describe("two-layer loss gradient (float64 reference)", () => {
  it.each(["tanh", "relu"] as Activation[])("matches central finite differences for %s", (activation) => {
    const { x, y } = makeData({ n: 20, target: "tanh2" });
    const net = randomNet(5, 12, 0.8);
    const { ga, gw, gb } = twoLayerLossGrad({ x, y, ...net, activation });
    const h = 1e-6;
    for (const [key, grad] of [
      ["a", ga],
      ["w", gw],
      ["b", gb],
    ] as const) {
      for (let k = 0; k < 12; k++) {
        const plus = { ...net, [key]: net[key].map((v, i) => (i === k ? v + h : v)) };
        const minus = { ...net, [key]: net[key].map((v, i) => (i === k ? v - h : v)) };
        const fd =
          (twoLayerLossGrad({ x, y, ...plus, activation }).loss -
            twoLayerLossGrad({ x, y, ...minus, activation }).loss) /
          (2 * h);
        expect(Math.abs(fd - grad[k])).toBeLessThan(1e-7 + 1e-6 * Math.abs(fd));
      }
    }
  });
});

describe("tfjs experiment step vs the float64 reference", () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await loadTf({ backend: "wasm" });
  });

  it.each(["tanh", "relu"] as Activation[])("one GD step moves the weights by −η·∇R (%s)", async (activation) => {
    const lr = 0.5;
    const params = {
      activation,
      target: "tanh2",
      width: 16,
      points: 20,
      initScale: 0.5,
      lr,
      steps: 1,
      seeds: 1,
      snapshots: 2,
    };
    const { snapshots, samples } = await collectRun({ tf, experiment: "multistage", params });
    const [s0, s1] = snapshots as unknown as { a: number[]; w: number[]; b: number[] }[];
    const { x, y } = makeData({ n: 20, target: "tanh2" });
    const ref = twoLayerLossGrad({ x, y, a: s0.a, w: s0.w, b: s0.b, activation });
    expect(samples[0].loss).toBeCloseTo(ref.loss, 5);
    const scale = Math.max(...ref.ga.map(Math.abs), ...ref.gw.map(Math.abs));
    for (let k = 0; k < 16; k++) {
      expect(Math.abs((s0.a[k] - s1.a[k]) / lr - ref.ga[k])).toBeLessThan(1e-4 * scale);
      expect(Math.abs((s0.w[k] - s1.w[k]) / lr - ref.gw[k])).toBeLessThan(1e-4 * scale);
      expect(Math.abs((s0.b[k] - s1.b[k]) / lr - ref.gb[k])).toBeLessThan(1e-4 * scale);
    }
  });
});
