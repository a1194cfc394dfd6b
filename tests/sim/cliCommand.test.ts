import { describe, expect, it } from "vitest";
import { cliCommand, runLabel } from "../../src/sim/cliCommand.js";
import { experiments } from "../../src/sim/experiments/index.js";
import { defaults, type Params } from "../../src/sim/params.js";
import { parseArgs } from "../../cli/parseArgs.js";

const roundTrip = (name: string, overrides: Params) => {
  const exp = experiments[name];
  const params = { ...defaults(exp.schema), ...overrides };
  const line = cliCommand({ experiment: exp, params });
  const cmd = parseArgs({ argv: line.split(" ").slice(2) });
  return { line, params, parsed: cmd.command === "run" ? cmd.params : null };
};

describe("cliCommand", () => {
  it("lists only what differs from the CLI's own defaults", () => {
    expect(roundTrip("multistage", { width: 50, initScale: 1e-5 }).line).toBe(
      "node cli/tdlab.mjs run multistage --width 50 --init-scale 0.00001",
    );
    expect(roundTrip("multistage", {}).line).toBe("node cli/tdlab.mjs run multistage");
  });

  it.each([
    ["multistage", { activation: "relu", target: "relu4", lr: 0.05, seeds: 3 }],
    ["invariant-measure", { fullBatch: true, weightDecay: 0, chains: 4, lrDecayAt: 600 }],
    // the scalar toy with L = 3 (the schema default, but not the scalar variant's 4) must say so
    ["pathways", { model: "scalar", depth: 3, initScale: 0.3, lr: 0.6 }],
    ["pathways", { model: "scalar", depth: 4, initScale: 0.3, lr: 0.6 }],
  ])("reproduces %s params exactly through the CLI parser", (name, overrides) => {
    const { parsed, params, line } = roundTrip(name, overrides);
    expect(parsed, line).toEqual(params);
  });
});

describe("cliCommand's backend", () => {
  it("names a tfjs backend the CLI has, and leaves out the page-only ones and the default js", () => {
    const exp = experiments.multistage;
    const params = defaults(exp.schema);
    const line = (backend: string) => cliCommand({ experiment: exp, params, backend });
    expect(line("wasm")).toBe("node cli/tdlab.mjs run multistage --backend wasm");
    expect(line("cpu")).toBe("node cli/tdlab.mjs run multistage --backend cpu");
    for (const b of ["js", "auto", "webgl", "webgpu"]) expect(line(b)).toBe("node cli/tdlab.mjs run multistage");
    const cmd = parseArgs({ argv: line("wasm").split(" ").slice(2) });
    expect(cmd.command === "run" && cmd.backend).toBe("wasm");
  });
});

describe("runLabel", () => {
  it("names a run by its changed parameters, shortened past max", () => {
    const exp = experiments.multistage;
    const base = defaults(exp.schema);
    expect(runLabel({ experiment: exp, params: base })).toBe("defaults");
    expect(runLabel({ experiment: exp, params: { ...base, lr: 0.5, width: 200 } })).toBe("width 200, lr 0.5");
    expect(
      runLabel({ experiment: exp, params: { ...base, lr: 0.5, width: 200, seed: 3, steps: 10, points: 30 }, max: 2 }),
    ).toBe("width 200, points 30 +3 more");
  });
});
