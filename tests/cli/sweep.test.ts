import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { collectRun } from "../../node/collect.js";
import { tdlab } from "./tdlab.js";

const SWEEP = [
  "sweep",
  "pathways",
  "--model",
  "scalar",
  "--grid",
  "lr=0.3:0.66:4",
  "--grid",
  "pathways=1:2:2",
  "--steps",
  "400",
  "--sharpness-every",
  "400",
  "--seeds",
  "2",
];
const lines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
const untimed = (text: string) => text.replace(/"elapsedMs":\d+/g, "");

describe("tdlab sweep, sharded and merged", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tdlab-sweep-"));
  const whole = tdlab(...SWEEP);

  it("writes a header, a point line per grid point and seed, and a summary", () => {
    expect(whole.status, whole.stderr).toBe(0);
    const [header, ...rest] = lines(whole.stdout);
    expect(header).toMatchObject({ type: "header", experiment: "pathways", points: 8 });
    expect(header.params).not.toHaveProperty("lr");
    const points = rest.slice(0, -1);
    expect(points).toHaveLength(16);
    expect(points.map((p) => [p.index, p.seed])).toEqual(
      Array.from({ length: 8 }, (_, i) => [
        [i, 0],
        [i, 1],
      ]).flat(),
    );
    expect(points[0].grid).toEqual({ lr: 0.3, pathways: 1 });
    expect(points[15].grid).toEqual({ lr: 0.66, pathways: 2 });
    expect(rest.at(-1)).toMatchObject({ type: "summary", points: 8, lines: 16 });
  });

  it("gives each point the summary of a single run with the same parameters", async () => {
    const point = lines(whole.stdout).find((p) => p.type === "point" && p.index === 5 && p.seed === 1);
    const single = await collectRun({
      engine: "js",
      experiment: "pathways",
      params: { model: "scalar", depth: 4, initScale: 0.3, steps: 400, sharpnessEvery: 400, seeds: 2, ...point.grid },
      keep: false,
    });
    const { member, ...summary } = single.summary.members[1];
    expect(point.summary).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it("merges shards into exactly the unsharded output, timing aside", () => {
    const files = [0, 1, 2].map((i) => {
      const file = path.join(dir, `shard-${i}.jsonl`);
      const r = tdlab(...SWEEP, "--shard", `${i}/3`, "--out", file);
      expect(r.status, r.stderr).toBe(0);
      return file;
    });
    // shards partition the points
    const indices = files.map((f) =>
      lines(readFileSync(f, "utf8"))
        .filter((l) => l.type === "point")
        .map((l) => l.index),
    );
    expect(indices.flat().sort((a, b) => a - b)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7]);
    const merged = tdlab("merge", files[2], files[0], files[1]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(untimed(merged.stdout)).toBe(untimed(whole.stdout));
  });

  it("refuses a missing shard, a foreign one, one given twice and an unfinished one, naming them", () => {
    const shard = (i: number) => path.join(dir, `shard-${i}.jsonl`);
    const missing = tdlab("merge", shard(0), shard(2));
    expect([missing.status, missing.stderr]).toEqual([2, "tdlab: missing shard 1/3 of 3\n"]);
    const twice = tdlab("merge", shard(0), shard(0), shard(1), shard(2));
    expect(twice.stderr).toMatch(/^tdlab: shard 0\/3 is given twice/);
    const foreign = path.join(dir, "foreign.jsonl");
    const other = tdlab(...SWEEP.map((a) => (a === "400" ? "300" : a)), "--shard", "1/3", "--out", foreign);
    expect(other.status).toBe(0);
    const mixed = tdlab("merge", shard(0), foreign, shard(2));
    expect([mixed.status, mixed.stderr]).toEqual([
      2,
      `tdlab: ${foreign} is a shard of another sweep than ${shard(0)} (its header differs)\n`,
    ]);
    const cut = path.join(dir, "cut.jsonl");
    writeFileSync(cut, readFileSync(shard(1), "utf8").trimEnd().split("\n").slice(0, -1).join("\n"));
    const unfinished = tdlab("merge", shard(0), cut, shard(2));
    expect([unfinished.status, unfinished.stderr]).toEqual([2, `tdlab: ${cut} is not finished (no summary line)\n`]);
  });

  it("refuses a bad grid or shard by name, exit 2", () => {
    expect(tdlab("sweep", "pathways", "--steps", "10").stderr).toBe(
      "tdlab: a sweep needs --grid NAME=LO:HI:N[:log] (one or more)\n",
    );
    expect(tdlab("sweep", "pathways", "--grid", "lr=0.2:30:3").stderr).toMatch(
      /^tdlab: sweep lr: HI must be a number from 0.0001 to 10/,
    );
    expect(tdlab("sweep", "pathways", "--grid", "lr=0.2:0.3:3", "--lr", "0.2").stderr).toBe(
      "tdlab: --lr is both swept and fixed; give it once\n",
    );
    expect(tdlab("sweep", "pathways", "--grid", "lr=0.2:0.3:3", "--shard", "3/3").status).toBe(2);
  });
});
