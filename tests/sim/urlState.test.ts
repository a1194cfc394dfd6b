import { describe, expect, it } from "vitest";
import { readUrlState } from "../../src/components/urlState.js";
import { experiments } from "../../src/sim/experiments/index.js";
import { defaults } from "../../src/sim/params.js";

const schema = experiments.multistage.schema;
const read = (search: string) =>
  readUrlState({ schema, search, base: () => defaults(schema), presets: ["tanh", "relu"] });

describe("readUrlState", () => {
  it("keeps the preset's value for every bad one, names each, and does not ask for a run", () => {
    const s = read("?lr=NaN&width=1e9&init-scale=-Infinity&steps=0&seeds=abc&depth=3&preset=nope&backend=gpu&t=-5");
    expect([...s.errors].sort()).toEqual(
      [
        'preset must be one of tanh, relu (got "nope")',
        'backend must be one of auto, webgpu, webgl, wasm, cpu, js (got "gpu")',
        'width must be an integer from 1 to 2000 (got "1e9")',
        'init-scale must be a number from 1e-8 to 1 (got "-Infinity")',
        'lr must be a number from 0.0001 to 100 (got "NaN")',
        'steps must be an integer from 1 to 200000 (got "0")',
        'seeds must be an integer from 1 to 64 (got "abc")',
        "unknown parameter depth; allowed: activation, target, width, points, init-scale, lr, steps, seed, seeds, every, snapshots",
        't must be a step number, an integer from 0 (got "-5")',
      ].sort(),
    );
    expect(s.params).toEqual(defaults(schema));
    expect(s.autorun).toBe(false);
    expect([s.preset, s.backend, s.t]).toEqual(["tanh", "auto", null]);
  });

  it("reads a good link whole, snapshot time included, and asks for a run", () => {
    const s = read("?lr=0.5&width=50&preset=relu&backend=js&t=300");
    expect([...s.errors].sort()).toEqual([]);
    expect(s.params).toMatchObject({ lr: 0.5, width: 50 });
    expect([s.preset, s.backend, s.t, s.autorun]).toEqual(["relu", "js", 300, true]);
  });
});
