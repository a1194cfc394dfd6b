import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { BIN, LONG, lastLine, start, tdlab, tmp, waitFor } from "./tdlab.js";

const SHORT = ["run", "multistage", "--steps", "300"];
/** A sweep that takes a while, one point at a time, saying when each is done. */
const SWEEP_LONG = [
  "sweep",
  "multistage",
  "--grid",
  "init-scale=1e-5:1e-3:400:log",
  "--steps",
  "20000",
  "--threads",
  "1",
  "--progress",
];
const grown = (file: string, bytes: number) => () => {
  const dir = path.dirname(file);
  const partial = readdirSync(dir).find((f) => f.startsWith(`${path.basename(file)}.partial-`));
  return partial !== undefined && statSync(path.join(dir, partial)).size > bytes;
};

describe("--out to what is not a regular file", () => {
  it("writes a device as it is, never replacing it", () => {
    const dir = tmp();
    const dev = path.join(dir, "null");
    // A copy of /dev/null: the run must leave it a character device (as root, --out /dev/null must not replace the system's).
    expect(spawnSync("mknod", [dev, "c", "1", "3"]).status).toBe(0);
    const r = tdlab(...SHORT, "--out", dev);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(["null"]);
    const sys = tdlab(...SHORT, "--out", "/dev/null");
    expect(sys.status).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("writes a FIFO to its reader, whole, without lock or temporary file", () => {
    const dir = tmp();
    const fifo = path.join(dir, "fifo");
    const copy = path.join(dir, "copy.jsonl");
    const r = spawnSync(
      "bash",
      ["-c", `mkfifo "${fifo}" && (cat "${fifo}" > "${copy}" &) && node "${BIN}" ${SHORT.join(" ")} --out "${fifo}"`],
      {
        encoding: "utf8",
      },
    );
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    return waitFor(
      () => existsSync(copy) && readFileSync(copy, "utf8").endsWith("\n") && lastLine(copy).type === "summary",
    ).then(() => {
      expect(readFileSync(copy, "utf8").split("\n")[0]).toMatch(/^\{"type":"header"/);
      expect(readdirSync(dir).sort()).toEqual(["copy.jsonl", "fifo"]);
    });
  });

  it("follows a symlink: the file it names gets the run, the link stays a link", () => {
    const dir = tmp();
    const real = path.join(dir, "real.jsonl");
    const link = path.join(dir, "link.jsonl");
    writeFileSync(real, "previous\n");
    symlinkSync(real, link);
    const r = tdlab(...SHORT, "--out", link);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lastLine(real).type).toBe("summary");
    expect(readdirSync(dir).sort()).toEqual(["link.jsonl", "real.jsonl"]);
  });

  it("writes --out /dev/stdout to standard output", () => {
    const r = tdlab(...SHORT, "--out", "/dev/stdout");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trimEnd().split("\n").at(-1)!).type).toBe("summary");
  });
});

describe("signals end a run cleanly", () => {
  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    ["SIGINT", 130],
  ] as const)(
    "%s: what was computed, then interrupted; exit %i; no lock or temporary file",
    async (signal, exit) => {
      const dir = tmp();
      const file = path.join(dir, "run.jsonl");
      const { child, done } = start([...LONG, "--out", file]);
      await waitFor(grown(file, 200_000));
      child.kill(signal);
      const { code } = await done;
      expect(code).toBe(exit);
      expect(lastLine(file)).toMatchObject({ type: "interrupted", signal });
      expect(readdirSync(dir)).toEqual(["run.jsonl"]);
    },
    120_000,
  );

  it("a sweep too: TERM leaves its points and interrupted, exit 143", async () => {
    const dir = tmp();
    const file = path.join(dir, "sweep.jsonl");
    const { child, done } = start([...SWEEP_LONG, "--out", file]);
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await waitFor(() => /^point [1-9]\d* \/ 400/m.test(stderr));
    child.kill("SIGTERM");
    expect((await done).code).toBe(143);
    const lines = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: "interrupted" });
    expect(lines.filter((l) => l.type === "point").length).toBe(lines.at(-1).points);
    expect(lines.at(-1).points).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(["sweep.jsonl"]);
  }, 120_000);

  it("never replaces a complete FILE with an interrupted run: that goes beside it, and stderr says where", async () => {
    const dir = tmp();
    const file = path.join(dir, "run.jsonl");
    expect(tdlab(...SHORT, "--out", file).status).toBe(0);
    const complete = readFileSync(file, "utf8");
    const { child, done } = start([...LONG, "--out", file]);
    await waitFor(grown(file, 200_000));
    child.kill("SIGINT");
    const { code, stderr } = await done;
    expect(code).toBe(130);
    expect(readFileSync(file, "utf8")).toBe(complete);
    expect(lastLine(`${file}.interrupted`).type).toBe("interrupted");
    expect(stderr).toBe(`tdlab: ${file} was kept as it was; this run's incomplete output is in ${file}.interrupted\n`);
    expect(readdirSync(dir).sort()).toEqual(["run.jsonl", "run.jsonl.interrupted"]);
  }, 120_000);
});

describe("FILE.lock on a shared file system", () => {
  it("names host and pid, honours another host's live lock, and takes over one without a heartbeat", () => {
    const dir = tmp();
    const file = path.join(dir, "run.jsonl");
    const lock = `${file}.lock`;
    writeFileSync(lock, JSON.stringify({ host: "node-17.cluster", pid: process.pid + 1_000_000 }));
    const refused = tdlab(...SHORT, "--out", file);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is being written by another tdlab \(pid \d+ on node-17\.cluster\)/);
    // The same lock, its heartbeat two minutes old: that writer is gone.
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const taken = tdlab(...SHORT, "--out", file);
    expect([taken.status, taken.stderr]).toEqual([0, ""]);
    expect(existsSync(lock)).toBe(false);
  });

  it("keeps its own lock fresh while it writes (the heartbeat)", async () => {
    const dir = tmp();
    const file = path.join(dir, "run.jsonl");
    const lock = `${file}.lock`;
    const { child, done } = start([...SWEEP_LONG, "--out", file]);
    await waitFor(() => existsSync(lock));
    expect(JSON.parse(readFileSync(lock, "utf8"))).toMatchObject({ pid: child.pid });
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    await waitFor(() => statSync(lock).mtimeMs > Date.now() - 60_000);
    child.kill("SIGINT");
    expect((await done).code).toBe(130);
    expect(existsSync(lock)).toBe(false);
    expect(lastLine(file).type).toBe("interrupted");
  }, 120_000);
});
