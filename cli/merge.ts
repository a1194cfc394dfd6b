import { readFileSync } from "node:fs";
import path from "node:path";
import { experiments } from "../src/sim/experiments/index.js";
import { expandGrid, inShard, type GridAxis } from "../src/sim/sweep/grid.js";
import { OutputError, type Output } from "./output.js";

interface Shard {
  file: string;
  header: Record<string, unknown> & { grid: GridAxis[]; experiment: string; shard: { index: number; count: number } };
  index: number;
  count: number;
  points: { text: string; index: number }[];
  elapsedMs: number;
}

/** A shard that could not be merged (missing, unfinished) and why. */
export interface Lost {
  file: string;
  why: string;
}

/**
 * `tdlab merge FILE…`: shard files of one sweep back into the output of the unsharded sweep, the
 * same bytes apart from timing fields (the points in grid order, the header without its shard).
 * Refuses, naming the file: a file that is not a shard, shards of different sweeps, a shard given
 * twice, a shard whose point lines are not exactly its points × members, once each; and names every
 * missing shard. With `allowMissing` (the Slurm merge job, run after every shard ended), shards
 * that are absent or unfinished are left out instead: the rest is merged, the last line is
 * `incomplete` naming them, and the exit code is 1.
 */
export function mergeShards({
  files,
  out,
  allowMissing = false,
}: {
  files: string[];
  out: Output;
  allowMissing?: boolean;
}): number {
  const lost: Lost[] = [];
  const shards = files.flatMap((file) => {
    try {
      return [readShard(file)];
    } catch (error) {
      if (!allowMissing || !(error instanceof Unfinished)) throw error;
      lost.push({ file, why: error.why });
      return [];
    }
  });
  if (!shards.length)
    throw new OutputError(`no finished shard to merge: ${lost.map((l) => `${l.file} (${l.why})`).join(", ")}`);
  const { shard: _, ...first } = shards[0].header;
  const key = JSON.stringify(first);
  const count = shards[0].count;
  for (const s of shards) {
    const { shard: __, ...header } = s.header;
    if (JSON.stringify(header) !== key || s.count !== count)
      throw new OutputError(`${s.file} is a shard of another sweep than ${shards[0].file} (its header differs)`);
  }
  const seen = new Map<number, string>();
  for (const s of shards) {
    if (seen.has(s.index))
      throw new OutputError(`shard ${s.index}/${count} is given twice: ${seen.get(s.index)} and ${s.file}`);
    seen.set(s.index, s.file);
  }
  checkPoints(shards);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length && !allowMissing)
    throw new OutputError(
      `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} of ${count}`,
    );
  // Each shard holds its points in grid order; the merged file holds all of them in grid order.
  const points = shards.flatMap((s) => s.points).sort((a, b) => a.index - b.index);
  out.write(`${JSON.stringify(first)}\n`);
  for (const p of points) out.write(`${p.text}\n`);
  const elapsedMs = shards.reduce((t, s) => t + s.elapsedMs, 0);
  const merged = { points: new Set(points.map((p) => p.index)).size, lines: points.length, elapsedMs };
  if (!missing.length) {
    out.write(`${JSON.stringify({ type: "summary", ...merged })}\n`);
    return 0;
  }
  out.write(`${JSON.stringify({ type: "incomplete", ...merged, missingShards: missing, count })}\n`);
  const why = new Map(lost.map((l) => [l.file, l.why]));
  const named = missing.map((i) => {
    const file = files.find((f) => path.basename(f) === `shard-${i}.jsonl`);
    return `${i}/${count}${file && why.has(file) ? ` (${why.get(file)})` : ""}`;
  });
  process.stderr.write(
    `tdlab: shard${missing.length > 1 ? "s" : ""} ${named.join(", ")} failed or missing; merged the ${shards.length} others (resubmit: tdlab slurm --resubmit DIR)\n`,
  );
  return 1;
}

/** A shard file that exists in no finished form: a merge that allows missing shards leaves it out. */
class Unfinished extends OutputError {
  constructor(
    message: string,
    readonly why: string,
  ) {
    super(message);
  }
}

/**
 * Each shard's point lines are exactly its own grid points (the same values at the same index),
 * each with the same set of members (seeds or chains) as every other point, once each.
 */
function checkPoints(shards: Shard[]) {
  const { experiment, grid } = shards[0].header;
  const exp = Object.hasOwn(experiments, experiment) ? experiments[experiment] : undefined;
  if (!exp) throw new OutputError(`${shards[0].file}: unknown experiment ${experiment}`);
  const all = expandGrid({ schema: exp.schema, axes: grid });
  const lists: { file: string; index: number; seeds: number[] }[] = [];
  for (const s of shards) {
    const expected = inShard({ items: all, index: s.index, count: s.count });
    const seeds = new Map<number, number[]>(expected.map((p) => [p.index, []]));
    for (const { text, index } of s.points) {
      const p = JSON.parse(text);
      const list = seeds.get(index);
      if (!list)
        throw new OutputError(`${s.file} holds point ${index}, which is not one of shard ${s.index}/${s.count}'s`);
      if (JSON.stringify(p.grid) !== JSON.stringify(all[index].values))
        throw new OutputError(
          `${s.file}: point ${index}'s grid values are not the sweep's ${JSON.stringify(all[index].values)}`,
        );
      if (list.includes(p.seed)) throw new OutputError(`${s.file} holds point ${index}, seed ${p.seed} twice`);
      list.push(p.seed);
    }
    for (const [index, list] of seeds) lists.push({ file: s.file, index, seeds: list });
  }
  // Every point of a sweep has the same members: any seed seen at one point is owed by all.
  const members = [...new Set(lists.flatMap((l) => l.seeds))].sort((a, b) => a - b);
  for (const { file, index, seeds } of lists) {
    const lacking = members.filter((m) => !seeds.includes(m));
    if (lacking.length)
      throw new OutputError(`${file} lacks point ${index}${seeds.length ? ` for seed ${lacking.join(", ")}` : ""}`);
  }
}

function readShard(file: string): Shard {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Unfinished(`cannot read ${file}: ENOENT`, "no file");
    throw new OutputError(`cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  const lines = text.trimEnd().split("\n");
  const parse = (l: string) => {
    try {
      return JSON.parse(l);
    } catch {
      throw new OutputError(`${file} is not a tdlab sweep shard (a line is not JSON)`);
    }
  };
  if (!text.trim()) throw new Unfinished(`${file} is empty`, "empty");
  const header = parse(lines[0]);
  const last = parse(lines.at(-1)!);
  if (header.type !== "header" || !header.grid) throw new OutputError(`${file} is not a tdlab sweep (no sweep header)`);
  if (!header.shard) throw new OutputError(`${file} is a whole sweep, not a shard`);
  if (last.type !== "summary") {
    const why = ["interrupted", "failed"].includes(last.type) ? last.type : "no summary line";
    throw new Unfinished(`${file} is not finished (${why})`, why);
  }
  const points = lines.slice(1, -1).map((l) => {
    const p = parse(l);
    if (p.type !== "point" || !Number.isInteger(p.index))
      throw new OutputError(`${file} has lines that are not points`);
    return { text: l, index: p.index as number };
  });
  return { file, header, index: header.shard.index, count: header.shard.count, points, elapsedMs: last.elapsedMs ?? 0 };
}
