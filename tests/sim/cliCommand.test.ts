import { describe, expect, it } from "vitest";
import { branchCommand, cliCommand, runLabel, sweepCommand } from "../../src/app/cliCommand.js";
import { experiments } from "../../src/sim/experiments/index.js";
import { defaults, parseParams, type Params } from "../../src/sim/params.js";
import { parseArgs, type RunCommand, type SweepCommand } from "../../cli/parseArgs.js";

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

describe("the terminal lines of a sweep and a branch", () => {
  it("a live sweep's line parses back to its axes and its other parameters", () => {
    const experiment = experiments.pathways;
    const params = parseParams({
      schema: experiment.schema,
      values: { model: "scalar", steps: 600, sharpnessEvery: 0 },
    });
    const axes = [
      { name: "lr", lo: 0.2, hi: 1.2, n: 6, log: false },
      { name: "pathways", lo: 1, hi: 3, n: 3, log: false },
    ];
    const line = sweepCommand({ experiment, params, axes });
    expect(line).toMatch(
      /^node cli\/tdlab\.mjs sweep pathways --grid lr=0\.2:1\.2:6 --grid pathways=1:3:3 --model scalar /,
    );
    expect(line).not.toMatch(/--lr |--pathways /);
    const cmd = parseArgs({ argv: line.split(" ").slice(2) }) as SweepCommand;
    expect(cmd.grid).toEqual(axes);
    for (const s of experiment.schema)
      if (s.name !== "lr" && s.name !== "pathways") expect(cmd.params[s.name], s.name).toEqual(params[s.name]);
  });

  it("a branch's lines rebuild the source run with checkpoints and resume it with the flags that differ from it", () => {
    const experiment = experiments.multistage;
    const source = parseParams({ schema: experiment.schema, values: { lr: 0.05, steps: 40000 } });
    const line = branchCommand({ experiment, params: { ...source, lr: 0.2 }, source, step: 10000 });
    const [first, second] = line.split(" && ");
    const a = parseArgs({ argv: first.split(" ").slice(2) }) as RunCommand;
    expect(a.params).toEqual(source);
    expect([a.checkpointEvery, a.out]).toEqual([10000, "branch-source.jsonl"]);
    const b = parseArgs({ argv: second.split(" ").slice(2) }) as RunCommand;
    expect(b.resume).toEqual({ file: "branch-source.jsonl", step: 10000 });
    expect(b.given).toEqual({ lr: 0.2 });
  });
});
