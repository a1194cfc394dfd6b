import { afterEach, describe, expect, it, vi } from "vitest";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { runSweep, sweepThreads } from "../../cli/sweep.js";
import { parseArgs, type SweepCommand } from "../../cli/parseArgs.js";
import type { Output } from "../../cli/output.js";
import { runJobs } from "../../node/pool.js";
import { ROOT, jsonLines, tdlab, tmp } from "./tdlab.js";

const GRID = ["pathways", "--model", "scalar", "--grid", "lr=0.3:0.6:4", "--steps", "300", "--sharpness-every", "300"];
const FLAKY = new URL("./fixtures/flakyThread.mjs", import.meta.url);
const untimed = (s: string) => s.replace(/"elapsedMs":\d+/g, "");
/** The lines without what says which build made them. */
const unstamped = (s: string) => untimed(s).replace(/"version":"[^"]*","commit":"[^"]*",/, "");

/** An Output that keeps the text. */
function memory() {
  let text = "";
  const out: Output = {
    write(t) {
      text += t;
    },
    finish() {},
    keepIncomplete: () => null,
    abort() {},
  };
  return { out, text: () => text };
}

async function sweepWith(flaky: string) {
  process.env.FLAKY = flaky;
  process.env.FLAKY_DIR = tmp();
  const cmd = parseArgs({ argv: ["sweep", ...GRID, "--threads", "2"] }) as SweepCommand;
  const { out, text } = memory();
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = await runSweep({
    cmd,
    out,
    signal: new AbortController().signal,
    version: "test",
    commit: "test",
    thread: FLAKY,
  });
  const said = stderr.mock.calls.map((c) => String(c[0])).join("");
  stderr.mockRestore();
  return { code, text: text(), said };
}

describe("a sweep whose threads die", () => {
  afterEach(() => void delete process.env.FLAKY);
  const clean = tdlab("sweep", ...GRID);

  it("retries a lost point once on a fresh thread and writes the same sweep", async () => {
    expect(clean.status, clean.stderr).toBe(0);
    const r = await sweepWith("0.4:once");
    expect(r.code).toBe(0);
    expect(unstamped(r.text)).toBe(unstamped(clean.stdout));
  }, 120_000);

  it("ends with a failed line naming a point lost twice, the others written, exit 1", async () => {
    const r = await sweepWith("0.5:always");
    expect(r.code).toBe(1);
    const lines = jsonLines(r.text);
    expect(lines.at(-1)).toMatchObject({ type: "failed", points: 3, failed: [{ index: 2, grid: { lr: 0.5 } }] });
    expect(lines.filter((l) => l.type === "point").map((l) => l.index)).toEqual([0, 1, 3]);
    expect(r.said).toMatch(/^tdlab: point 2 \(lr=0\.5\) failed twice: its thread exited with code 3\n$/);
  }, 120_000);

  it("rejects the whole pool when no one handles a failure (the loaders)", async () => {
    process.env.FLAKY = "0.5:always";
    process.env.FLAKY_DIR = tmp();
    const jobs = [0.3, 0.5].map((lr) => ({ experiment: "pathways", params: { model: "scalar", lr, steps: 50 } }));
    await expect(runJobs({ jobs, threads: 2, thread: FLAKY })).rejects.toThrow(/job 1 failed: its thread exited/);
  }, 120_000);

  it("refuses to merge a failed shard", () => {
    const dir = tmp();
    const file = path.join(dir, "shard-0.jsonl");
    const shard = tdlab("sweep", ...GRID, "--shard", "0/2", "--out", file);
    expect(shard.status).toBe(0);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    lines[lines.length - 1] = JSON.stringify({ type: "failed", points: 1, failed: [] });
    const failed = path.join(dir, "failed.jsonl");
    spawnSync("bash", ["-c", `cat > "${failed}"`], { input: `${lines.join("\n")}\n` });
    const merge = tdlab("merge", failed, path.join(dir, "shard-1.jsonl"));
    expect([merge.status, merge.stderr]).toEqual([2, `tdlab: ${failed} is not finished (failed)\n`]);
  });
});

