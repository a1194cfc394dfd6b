import { describe, expect, it } from "vitest";
import { readUrlState } from "../../src/components/lab/urlState.js";
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
        "unknown parameter depth; allowed: activation, target, width, points, data, train-size, init-scale, lr, optimizer, rtol, steps, seed, seeds, every, snapshots",
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

describe("one strict parser for links", () => {
  it.each([
    ["a repeated key, whatever its values", "?lr=abc&lr=0.1", 'lr is given twice ("abc" and "0.1"); give it once'],
    ["a hexadecimal number", "?width=0x10", 'width must be an integer from 1 to 2000 (got "0x10")'],
    ["a binary number", "?steps=0b11", 'steps must be an integer from 1 to 200000 (got "0b11")'],
    ["a snapshot step beyond any integer", "?t=1e300", 't must be a step number, an integer from 0 (got "1e300")'],
    [
      "a camelCase spelling the CLI refuses",
      "?initScale=0.5",
      "unknown parameter initScale (did you mean init-scale?)",
    ],
    ["another case", "?WIDTH=50", "unknown parameter WIDTH (did you mean width?)"],
    ["a prototype key", "?__proto__=1", "unknown parameter __proto__"],
  ])("refuses %s, by name, and runs nothing", (_, search, message) => {
    const s = read(search);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0].startsWith(message)).toBe(true);
    expect(s.params).toEqual(defaults(schema));
    expect(s.autorun).toBe(false);
  });

  it("still takes decimal forms: exponents, a leading dot, a sign", () => {
    const s = read("?init-scale=1e-5&lr=.25&steps=1e3");
    expect(s.errors).toEqual([]);
    expect(s.params).toMatchObject({ initScale: 1e-5, lr: 0.25, steps: 1000 });
  });

  it("quotes at most 40 characters of a value or key it refuses", () => {
    const huge = "9".repeat(100_000);
    const s = read(`?lr=${huge}&${"k".repeat(5000)}=1`);
    expect(s.errors).toHaveLength(2);
    for (const e of s.errors) expect(e.length).toBeLessThan(400);
    expect(s.errors).toContainEqual(expect.stringContaining(`(got "${"9".repeat(38)}…)`));
  });
});
