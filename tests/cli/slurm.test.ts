import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureSlurm, startCluster, type Cluster } from "./slurmCluster.js";

import { BIN, ROOT, SCALAR_GRID } from "./tdlab.js";
const ci = process.env.CI === "true";
const missing = ensureSlurm();
if (missing && ci) throw new Error(`the Slurm test cannot skip under CI=true: ${missing}`);
if (missing)
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the Slurm test: ${missing}.\n!! Install: sudo apt-get install -y slurm-wlm munge   (under CI=true it never skips)\n${"!".repeat(78)}\n`,
  );

const GRID = SCALAR_GRID;

const untimed = (s: string) => s.replace(/"elapsedMs":\d+/g, "");
let localSweep: string | null = null;
/** The same sweep run locally, unsharded: what every merged cluster sweep must equal. */
const local = () => {
  if (localSweep === null) {
    const r = spawnSync(process.execPath, [BIN, "sweep", ...GRID], { encoding: "utf8", cwd: ROOT });
    if (r.status !== 0) throw new Error(r.stderr);
    localSweep = r.stdout;
  }
  return localSweep;
};
const logs = (out: string) =>
  ["merge.log", "shard-0.log", "shard-1.log", "shard-2.log"]
    .map((f) =>
      existsSync(path.join(out, f)) ? `${f}: ${readFileSync(path.join(out, f), "utf8").slice(-400)}` : `${f}: none`,
    )
    .join("\n");
/** Until the jobs have left the queue and `file` exists (ending in a line of `type`, when given). */
async function drained({
  env,
  jobs,
  file,
  type,
}: {
  env: NodeJS.ProcessEnv;
  jobs: string[];
  file: string;
  type?: string;
}) {
  const queued = () => spawnSync("squeue", ["-h", "-j", jobs.join(",")], { encoding: "utf8", env }).stdout.trim();
  const ready = () => {
    if (!existsSync(file)) return false;
    if (!type) return true;
    const last = readFileSync(file, "utf8").trimEnd().split("\n").at(-1) ?? "";
    return last.includes(`"type":"${type}"`);
  };
  for (let i = 0; i < 1200 && (queued() !== "" || !ready()); i++) await new Promise((r) => setTimeout(r, 250));
}

describe.skipIf(missing !== null)("sweeps on a real Slurm cluster", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tdlab-slurm-"));
  let cluster: Cluster;
  beforeAll(() => {
    cluster = startCluster({ dir: path.join(dir, "cluster") });
  });
  afterAll(() => cluster?.stop());

  it("submits a job array of shards and a merge job whose sweep equals the local unsharded one", async () => {
    const out = path.join(dir, "sweep");
    const gen = spawnSync(
      process.execPath,
      [BIN, "slurm", ...GRID, "--shards", "3", "--out", out, "--sbatch", "--time=10"],
      {
        encoding: "utf8",
        cwd: ROOT,
      },
    );
    expect(gen.status, gen.stderr).toBe(0);
    const script = path.join(dir, "submit.sh");
    writeFileSync(script, gen.stdout);
    const env = { ...cluster.env, TDLAB_NODE: process.execPath };
    const submit = spawnSync("bash", [script], { encoding: "utf8", env, cwd: dir });
    expect(submit.status, submit.stderr).toBe(0);
    const ids = /array job (\d+) \(3 shards\), merge job (\d+)/.exec(submit.stdout);
    expect(ids, submit.stdout).not.toBeNull();
    // The merge job waits for every shard to end (afterany): it leaves the queue last.
    const deps = spawnSync("scontrol", ["show", "job", ids![2]], { encoding: "utf8", env }).stdout;
    expect(deps).toMatch(new RegExp(`Dependency=afterany:${ids![1]}`));
    await drained({ env, jobs: [ids![1], ids![2]], file: path.join(out, "sweep.jsonl") });
    expect(existsSync(path.join(out, "sweep.jsonl")), logs(out)).toBe(true);
    expect(untimed(readFileSync(path.join(out, "sweep.jsonl"), "utf8"))).toBe(untimed(local()));
    for (let i = 0; i < 3; i++) expect(existsSync(path.join(out, `shard-${i}.jsonl`))).toBe(true);
  }, 360_000);

  it("a cancelled shard: the merge names it and fails; --resubmit runs it alone and completes the sweep", async () => {
    const out = path.join(dir, "cancelled");
    const env = { ...cluster.env, TDLAB_NODE: process.execPath };
    const tdlab = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT, env });
    // Held at submission, so that shard 1 can be cancelled before it runs; the rest then released.
    const gen = tdlab("slurm", ...GRID, "--shards", "3", "--out", out, "--sbatch", "--time=10 --hold");
    expect(gen.status, gen.stderr).toBe(0);
    const submit = spawnSync("bash", ["-c", gen.stdout], { encoding: "utf8", env });
    expect(submit.status, submit.stderr).toBe(0);
    const [, array, merge] = /array job (\d+) \(3 shards\), merge job (\d+)/.exec(submit.stdout)!;
    const slurm = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: "utf8", env });
    expect(slurm("scancel", `${array}_1`).status).toBe(0);
    expect(slurm("scontrol", "release", array).status).toBe(0);
    expect(slurm("scontrol", "release", merge).status).toBe(0);
    const merged = path.join(out, "sweep.jsonl");
    await drained({ env, jobs: [array, merge], file: path.join(out, "merge.log") });
    expect(readFileSync(path.join(out, "merge.log"), "utf8"), logs(out)).toMatch(
      /^tdlab: shard 1\/3 failed or missing; merged the 2 others/m,
    );
    expect(JSON.parse(readFileSync(merged, "utf8").trimEnd().split("\n").at(-1)!)).toMatchObject({
      type: "incomplete",
      missingShards: [1],
    });
    expect(existsSync(path.join(out, "shard-1.jsonl"))).toBe(false);
    // Resubmitted: shard 1 alone (held like the first submission), then a new merge.
    const again = tdlab("slurm", "--resubmit", out);
    expect(again.status, again.stderr).toBe(0);
    const re = spawnSync("bash", ["-c", again.stdout], { encoding: "utf8", env });
    const [, array2, merge2] = /resubmitted 1 of 3 shards: array job (\d+), merge job (\d+)/.exec(re.stdout)!;
    for (const job of [array2, merge2]) expect(slurm("scontrol", "release", job).status).toBe(0);
    await drained({ env, jobs: [array2, merge2], file: merged, type: "summary" });
    expect(untimed(readFileSync(merged, "utf8")), logs(out)).toBe(untimed(local()));
  }, 360_000);
});
