import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../../cli/parseArgs.js";
import { tdlab } from "./tdlab.js";
import { provenance } from "../../build/provenance.js";

describe("parseArgs", () => {
  it("layers defaults, preset and flags", () => {
    const cmd = parseArgs({
      argv: ["run", "multistage", "--preset", "relu", "--width=50", "--lr", "0.2", "--format", "csv"],
    });
    expect(cmd).toMatchObject({
      command: "run",
      experiment: "multistage",
      preset: "relu",
      format: "csv",
      params: { activation: "relu", target: "relu4", width: 50, lr: 0.2, initScale: 1e-4 },
    });
  });

  it.each([
    [["run", "multistage", "--lr", "NaN"], 'lr must be a number from 0.0001 to 100 (got "NaN")'],
    [["run", "multistage", "--width", "1e9"], 'width must be an integer from 1 to 2000 (got "1e9")'],
    [
      ["run", "multistage", "--init-scale", "-Infinity"],
      'init-scale must be a number from 1e-8 to 1 (got "-Infinity")',
    ],
    [["run", "multistage", "--steps", "0"], 'steps must be an integer from 1 to 200000 (got "0")'],
    [["run", "multistage", "--depth", "3"], "unknown flag --depth; allowed:"],
    [["run", "multistage", "--preset", "sigmoid"], 'unknown preset "sigmoid" for multistage; allowed: tanh, relu'],
    [["run", "nope"], 'unknown experiment "nope"; allowed: invariant-measure, multistage, pathways'],
    [["run", "pathways", "--model", "tensor"], 'model must be one of matrix, scalar (got "tensor")'],
    [["run", "invariant-measure", "--full-batch", "maybe"], 'full-batch must be true or false (got "maybe")'],
    [["run", "multistage", "--lr"], "--lr needs a value"],
    [["run", "multistage", "--format", "xml"], '--format must be one of jsonl, csv (got "xml")'],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs({ argv })).toThrow(UsageError);
    expect(() => parseArgs({ argv })).toThrow(message);
  });
});

