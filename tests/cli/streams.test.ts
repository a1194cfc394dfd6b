import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { BIN, LONG, ROOT, tdlab, tmp, waitFor } from "./tdlab.js";

const VERSION = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
/** Start tdlab in the background; resolves its exit code and stderr, and samples its memory while it runs. */
function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let peakRssKb = 0;
  child.stderr.on("data", (d) => (stderr += d));
  const poll = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (rss) peakRssKb = Math.max(peakRssKb, Number(rss[1]));
    } catch {}
  }, 50);
  const done = new Promise<{ code: number | null; stderr: string; peakRssKb: number }>((resolve) =>
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ code, stderr, peakRssKb });
    }),
  );
  return { child, done };
}
const partial = (dir: string) => readdirSync(dir).find((f) => f.includes(".partial-"));
const sizeOf = (dir: string) => (partial(dir) ? statSync(path.join(dir, partial(dir)!)).size : 0);

describe("tdlab's conventions", () => {
  it("prints its version", () => {
    const r = tdlab("--version");
    expect([r.status, r.stdout.trim(), r.stderr]).toEqual([0, `tdlab ${VERSION}`, ""]);
  });

  it.each([
    [["--help"], /Usage:/],
    [["help"], /tdlab run EXPERIMENT \[flags\]/],
    [["help", "run"], /--out FILE/],
    [["run", "--help"], /--format jsonl\|csv/],
    [["list", "--help"], /every experiment, its parameters/],
    [["help", "run", "pathways"], /--sharpness-every\s+25\s+an integer from 0 to 100000 \(steps\)\s+Sharpness every/],
    [["run", "multistage", "--help"], /--init-scale\s+0\.0001\s+a number from 1e-8 to 1\s+Init scale ε/],
  ])("answers %j on stdout with exit 0", (args, text) => {
    const r = tdlab(...args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(text);
    expect(r.stderr).toBe("");
  });

  it("ends quietly when the reader closes the pipe", () => {
    for (const cmd of [`"${BIN}" list`, `"${BIN}" run multistage --steps 20000 --every 1`]) {
      const r = spawnSync(
        "bash",
        ["-c", `set -o pipefail; node ${cmd} | head -1 > /dev/null; echo "\${PIPESTATUS[0]}"`],
        {
          encoding: "utf8",
          cwd: ROOT,
        },
      );
      expect(r.stdout.trim(), cmd).toBe("0");
      expect(r.stderr, cmd).toBe("");
    }
  });

  it("refuses an --out it cannot write, at once, in one line, exit 2", () => {
    const r = tdlab("run", "multistage", "--out", "/nonexistent/x.jsonl");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tdlab: cannot write --out /nonexistent/x.jsonl: no folder /nonexistent\n");
    const dir = tmp();
    const folder = tdlab("run", "multistage", "--out", dir);
    expect([folder.status, folder.stderr]).toEqual([2, `tdlab: cannot write --out ${dir}: it is a folder\n`]);
  });

  it("reports the simulation's own time, without process start-up", () => {
    const r = tdlab("run", "multistage", "--steps", "300");
    const summary = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(summary.type).toBe("summary");
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("writes progress to stderr with --progress, never to stdout", () => {
    const r = tdlab("run", "multistage", "--steps", "3000", "--progress");
    expect(r.stderr).toMatch(/^step \d+ \/ 3000 · [\d,]+ steps\/s · ETA/m);
    expect(
      r.stdout
        .split("\n")
        .filter(Boolean)
        .every((l) => JSON.parse(l).type),
    ).toBe(true);
  });
});

describe("tdlab's output is never lost", () => {
  it("streams --out as it computes, with flat memory, and Ctrl-C leaves a complete file ending in interrupted", async () => {
    const dir = tmp();
    const file = path.join(dir, "run.jsonl");
    const { child, done } = start([...LONG, "--out", file]);
    await waitFor(() => sizeOf(dir) > 0);
    const first = sizeOf(dir);
    await waitFor(() => sizeOf(dir) > first + 4_000_000); // the file grows during the run
    child.kill("SIGINT");
    const { code, stderr, peakRssKb } = await done;
    expect([code, stderr]).toEqual([130, ""]);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0].type).toBe("header");
    expect(parsed.at(-1)).toMatchObject({ type: "interrupted" });
    expect(parsed.at(-1).step).toBeGreaterThan(0);
    expect(parsed.filter((l) => l.type === "sample").length).toBeGreaterThan(10_000);
    expect(readdirSync(dir)).toEqual(["run.jsonl"]); // no partial file, no lock left
    // Memory does not grow with the output: the file passed 4 MB; a run that held its output would be far above.
    expect(peakRssKb).toBeLessThan(250_000);
  }, 120_000);

  it("streams CSV too, a seed column included, and Ctrl-C leaves it whole", async () => {
    const dir = tmp();
    const file = path.join(dir, "run.csv");
    const { child, done } = start([...LONG, "--format", "csv", "--out", file]);
    await waitFor(() => sizeOf(dir) > 2_000_000);
    child.kill("SIGINT");
    expect((await done).code).toBe(130);
    const [header, ...rows] = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(header.split(",")).toEqual(["member", "seed", "step", "loss", "w1Rate", "cosMean", "condensedFrac"]);
    expect(rows.length).toBeGreaterThan(10_000);
    for (const row of rows.slice(-5)) expect(row.split(",")).toHaveLength(7);
  }, 120_000);

  it("refuses a second writer of the same --out, and keeps the first one's file", async () => {
    const dir = tmp();
    const file = path.join(dir, "run.jsonl");
    const first = start([...LONG, "--out", file]);
    await waitFor(() => existsSync(`${file}.lock`) && sizeOf(dir) > 0);
    const second = tdlab("run", "multistage", "--steps", "10", "--out", file);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/^tdlab: --out .*run\.jsonl is being written by another tdlab \(pid \d+\)/);
    first.child.kill("SIGINT");
    expect((await first.done).code).toBe(130);
    expect(JSON.parse(readFileSync(file, "utf8").trimEnd().split("\n").at(-1)!).type).toBe("interrupted");
  }, 120_000);

  it("leaves an existing FILE as it was when a run is killed, and the next run takes over the dead writer's lock", async () => {
    const dir = tmp();
    const file = path.join(dir, "run.jsonl");
    spawnSync("bash", ["-c", `echo previous > "${file}"`]);
    const { child, done } = start([...LONG, "--out", file]);
    await waitFor(() => sizeOf(dir) > 1_000_000);
    child.kill("SIGKILL");
    await done;
    expect(readFileSync(file, "utf8")).toBe("previous\n");
    const again = tdlab("run", "multistage", "--steps", "50", "--out", file);
    expect([again.status, again.stderr]).toEqual([0, ""]);
    expect(JSON.parse(readFileSync(file, "utf8").trimEnd().split("\n").at(-1)!).type).toBe("summary");
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 120_000);
});
