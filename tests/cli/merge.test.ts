import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { jsonLines, SCALAR_GRID, tdlab, tmp } from "./tdlab.js";

const GRID = SCALAR_GRID;

describe("tdlab merge checks every shard's points", () => {
  const dir = tmp();
  const shard = (i: number) => path.join(dir, `shard-${i}.jsonl`);
  for (const i of [0, 1]) tdlab("sweep", ...GRID, "--shard", `${i}/2`, "--out", shard(i));
  const lines = readFileSync(shard(0), "utf8").trimEnd().split("\n");
  /** Shard 0 with its point lines changed by `edit`. */
  const tampered = (name: string, edit: (points: string[]) => string[]) => {
    const file = path.join(dir, `${name}.jsonl`);
    writeFileSync(file, `${[lines[0], ...edit(lines.slice(1, -1)), lines.at(-1)].join("\n")}\n`);
    return file;
  };
  const merge = (...files: string[]) => {
    const r = tdlab("merge", ...files);
    return [r.status, r.stderr];
  };

  it("merges the intact shards", () => {
    expect(merge(shard(0), shard(1))[0]).toBe(0);
  });

  it("refuses a duplicated, a missing, a re-indexed or a re-valued point, naming it", () => {
    const dup = tampered("dup", (p) => [p[0], ...p]);
    expect(merge(dup, shard(1))).toEqual([2, `tdlab: ${dup} holds point 0, seed 0 twice\n`]);
    const missing = tampered("missing", (p) => p.filter((l) => JSON.parse(l).index !== 2));
    expect(merge(missing, shard(1))).toEqual([2, `tdlab: ${missing} lacks point 2\n`]);
    const oneSeed = tampered("oneseed", (p) => p.slice(1));
    expect(merge(oneSeed, shard(1))).toEqual([2, `tdlab: ${oneSeed} lacks point 0 for seed 0\n`]);
    const reindexed = tampered("reindexed", (p) => p.map((l) => l.replace('"index":0', '"index":1')));
    expect(merge(reindexed, shard(1))).toEqual([
      2,
      `tdlab: ${reindexed} holds point 1, which is not one of shard 0/2's\n`,
    ]);
    const revalued = tampered("revalued", (p) => p.map((l) => l.replace('"lr":0.3', '"lr":0.31')));
    expect(merge(revalued, shard(1))).toEqual([
      2,
      `tdlab: ${revalued}: point 0's grid values are not the sweep's {"lr":0.3}\n`,
    ]);
  });

  it("with --allow-missing merges what finished, ends incomplete naming the rest, exit 1", () => {
    const gone = path.join(dir, "shard-7.jsonl");
    const out = path.join(dir, "partial.jsonl");
    const r = tdlab("merge", "--allow-missing", shard(0), gone, "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "tdlab: shard 1/2 failed or missing; merged the 1 others (resubmit: tdlab slurm --resubmit DIR)\n",
    );
    const merged = jsonLines(readFileSync(out, "utf8"));
    expect(merged.at(-1)).toMatchObject({ type: "incomplete", points: 3, lines: 6, missingShards: [1], count: 2 });
    const interrupted = path.join(dir, "shard-1.jsonl");
    writeFileSync(
      interrupted,
      readFileSync(shard(1), "utf8").replace(/\{"type":"summary".*\n$/, '{"type":"interrupted"}\n'),
    );
    const named = tdlab("merge", "--allow-missing", shard(0), interrupted);
    expect([named.status, named.stderr]).toEqual([
      1,
      "tdlab: shard 1/2 (interrupted) failed or missing; merged the 1 others (resubmit: tdlab slurm --resubmit DIR)\n",
    ]);
  });
});
