import { describe, expect, it } from "vitest";
import { planEngine } from "../../src/components/lab/enginePlan.js";
import { autoCacheKey } from "../../src/app/engineChoice.js";
import { defaults } from "../../src/sim/params.js";
import { experiments } from "../../src/sim/experiments/index.js";

const params = defaults(experiments.multistage.schema);
const storage = (entries: Record<string, string> = {}) => ({ getItem: (k: string) => entries[k] ?? null });
const plan = (backend: string, gpus: ("webgpu" | "webgl")[], entries?: Record<string, string>) =>
  planEngine({
    experiment: "multistage",
    params,
    backend: backend as never,
    storage: storage(entries),
    gpus: async () => ({
      candidates: gpus,
      skipped: gpus.length ? [] : ["webgpu: software adapter skipped (swiftshader)"],
    }),
  });

describe("the engine plan of a live run", () => {
  it("takes a named backend as asked, js without tfjs", async () => {
    expect(await plan("js", ["webgpu"])).toMatchObject({ tfjs: false, backend: "js", calibrate: null });
    expect(await plan("wasm", [])).toMatchObject({ tfjs: true, backend: "wasm", calibrate: null });
  });

  it("on auto without a hardware GPU: js alone, no tfjs, and says why", async () => {
    expect(await plan("auto", [])).toMatchObject({
      tfjs: false,
      backend: "js",
      calibrate: null,
      skipped: ["webgpu: software adapter skipped (swiftshader)"],
      note: "auto: js, the only candidate here (no hardware GPU)",
    });
  });

  it("on auto with a hardware GPU: measures js and every GPU backend, then reuses the verdict for runs of this size", async () => {
    expect(await plan("auto", ["webgpu", "webgl"])).toMatchObject({
      tfjs: true,
      calibrate: ["js", "webgpu", "webgl"],
      cached: false,
    });
    const key = autoCacheKey({ experiment: "multistage", params });
    expect(await plan("auto", ["webgpu"], { [key]: "webgpu" })).toMatchObject({
      tfjs: true,
      backend: "webgpu",
      calibrate: null,
      cached: true,
    });
    expect(await plan("auto", ["webgpu"], { [key]: "js" })).toMatchObject({ tfjs: false, backend: "js", cached: true });
    // A verdict for a GPU no longer here is measured again.
    expect(await plan("auto", ["webgl"], { [key]: "webgpu" })).toMatchObject({ calibrate: ["js", "webgl"] });
  });
});