describe("tdlab (spawned)", () => {
  it("streams a header, samples per member and step, and a summary with theory", () => {
    const r = tdlab("run", "multistage", "--steps", "400", "--seeds", "2", "--snapshots", "0", "--every", "7");
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: "header",
      experiment: "multistage",
      backend: "js",
      params: { steps: 400, seeds: 2 },
    });
    const samples = lines.filter((l) => l.type === "sample");
    for (const j of [0, 1]) {
      const steps = samples.filter((s) => s.member === j).map((s) => s.step);
      expect(steps.slice(0, 301)).toEqual(Array.from({ length: 301 }, (_, t) => t));
      expect(steps).toContain(301); // 301 = 7·43, from --every 7
      expect(steps.at(-1)).toBe(400);
    }
    expect(Object.keys(samples[5]).sort()).toEqual([
      "condensedFrac",
      "cosMean",
      "loss",
      "member",
      "seed",
      "step",
      "type",
      "w1Rate",
    ]);
    const summary = lines.at(-1);
    expect(summary.type).toBe("summary");
    expect(summary.members).toHaveLength(2);
    for (const m of summary.members)
      for (const k of ["plateauEnd", "descentEnd", "secondaryLevel", "secondaryEnd", "diverged", "divergedAt"])
        expect(m).toHaveProperty(k);
    expect(summary.theory.tInit).toBeCloseTo(Math.log(1 / (100 * 1e-8)) / (2 * summary.theory.lambda * 0.1), 8);
  });

  it("streams ensemble lines for invariant-measure with several chains", () => {
    const r = tdlab(
      "run",
      "invariant-measure",
      "--chains",
      "3",
      "--steps",
      "300",
      "--snapshot-every",
      "100",
      "--lr-decay-at",
      "200",
      "--weight-decay",
      "0.01",
    );
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const ensemble = lines.filter((l) => l.type === "ensemble");
    expect(ensemble.map((l) => l.step)).toEqual([0, 100, 200, 300]);
    for (const k of ["w1VNorm", "w1Loss", "displacement", "spread"]) expect(ensemble[2]).toHaveProperty(k);
    const sample = lines.find((l) => l.type === "sample" && l.step === 250);
    expect(Object.keys(sample)).toEqual(
      expect.arrayContaining(["step", "loss", "gradNorm", "vNorm", "eqRatio", "angle"]),
    );
    expect(sample.lr).toBeCloseTo(0.02, 12);
    expect(lines.at(-1).theory.angle).toBeCloseTo(Math.sqrt(2 * 0.2 * 0.01), 12);
  });

  it("runs the pathways scalar toy from its model defaults, with sharpness, strengths and shares", () => {
    const r = tdlab(
      "run",
      "pathways",
      "--model",
      "scalar",
      "--lr",
      "0.6",
      "--steps",
      "300",
      "--sharpness-every",
      "100",
      "--sharpness-iters",
      "8",
    );
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0].params).toMatchObject({ model: "scalar", pathways: 2, depth: 4, initScale: 0.3, lr: 0.6 });
    const measured = lines.filter((l) => l.type === "sample" && l.sharpness !== null);
    expect(measured.map((l) => l.step)).toEqual([0, 100, 200, 300]);
    expect(measured[0].strength).toHaveLength(2); // K × modes = 2 × 1
    expect(measured[0].share).toHaveLength(1);
    const summary = lines.at(-1);
    expect(summary.theory).toMatchObject({ lambdaSingle: 4, windowLow: 0.5 });
    expect(summary.theory.windowHigh).toBeCloseTo(Math.SQRT1_2, 12);
    for (const k of ["finalLoss", "finalSharpness", "finalShare"]) expect(summary.members[0]).toHaveProperty(k);
  });

  it("exits 2 with one line naming the parameter, and no stack trace", () => {
    const r = tdlab("run", "multistage", "--width", "0");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('tdlab: width must be an integer from 1 to 2000 (got "0")\n');
  });

  it.each([
    [["--lr", "NaN"], 'lr must be a number from 0.0001 to 100 (got "NaN")'],
    [["--lr", "Infinity"], 'lr must be a number from 0.0001 to 100 (got "Infinity")'],
    [["--lr", "-Infinity"], 'lr must be a number from 0.0001 to 100 (got "-Infinity")'],
    [["--lr", "-1"], 'lr must be a number from 0.0001 to 100 (got "-1")'],
    [["--width", "1e9"], 'width must be an integer from 1 to 2000 (got "1e9")'],
    [["--seeds", "2.5"], 'seeds must be an integer from 1 to 64 (got "2.5")'],
    [["--init-scale", "abc"], 'init-scale must be a number from 1e-8 to 1 (got "abc")'],
    [["--depth", "3"], "unknown flag --depth; allowed: --activation"],
    [["--preset", "nope"], 'unknown preset "nope" for multistage; allowed: tanh, relu'],
    [["--activation", "gelu"], 'activation must be one of tanh, relu (got "gelu")'],
    [["--backend", "gpu"], '--backend must be one of js, wasm, cpu (got "gpu")'],
  ])("refuses %j with a message naming it and its range, and runs nothing", (flags, message) => {
    const r = tdlab("run", "multistage", ...flags);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(`tdlab: ${message}`), r.stderr).toBe(true);
    expect(r.stderr.split("\n").length).toBe(2);
  });

  it("lists every experiment with its parameters", () => {
    const r = tdlab("list");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--init-scale\s+0\.0001\s+a number from 1e-8 to 1\s+Init scale ε/);
    expect(r.stdout).toMatch(/--preset relu/);
  });
});

describe("strict flags", () => {
  it("refuses a flag given twice", () => {
    expect(() => parseArgs({ argv: ["run", "multistage", "--steps", "10", "--steps", "20"] })).toThrow(
      "--steps is given twice; give it once",
    );
    expect(() => parseArgs({ argv: ["run", "multistage", "--out", "a", "--out=b"] })).toThrow("--out is given twice");
  });

  it("refuses hexadecimal numbers and prototype keys", () => {
    expect(() => parseArgs({ argv: ["run", "multistage", "--width", "0x10"] })).toThrow(
      'width must be an integer from 1 to 2000 (got "0x10")',
    );
    expect(() => parseArgs({ argv: ["run", "multistage", "--__proto__", "1"] })).toThrow("unknown flag --__proto__");
    expect(() => parseArgs({ argv: ["run", "multistage", "--toString", "1"] })).toThrow("unknown flag --toString");
  });
});

describe("provenance", () => {
  it("records the version, the commit and the engine in a run's and a sweep's header", () => {
    const expected = provenance();
    const run = JSON.parse(tdlab("run", "multistage", "--steps", "10").stdout.split("\n")[0]);
    expect(run).toMatchObject({ type: "header", ...expected, backend: "js" });
    expect(expected.commit).toMatch(/^([\da-f]{40}(-dirty)?|unknown)$/);
    const sweep = JSON.parse(
      tdlab("sweep", "pathways", "--model", "scalar", "--grid", "lr=0.3:0.4:2", "--steps", "10").stdout.split("\n")[0],
    );
    expect(sweep).toMatchObject({ type: "header", ...expected, backend: "js" });
  });
});
