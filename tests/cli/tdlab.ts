import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** What the CLI tests share: the bin, a synchronous run, a background run, a temporary folder. */
export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "cli/tdlab.mjs");

export const tdlab = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT });

export const tmp = () => mkdtempSync(path.join(tmpdir(), "tdlab-"));

export const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

export const lastLine = (file: string) => JSON.parse(readFileSync(file, "utf8").trimEnd().split("\n").at(-1)!);

/** tdlab in the background: its exit code, signal and stderr when it ends. */
export function start(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => (stdout += d));
  const done = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr, stdout })),
  );
  return { child, done };
}

export const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
};

/** A run that streams for a long time: 4 members × 200,000 steps, every step sampled. */
export const LONG = [
  "run",
  "multistage",
  "--width",
  "1",
  "--points",
  "2",
  "--steps",
  "200000",
  "--every",
  "1",
  "--seeds",
  "4",
  "--snapshots",
  "0",
];

/** A small sweep of the scalar pathways toy: 5 step sizes × 2 seeds, short runs. */
export const SCALAR_GRID = [
  "pathways",
  "--model",
  "scalar",
  "--grid",
  "lr=0.3:0.66:5",
  "--steps",
  "300",
  "--sharpness-every",
  "300",
  "--seeds",
  "2",
];