describe("sweep threads and progress", () => {
  it("never runs more threads than points, and warns above the cores", () => {
    expect(sweepThreads({ asked: 256, points: 3 }).threads).toBe(3);
    expect(sweepThreads({ asked: 256, points: 300 })).toEqual({
      threads: 256,
      warning: `--threads 256 is more than this machine's ${availableParallelism()} cores`,
    });
    expect(sweepThreads({ asked: 1, points: 300 })).toEqual({ threads: 1, warning: null });
    const r = tdlab("sweep", ...GRID, "--threads", "256");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `tdlab: --threads 256 is more than this machine's ${availableParallelism()} cores; running 4 threads anyway\n`,
    );
  });

  it("takes Slurm's CPUs for the task when --threads is not given", () => {
    process.env.SLURM_CPUS_PER_TASK = "3";
    try {
      expect(sweepThreads({ asked: null, points: 300 }).threads).toBe(3);
    } finally {
      delete process.env.SLURM_CPUS_PER_TASK;
    }
  });

  it("reports points done and an ETA with --progress, on stderr only", () => {
    const r = tdlab("sweep", ...GRID, "--progress");
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^point 4 \/ 4 · [\d.]+ points\/s · ETA 0\.0 s$/m);
    expect(jsonLines(r.stdout).at(-1).type).toBe("summary");
  });
});

/** What a compute node gets of a checkout: the bundle, the bin, package.json and the presets, in a new folder. */
function bundleAlone(): string {
  const dir = tmp();
  for (const p of ["dist-cli", "cli/tdlab.mjs", "package.json", "data/presets"]) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  }
  return dir;
}

describe("the bundled CLI on a node with nothing but Node", () => {
  it("runs and sweeps from dist-cli alone: no node_modules, no tsx, no esbuild", () => {
    const dir = bundleAlone();
    const bare = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(dir, "cli/tdlab.mjs"), ...args], {
        encoding: "utf8",
        cwd: dir,
        env: { PATH: path.dirname(process.execPath) },
      });
    const sweep = bare("sweep", ...GRID, "--threads", "2");
    expect([sweep.status, sweep.stderr]).toEqual([0, ""]);
    expect(untimed(sweep.stdout)).toBe(untimed(tdlab("sweep", ...GRID).stdout));
    const run = bare("run", "multistage", "--preset", "tanh", "--steps", "300");
    expect([run.status, run.stderr]).toEqual([0, ""]);
  }, 120_000);
});

describe("a bundle older than its sources", () => {
  it("is refused in a checkout, in one line, exit 2; with no sources beside it (a compute node) it runs", () => {
    const dir = bundleAlone();
    const run = () =>
      spawnSync(process.execPath, [path.join(dir, "cli/tdlab.mjs"), "--version"], { encoding: "utf8", cwd: dir });
    const manifest = path.join(dir, "dist-cli/sources.json");
    writeFileSync(manifest, JSON.stringify({ builtAt: Date.now() - 60_000, inputs: ["cli/main.ts", "package.json"] }));
    expect(run().status).toBe(0); // no cli/main.ts here: not a checkout, nothing to compare
    writeFileSync(path.join(dir, "cli/main.ts"), "// edited after the build\n");
    expect([run().status, run().stderr]).toEqual([
      2,
      "tdlab: cli/main.ts changed after the CLI was built; run npm run build:cli (or TDLAB_FROM_SOURCE=1 tdlab …)\n",
    ]);
    writeFileSync(manifest, JSON.stringify({ builtAt: Date.now() + 60_000, inputs: ["cli/main.ts", "package.json"] }));
    expect(run().stdout).toMatch(/^tdlab \d+\.\d+\.\d+\n$/);
  });
});
