import { readFileSync } from "node:fs";
import { OutputError, type Output } from "./output.js";

interface Shard {
  file: string;
  header: Record<string, unknown>;
  index: number;
  count: number;
  points: string[];
  elapsedMs: number;
}

/**
 * `tdlab merge FILE…`: shard files of one sweep back into the output of the unsharded sweep, the
 * same bytes apart from timing fields (the points in grid order, the header without its shard).
 * Refuses, naming the file: a file that is not a finished shard, shards of different sweeps, a
 * shard given twice; and names every missing shard.
 */
export function mergeShards({ files, out }: { files: string[]; out: Output }): number {
  const shards = files.map(readShard);
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
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length)
    throw new OutputError(
      `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} of ${count}`,
    );
  // Each shard holds its points in grid order; the merged file holds all of them in grid order.
  const points = shards
    .flatMap((s) => s.points)
    .map((text) => ({ text, index: JSON.parse(text).index as number }))
    .sort((a, b) => a.index - b.index);
  out.write(`${JSON.stringify(first)}\n`);
  for (const p of points) out.write(`${p.text}\n`);
  const elapsedMs = shards.reduce((t, s) => t + s.elapsedMs, 0);
  out.write(
    `${JSON.stringify({ type: "summary", points: new Set(points.map((p) => p.index)).size, lines: points.length, elapsedMs })}\n`,
  );
  return 0;
}

function readShard(file: string): Shard {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new OutputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lines = text.trimEnd().split("\n");
  const parse = (l: string) => {
    try {
      return JSON.parse(l);
    } catch {
      throw new OutputError(`${file} is not a tdlab sweep shard (a line is not JSON)`);
    }
  };
  const header = parse(lines[0]);
  const last = parse(lines.at(-1)!);
  if (header.type !== "header" || !header.grid) throw new OutputError(`${file} is not a tdlab sweep (no sweep header)`);
  if (!header.shard) throw new OutputError(`${file} is a whole sweep, not a shard`);
  if (last.type !== "summary")
    throw new OutputError(
      `${file} is not finished (${last.type === "interrupted" ? "interrupted" : "no summary line"})`,
    );
  const points = lines.slice(1, -1);
  if (points.some((l) => !l.startsWith('{"type":"point"')))
    throw new OutputError(`${file} has lines that are not points`);
  return { file, header, index: header.shard.index, count: header.shard.count, points, elapsedMs: last.elapsedMs ?? 0 };
}
