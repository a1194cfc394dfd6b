import { describe, expect, it } from "vitest";
import { defaults, parseParams, validateParams, type Schema } from "../../src/sim/params.js";
import { paramsToQuery, queryToValues } from "../../src/app/query.js";
import { multistageSchema } from "../../src/sim/experiments/multistage.js";

const schema: Schema = [
  { name: "width", label: "Width", kind: "number", default: 100, min: 1, max: 2000, integer: true },
  { name: "initScale", label: "Init", kind: "number", default: 1e-4, min: 1e-8, max: 1, log: true },
  { name: "activation", label: "σ", kind: "choice", default: "tanh", choices: ["tanh", "relu"] },
  { name: "fullBatch", label: "Full batch", kind: "boolean", default: false },
];

describe("validateParams", () => {
  it("takes defaults for missing values and parses strings", () => {
    expect(validateParams({ schema, values: { width: "32", initScale: "1e-3", fullBatch: "true" } })).toEqual({
      params: { width: 32, initScale: 1e-3, activation: "tanh", fullBatch: true },
      errors: [],
    });
  });

  it.each([
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["-Infinity", "-Infinity"],
    ["negative", "-5"],
    ["zero", "0"],
    ["huge", "1e9"],
    ["non-numeric", "abc"],
    ["empty", ""],
    ["fractional", "10.5"],
  ])("names the parameter and its range for a %s value", (_, raw) => {
    const { errors, params } = validateParams({ schema, values: { width: raw } });
    expect(errors).toEqual([`width must be an integer from 1 to 2000 (got ${JSON.stringify(raw)})`]);
    expect(params.width).toBe(100);
  });

  it("reports every bad value and unknown name, one message each", () => {
    const { errors } = validateParams({ schema, values: { initScale: 2, activation: "sigmoid", depth: 3 } });
    expect(errors).toEqual([
      "init-scale must be a number from 1e-8 to 1 (got 2)",
      'activation must be one of tanh, relu (got "sigmoid")',
      "unknown parameter depth; allowed: width, init-scale, activation, full-batch",
    ]);
  });

  it("parseParams throws one error listing all problems", () => {
    expect(() => parseParams({ schema, values: { width: 0, fullBatch: "maybe" } })).toThrow(
      'width must be an integer from 1 to 2000 (got 0); full-batch must be true or false (got "maybe")',
    );
  });

  it("round-trips every multistage param through a URL query", () => {
    const params = { ...defaults(multistageSchema), width: 37, initScale: 3e-5, activation: "relu" };
    const query = paramsToQuery({ schema: multistageSchema, params, extra: { backend: "wasm" } });
    expect(query).toContain("init-scale=0.00003");
    const { values, extra } = queryToValues({ schema: multistageSchema, query, extraKeys: ["backend"] });
    expect(extra).toEqual({ backend: "wasm" });
    expect(parseParams({ schema: multistageSchema, values })).toEqual(params);
  });
});
