import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, ROOT, tmp } from "./tdlab.js";

/**
 * The submit script against stand-ins for sbatch and scontrol: sbatch records its arguments and
 * answers job ids from 101 on; scontrol reports a small MaxArraySize. The real cluster is tests/slurm.test.ts.
 */
function fakeSlurm({ maxArray }: { maxArray: number }) {
  const dir = tmp();
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  const log = path.join(dir, "sbatch.log");
  const tool = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  tool(
    "sbatch",
    `n=$(( $(cat "${log}.n" 2>/dev/null || echo 100) + 1 )); echo $n > "${log}.n"; printf '%s\\n' "--- $n" "$@" >> "${log}"; echo "$n;cluster"`,
  );
  tool("scontrol", `[ "$1 $2" = "show config" ] && echo "MaxArraySize            = ${maxArray}"`);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const tdlab = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT, env });
  /** Each sbatch call's arguments. */
  const calls = () =>
    readFileSync(log, "utf8")
      .split(/^--- \d+\n/m)
      .filter(Boolean)
      .map((c) => c.trimEnd().split("\n"));
  const submit = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", env });
  return { dir, tdlab, calls, submit, env };
}

const GRID = (n: number) => ["pathways", "--model", "scalar", "--grid", `lr=0.3:0.66:${n}`, "--steps", "300"];

describe("tdlab slurm's submit script", () => {
  it("caps the shards at the points, and splits them into arrays below MaxArraySize, merged after all (afterany)", () => {
    const slurm = fakeSlurm({ maxArray: 4 });
    const out = path.join(slurm.dir, "out");
    const capped = slurm.tdlab("slurm", ...GRID(10), "--shards", "100", "--out", out, "--threads", "2");
    expect(capped.status).toBe(0);
    expect(capped.stderr).toBe("tdlab: --shards 100 capped at the sweep's 10 points\n");
    const r = slurm.submit(capped.stdout);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe("array jobs 101 102 103 (10 shards), merge job 104\n");
    const calls = slurm.calls();
    const arrays = calls.slice(0, 3).map((c) => [c.find((a) => a.startsWith("--array=")), c.at(-1)]);
    expect(arrays).toEqual([
      ["--array=0-3", "0"],
      ["--array=0-3", "4"],
      ["--array=0-1", "8"],
    ]);
    for (const c of calls.slice(0, 3)) expect(c).toContain("--cpus-per-task=2");
    expect(calls[3]).toContain("--dependency=afterany:101:102:103");
    expect(JSON.parse(readFileSync(path.join(out, "slurm.json"), "utf8"))).toEqual({
      shards: 10,
      maxArray: 4,
      sbatch: [],
      threads: 2,
    });
  });

  it("quotes DIR and --sbatch's words everywhere: spaces, quotes and $ stay literal", () => {
    const slurm = fakeSlurm({ maxArray: 1001 });
    const out = path.join(slurm.dir, "it's a $HOME dir");
    const gen = slurm.tdlab(
      "slurm",
      ...GRID(3),
      "--shards",
      "3",
      "--out",
      out,
      "--sbatch",
      `--time=10 --comment='a b' --x="$HOME"`,
    );
    expect(gen.status, gen.stderr).toBe(0);
    expect(slurm.submit(gen.stdout).status).toBe(0);
    expect(existsSync(path.join(out, "shard.sbatch"))).toBe(true);
    const [array, merge] = slurm.calls();
    expect(array.slice(0, 3)).toEqual(["--parsable", "--time=10", "--comment=a b"]);
    expect(array[3]).toBe("--x=$HOME");
    expect(array).toContain(`--output=${out}/slurm-%A_%a.out`);
    expect(merge).toContain(`--output=${out}/merge.log`);
    // A shard as Slurm would start it: array offset 0, task 1, two CPUs; a stand-in node prints its arguments.
    const echo = path.join(slurm.dir, "bin", "args");
    writeFileSync(echo, `#!/usr/bin/env bash\nprintf '%s\\n' "$@"\n`);
    chmodSync(echo, 0o755);
    const shard = spawnSync("bash", [path.join(out, "shard.sbatch"), "0"], {
      encoding: "utf8",
      env: { ...slurm.env, SLURM_ARRAY_TASK_ID: "1", SLURM_CPUS_PER_TASK: "2", TDLAB_NODE: echo },
    });
    expect(shard.status, shard.stderr).toBe(0);
    const args = readFileSync(path.join(out, "shard-1.log"), "utf8").trimEnd().split("\n");
    expect(args.slice(-8)).toEqual([
      "--steps",
      "300",
      "--threads",
      "2",
      "--shard",
      "1/3",
      "--out",
      `${out}/shard-1.jsonl`,
    ]);
  });

  it("refuses a DIR with a control character, and an unclosed quote in --sbatch, exit 2", () => {
    const slurm = fakeSlurm({ maxArray: 1001 });
    const nl = slurm.tdlab("slurm", ...GRID(3), "--shards", "3", "--out", `${slurm.dir}/a\nb`);
    expect([nl.status, nl.stderr]).toEqual([2, "tdlab: --out must not hold control characters (a newline, a tab…)\n"]);
    const quote = slurm.tdlab("slurm", ...GRID(3), "--shards", "3", "--out", slurm.dir, "--sbatch", "--comment='a b");
    expect([quote.status, quote.stderr]).toEqual([2, "tdlab: --sbatch has an unclosed '\n"]);
  });

  it("--resubmit DIR submits only the shards not finished, in arrays by offset, and a new merge", () => {
    const slurm = fakeSlurm({ maxArray: 4 });
    const out = path.join(slurm.dir, "out");
    expect(slurm.submit(slurm.tdlab("slurm", ...GRID(10), "--shards", "10", "--out", out).stdout).status).toBe(0);
    for (let i = 0; i < 10; i++)
      if (i !== 2 && i !== 9)
        writeFileSync(path.join(out, `shard-${i}.jsonl`), '{"type":"header"}\n{"type":"summary"}\n');
    writeFileSync(path.join(out, "shard-9.jsonl"), '{"type":"header"}\n{"type":"interrupted"}\n');
    const gen = slurm.tdlab("slurm", "--resubmit", out);
    expect(gen.status, gen.stderr).toBe(0);
    const r = slurm.submit(gen.stdout);
    expect(r.stdout).toBe("resubmitted 2 of 10 shards: array jobs 105 106, merge job 107\n");
    const calls = slurm.calls().slice(4);
    expect(calls.slice(0, 2).map((c) => [c.find((a) => a.startsWith("--array=")), c.at(-1)])).toEqual([
      ["--array=2", "0"],
      ["--array=1", "8"],
    ]);
    expect(calls[2]).toContain("--dependency=afterany:105:106");
    const none = slurm.tdlab("slurm", "--resubmit", slurm.dir);
    expect([none.status, none.stderr]).toEqual([
      2,
      `tdlab: --resubmit ${slurm.dir} holds no tdlab slurm submission (no slurm.json)\n`,
    ]);
  });
});
