import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { jsonLines, tdlab, tmp } from "./tdlab.js";

const dir = tmp();
/** A run of `args` with checkpoints every `every` steps, written to a file; its lines. */
function source(name: string, args: string[], every: number) {
  const file = path.join(dir, `${name}.jsonl`);
  const r = tdlab("run", ...args, "--checkpoint-every", String(every), "--out", file);
  if (r.status !== 0) throw new Error(r.stderr);
  const text = tdlab("run", ...args).stdout;
  return { file, whole: jsonLines(text) };
}
const summaryOf = (lines: { type: string }[]) => lines.find((l) => l.type === "summary") as Record<string, unknown>;
const withoutTime = ({ elapsedMs: _, ...rest }: Record<string, unknown>) => rest;

describe("a resumed run's summary covers the whole run", () => {
  it.each([
    ["multistage", ["multistage", "--steps", "3000", "--seeds", "2"], 1000, 1000],
    // its equilibrium values average the last quarter of the run, which begins before the checkpoint
    ["invariant-measure", ["invariant-measure", "--steps", "4000", "--chains", "2"], 500, 3500],
    // its convergence reads the last 5 % of the steps, which begin before the checkpoint
    ["pathways", ["pathways", "--model", "scalar", "--steps", "2000"], 50, 1950],
  ])(
    "%s: resumed unchanged, its summary equals the uninterrupted run's",
    (name, args, every, from) => {
      const { file, whole } = source(name, args as string[], every as number);
      const f = Math.floor((from as number) / (every as number)) * (every as number);
      const resumed = tdlab("run", name as string, "--resume", file, "--from", String(f));
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(withoutTime(summaryOf(jsonLines(resumed.stdout)))).toEqual(withoutTime(summaryOf(whole)));
    },
    120_000,
  );

  it("the multistage plateau is found before the checkpoint: a branch keeps the source's first stages", () => {
    const { file, whole } = source("branch", ["multistage", "--steps", "3000"], 1000);
    const branch = jsonLines(tdlab("run", "multistage", "--resume", file, "--from", "1000", "--lr", "0.2").stdout);
    const [before] = summaryOf(whole).members as { plateauEnd: number; descentEnd: number }[];
    const [after] = summaryOf(branch).members as { plateauEnd: number; descentEnd: number }[];
    expect(before.plateauEnd).toBeLessThan(1000);
    expect([after.plateauEnd, after.descentEnd]).toEqual([before.plateauEnd, before.descentEnd]);
  }, 120_000);
});

describe("what a resume refuses, exit 2 and one line", () => {
  const { file } = source("refuse", ["multistage", "--steps", "3000", "--seeds", "2"], 1000);
  const lines = jsonLines(
    tdlab("run", "multistage", "--steps", "3000", "--seeds", "2", "--checkpoint-every", "1000").stdout,
  );
  /** The source file with its checkpoints at 1000 changed by `edit`, written with `space` in its JSON. */
  const edited = (
    name: string,
    edit: (c: { member: number; state?: Record<string, unknown> }) => unknown,
    space = "",
  ) => {
    const out = path.join(dir, `${name}.jsonl`);
    const text = lines
      .map((l) => (l.type === "checkpoint" && l.step === 1000 ? edit(structuredClone(l)) : l))
      .filter(Boolean)
      .map((l) => JSON.stringify(l, null, space).replace(/\n\s*/g, " "))
      .join("\n");
    writeFileSync(out, `${text}\n`);
    return out;
  };
  const refused = (file: string, ...more: string[]) => {
    const r = tdlab("run", "multistage", "--resume", file, "--from", "1000", ...more);
    return [r.status, r.stderr];
  };

  it("--steps at or below --from", () => {
    expect(refused(file, "--steps", "1000")).toEqual([
      2,
      "tdlab: --steps must be above --from 1000 to continue the run (got 1000)\n",
    ]);
  });

  it("weights that are not finite numbers (JSON writes NaN as null)", () => {
    const nulls = edited("nulls", (c) => ({
      ...c,
      state: { ...c.state, a: (c.state!.a as number[]).map(() => null) },
    }));
    expect(refused(nulls)).toEqual([
      2,
      "tdlab: --resume: the checkpoint at step 1000, member 0: state.a[0] is null, not a finite number\n",
    ]);
  });

  it("weights of the wrong shape, a missing state, a missing member", () => {
    const short = edited("short", (c) => ({ ...c, state: { ...c.state, w: [1, 2] } }));
    expect(refused(short)[1]).toMatch(
      /^tdlab: --resume: the checkpoint at step 1000, member 0: state\.w should hold \d+ values, not 2\n$/,
    );
    const stateless = edited("stateless", ({ state: _, ...c }) => c);
    expect(refused(stateless)).toEqual([
      2,
      "tdlab: --resume: the checkpoint at step 1000 holds 0 of 2 members; the run has 2\n",
    ]);
    const one = edited("one", (c) => (c.member === 1 ? null : c));
    expect(refused(one)).toEqual([
      2,
      "tdlab: --resume: the checkpoint at step 1000 holds 1 of 2 members; the run has 2\n",
    ]);
  });

  it("accepts any JSON spacing, and gives the same run", () => {
    const spaced = edited("spaced", (c) => c, " ");
    const a = tdlab("run", "multistage", "--resume", spaced, "--from", "1000");
    const b = tdlab("run", "multistage", "--resume", file, "--from", "1000");
    expect(a.status, a.stderr).toBe(0);
    const samples = (t: string) => t.split("\n").filter((l) => l.startsWith('{"type":"sample"'));
    expect(samples(a.stdout)).toEqual(samples(b.stdout));
  });
});
