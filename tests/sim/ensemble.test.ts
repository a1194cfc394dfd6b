import { describe, expect, it } from "vitest";
import { experimentNamed, experiments } from "../../src/sim/experiments/index.js";
import { defaults } from "../../src/sim/params.js";
import { estimateRun } from "../../src/app/runCost.js";
import { branchSteps } from "../../src/sim/experiments/branchSteps.js";

describe("an experiment describes its ensemble", () => {
  it.each(Object.keys(experiments))(
    "%s: its count, per-member and sweepable parameters are its own, and its members number the count",
    (name) => {
      const exp = experiments[name];
      const names = new Set(exp.schema.map((s) => s.name));
      const { count, perMember, sweepable } = exp.ensemble;
      expect(names.has(count), count).toBe(true);
      expect(perMember).toContain(sweepable);
      expect(names.has(sweepable)).toBe(true);
      const params = { ...defaults(exp.schema), [count]: 3 };
      const members = exp.ensemble.members(params);
      expect(members).toHaveLength(3);
      // members differ only in what a member may hold of its own
      for (const m of members)
        for (const [k, v] of Object.entries(m))
          if (!perMember.includes(k)) expect(v, `${name} ${k}`).toEqual(params[k]);
      expect(estimateRun({ experiment: name, params }).units).toBe(3 * exp.workPerStep(params) * Number(params.steps));
    },
  );

  it("refuses an unknown experiment everywhere by name, never a default", () => {
    expect(() => experimentNamed("nope")).toThrow(/^unknown experiment "nope"; known: /);
    expect(() => experimentNamed("toString")).toThrow(/unknown experiment/);
    expect(() => estimateRun({ experiment: "nope", params: {} })).toThrow(/unknown experiment/);
    expect(() => branchSteps({ experiment: "nope", params: { steps: 10 } })).toThrow(/unknown experiment/);
  });
});
