import { describe, expect, it } from "vitest";
import { autoCacheKey, chooseFastest } from "../../src/app/engineChoice.js";
import { defaults } from "../../src/sim/params.js";
import { experiments } from "../../src/sim/experiments/index.js";

describe("auto's choice of engine", () => {
  it("keeps the fastest measured engine and says what it measured", () => {
    const choice = chooseFastest({
      measured: [
        { engine: "js", stepsPerSecond: 2900 },
        { engine: "webgpu", stepsPerSecond: 610 },
      ],
    });
    expect(choice).toEqual({ engine: "js", note: "js 2,900 steps/s, webgpu 610 steps/s: using js" });
    expect(
      chooseFastest({
        measured: [
          { engine: "js", stepsPerSecond: 200 },
          { engine: "webgl", stepsPerSecond: 5000 },
        ],
      }).engine,
    ).toBe("webgl");
  });

  it("passes over a candidate that failed, naming it, and fails only when none ran", () => {
    const choice = chooseFastest({
      measured: [
        { engine: "webgpu", stepsPerSecond: null, error: "device lost" },
        { engine: "js", stepsPerSecond: 900 },
      ],
    });
    expect(choice).toEqual({ engine: "js", note: "webgpu failed (device lost), js 900 steps/s: using js" });
    expect(() =>
      chooseFastest({ measured: [{ engine: "webgl", stepsPerSecond: null, error: "context lost" }] }),
    ).toThrow("no engine ran: webgl: context lost");
  });

  it("caches a verdict per experiment and size class: steps do not matter, width and members do", () => {
    const params = defaults(experiments.multistage.schema);
    const key = autoCacheKey({ experiment: "multistage", params });
    expect(key).toMatch(/^tdlab:auto:v1:multistage:\d+$/);
    expect(autoCacheKey({ experiment: "multistage", params: { ...params, steps: 90000 } })).toBe(key);
    expect(autoCacheKey({ experiment: "multistage", params: { ...params, width: 2000 } })).not.toBe(key);
    expect(autoCacheKey({ experiment: "multistage", params: { ...params, seeds: 64 } })).not.toBe(key);
    expect(autoCacheKey({ experiment: "pathways", params: defaults(experiments.pathways.schema) })).not.toBe(key);
  });
});
