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
      "npx tdlab run multistage --width 50 --init-scale 0.00001",
    );
    expect(roundTrip("multistage", {}).line).toBe("npx tdlab run multistage");
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
