import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { tdlab } from "./tdlab.js";
const lines = (text: string) => text.trimEnd().split("\n");
const parsed = (text: string) => lines(text).map((l) => JSON.parse(l));

describe("tdlab checkpoints, resume and branch", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tdlab-ck-"));
  const file = path.join(dir, "run.jsonl");
  const whole = tdlab("run", "invariant-measure", "--steps", "4000", "--chains", "2", "--checkpoint-every", "1000");
  writeFileSync(file, whole.stdout);

  it("writes every member's full-precision state at each multiple of K", () => {
    expect(whole.status, whole.stderr).toBe(0);
    const cks = parsed(whole.stdout).filter((l) => l.type === "checkpoint");
    expect(cks.map((c) => [c.step, c.member])).toEqual(
      [0, 1000, 2000, 3000, 4000].flatMap((s) => [
        [s, 0],
        [s, 1],
      ]),
    );
    expect(Object.keys(cks[0].state).sort()).toEqual(["V", "a", "angle", "b", "batches", "gv2", "loss0", "weightSum"]);
    expect(cks[0].state.V).toHaveLength(96);
    // from step 0 too: a resumed run from the start is the whole run
    const fromStart = tdlab("run", "invariant-measure", "--resume", file, "--from", "0");
    expect(lines(fromStart.stdout).filter((l) => l.startsWith('{"type":"sample"'))).toEqual(
      lines(whole.stdout).filter((l) => l.startsWith('{"type":"sample"')),
    );
  });

  it("resumes with unchanged parameters into the same sample lines, byte for byte", () => {
    const resumed = tdlab("run", "invariant-measure", "--resume", file, "--from", "2000");
    expect(resumed.status, resumed.stderr).toBe(0);
    const samples = (text: string) => lines(text).filter((l) => l.startsWith('{"type":"sample"'));
    const later = samples(whole.stdout).filter((l) => JSON.parse(l).step >= 2000);
    expect(later.length).toBeGreaterThan(10);
    expect(samples(resumed.stdout)).toEqual(later);
    expect(parsed(resumed.stdout)[0]).toMatchObject({
      type: "header",
      resumedFrom: { file, step: 2000 },
      params: { steps: 4000, chains: 2 },
    });
  });

  it("branches with a changed flag: the same state at the step, another run after it", () => {
    const branch = tdlab("run", "invariant-measure", "--resume", file, "--from", "2000", "--lr", "0.05");
    expect(branch.status, branch.stderr).toBe(0);
    const out = parsed(branch.stdout);
    expect(out[0].params).toMatchObject({ lr: 0.05, steps: 4000, chains: 2 });
    const at = (rows: { type: string; step: number; member: number; loss: number }[], step: number) =>
      rows.find((r) => r.type === "sample" && r.step === step && r.member === 0)!;
    expect(at(out, 2000).loss).toBe(at(parsed(whole.stdout), 2000).loss);
    expect(at(out, 4000).loss).not.toBe(at(parsed(whole.stdout), 4000).loss);
  });

  it("refuses what it cannot resume, by name, exit 2", () => {
    expect(tdlab("run", "invariant-measure", "--resume", file, "--from", "1500").stderr).toBe(
      `tdlab: --resume ${file} has no checkpoint at step 1500; it has 0, 1000, 2000, 3000, 4000\n`,
    );
    expect(tdlab("run", "multistage", "--resume", file, "--from", "2000").stderr).toBe(
      `tdlab: --resume ${file} is not a tdlab run of multistage\n`,
    );
    expect(tdlab("run", "multistage", "--from", "2000").stderr).toBe(
      "tdlab: --resume FILE and --from STEP go together\n",
    );
    // The state's shape and origin stay: another width, data set or seed would not continue this run.
    const reshaped = tdlab(
      "run",
      "invariant-measure",
      "--resume",
      file,
      "--from",
      "2000",
      "--width",
      "8",
      "--seed",
      "3",
    );
    expect(reshaped.status).toBe(2);
    expect(reshaped.stderr).toBe(
      "tdlab: width must stay 32 in a branch: the checkpoint's run has it (got 8); " +
        "seed must stay 0 in a branch: the checkpoint's run has it (got 3)\n",
    );
    expect(tdlab("run", "multistage", "--checkpoint-every", "10", "--backend", "wasm").status).toBe(2);
    expect(tdlab("run", "multistage", "--checkpoint-every", "10", "--format", "csv").stderr).toBe(
      "tdlab: checkpoints are JSON lines: use --format jsonl\n",
    );
  });
});
