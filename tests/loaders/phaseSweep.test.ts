import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathwaysPhase } from "../../loaders/pathways.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("the sweep grid behind the precomputed phase diagram", () => {
  it("gives the phase diagram's cells again as a tdlab sweep of the same points", async () => {
    const phase = await pathwaysPhase({ lrs: [0.3, 0.6, 0.9], steps: 200, threads: 2 });
    const sweep = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "cli/tdlab.mjs"),
        "sweep",
        "pathways",
        "--model",
        "scalar",
        "--pathways",
        "2",
        "--depth",
        "4",
        "--grid",
        "lr=0.3:0.9:3",
        "--steps",
        "200",
        "--sharpness-every",
        "200",
        "--sharpness-iters",
        "16",
        "--every",
        "200",
      ],
      { encoding: "utf8", cwd: ROOT },
    );
    expect(sweep.status, sweep.stderr).toBe(0);
    const points = sweep.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === "point");
    const cells = phase.cells.filter((c) => c.axis === "K" && c.K === 2);
    expect(points.map((p) => p.grid.lr)).toEqual(cells.map((c) => c.lr));
    points.forEach((p, i) => {
      const share = Number(p.summary.finalShare[0].toPrecision(4));
      expect(share).toBe(cells[i].share);
      expect(p.summary.converged).toBe(cells[i].converged);
    });
  });
});
