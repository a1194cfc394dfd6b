import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium, CHROMIUM } from "../../scripts/browser.js";
import { runBarDownload } from "../e2e/siteContext.js";
import { jsonLines, ROOT, tmp } from "./tdlab.js";

/**
 * `tdlab new` end to end, in a copy of the repository as a fresh clone holds it: the phenomenon it
 * writes type-checks, passes its own tests and the repository's, runs from the CLI (run, sweep,
 * checkpoints and resume), is listed on the index, and its page opens in Chromium, where a live run
 * above 2/λ_max diverges, one below converges, a sweep and a branch run.
 */
const ci = process.env.CI === "true";
const skipBrowser = !hasChromium() && !ci;
const copy = path.join(tmp(), "lab");
const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, args, { cwd: copy, encoding: "utf8", env: { ...process.env, ...env } });
const tdlab = (...args: string[]) => node(["cli/tdlab.mjs", ...args]);
const bin = (name: string, ...args: string[]) =>
  spawnSync(path.join(copy, "node_modules/.bin", name), args, {
    cwd: copy,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });

/** Every file of the copy but its dependencies, with its contents: what `new` may and may not touch. */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(path.join(copy, dir))) {
      const p = dir ? `${dir}/${f}` : f;
      if (p === "node_modules" || p === "dist-cli" || p === ".git") continue;
      if (statSync(path.join(copy, p)).isDirectory()) walk(p);
      else out.set(p, readFileSync(path.join(copy, p), "utf8"));
    }
  };
  walk("");
  return out;
}

let before: Map<string, string>;

beforeAll(() => {
  // What a clone holds (tracked files and new ones git does not ignore), and the installed dependencies.
  const files = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  }).stdout.split("\n");
  for (const f of files.filter((f) => f && existsSync(path.join(ROOT, f)))) {
    mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    cpSync(path.join(ROOT, f), path.join(copy, f));
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  // A repository of its own, as a clone is: the repository's tests list its files with git.
  spawnSync("git", ["init", "-q"], { cwd: copy });
  // npm ci's prepare script: the CLI bundle, which then runs `new` (and rebuilds itself after it).
  expect(node([path.join(copy, "node_modules/.bin/tsx"), "build/bundleCli.ts"]).status).toBe(0);
  before = snapshot();
});
afterAll(() => rmSync(path.dirname(copy), { recursive: true, force: true }));

describe("tdlab new", () => {
  it("refuses a bad NAME in one line, exit 2, and writes nothing", () => {
    for (const [name, why] of [
      ["EdgeDemo", "must be kebab-case"],
      ["edge--demo", "must be kebab-case"],
      ["multistage", "is taken"],
      ["index", "is reserved"],
      ["branch-steps", "would clash with src/sim/experiments/branchSteps.ts"],
    ]) {
      const r = tdlab("new", name);
      expect(r.status, name).toBe(2);
      expect(r.stderr.trimEnd().split("\n"), name).toHaveLength(1);
      expect(r.stderr).toContain(why);
    }
    expect(tdlab("new").stderr).toMatch(/^tdlab: new needs a NAME/);
    expect(snapshot()).toEqual(before);
  });

  it("writes new files and one registry line, then runs from the CLI", () => {
    const r = tdlab("new", "edge-demo");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const after = snapshot();
    const changed = [...before].filter(([f, text]) => after.get(f) !== text).map(([f]) => f);
    expect(changed).toEqual(["src/sim/experiments/registry.ts"]);
    const registry = after.get(changed[0])!;
    expect(registry).toBe(`${before.get(changed[0])}export { edgeDemo } from "./edgeDemo.js";\n`);
    const added = [...after.keys()].filter((f) => !before.has(f)).sort();
    expect(added).toEqual(
      [
        "data/presets/edge-demo.json",
        // (written by the test, not here: the repository's document check reads this file)
        ["docs", "phenomena", "edge-demo.md"].join("/"),
        "loaders/edgeDemo.ts",
        "src/cards/edge-demo.ts",
        "src/data/edge-demo-checkpoints-[preset].json.ts",
        "src/data/edge-demo.json.ts",
        "src/edge-demo.md",
        "src/sim/experiments/edgeDemo.ts",
        "tests/sim/edgeDemo.test.ts",
      ].sort(),
    );
    for (const f of added) expect(r.stdout).toContain(f);
    expect(tdlab("new", "edge-demo").stderr).toMatch(/^tdlab: NAME "edge-demo" is taken/);
    expect(tdlab("list").stdout).toContain("edge-demo");
  }, 600_000);

  it("type-checks, lints and passes its own tests and the repository's", () => {
    const tsc = bin("tsc", "--noEmit", "-p", ".");
    expect(tsc.stdout + tsc.stderr).toBe("");
    const biome = bin("biome", "check", ".");
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);
    const tests = ["tests/sim/edgeDemo.test.ts", "tests/repo.test.ts", "tests/sim/ensemble.test.ts"];
    const vitest = bin("vitest", "run", ...tests);
    expect(vitest.status, vitest.stdout.slice(-3000)).toBe(0);
    expect(vitest.stdout).toMatch(/Test Files +3 passed/);
  }, 600_000);

  it("runs, diverges above 2/λ_max, sweeps, checkpoints and resumes from the CLI", () => {
    const run = (lr: number) => jsonLines(tdlab("run", "edge-demo", "--lr", String(lr)).stdout).at(-1);
    const below = run(0.15);
    expect(below.theory.threshold).toBeCloseTo(0.2, 12);
    expect(below.members[0]).toMatchObject({ diverged: false, stable: true });
    expect(run(0.21).members[0]).toMatchObject({ diverged: true, stable: false });
    const sweep = jsonLines(tdlab("sweep", "edge-demo", "--grid", "lr=0.1:0.3:5").stdout);
    const points = sweep.filter((l) => l.type === "point");
    expect(points.map((p) => p.grid.lr)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(points.map((p) => p.summary.diverged)).toEqual([false, false, false, true, true]);
    const file = path.join(copy, "run.jsonl");
    expect(tdlab("run", "edge-demo", "--checkpoint-every", "50", "--out", file).status).toBe(0);
    const resumed = jsonLines(tdlab("run", "edge-demo", "--resume", file, "--from", "100").stdout);
    const whole = jsonLines(readFileSync(file, "utf8")).filter((l) => l.type === "sample" && l.step >= 100);
    expect(resumed.filter((l) => l.type === "sample").map((l) => l.loss)).toEqual(whole.map((l) => l.loss));
  });

  it("is listed on the index, its card drawn from its own data", () => {
    const index = node(["--import", "tsx", "src/index.md.ts"]);
    expect(index.stderr).toBe("");
    expect(index.stdout).toContain('<a class="card" href="./edge-demo">');
    expect(index.stdout).toContain('FileAttachment("data/edge-demo.json")');
  });
});

describe.skipIf(skipBrowser)(`tdlab new: the page in Chromium (${CHROMIUM})`, () => {
  let preview: ChildProcess;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    // (a run of this block alone writes the phenomenon first)
    if (!existsSync(path.join(copy, "src/edge-demo.md"))) expect(tdlab("new", "edge-demo").status).toBe(0);
    const port = await freePort();
    preview = spawn(path.join(copy, "node_modules/.bin/observable"), ["preview", "--port", String(port), "--no-open"], {
      cwd: copy,
      // The data loaders run with tsx, as npm's scripts find it.
      env: {
        ...process.env,
        OBSERVABLE_TELEMETRY_DISABLE: "1",
        PATH: `${path.join(copy, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      preview.stdout!.on("data", (d) => String(d).includes(`:${port}/`) && resolve());
      preview.on("exit", (code) => reject(new Error(`observable preview exited with ${code}`)));
    });
    origin = `http://127.0.0.1:${port}`;
    browser = await launchChromium({ webgpu: false });
  });
  afterAll(async () => {
    await browser?.close();
    preview?.kill();
  });

  async function liveRun(query: string): Promise<{ page: Page; json: any }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/edge-demo${query}`);
    await page.waitForFunction(
      () => ["done", "error"].includes(document.querySelector(".run-panel")?.getAttribute("data-status") ?? ""),
      null,
      { timeout: 300_000 },
    );
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("done");
    expect(errors).toEqual([]);
    return { page, json: JSON.parse(await runBarDownload(page, "Download JSON")) };
  }

  it("opens on its hero: the precomputed runs around 2/λ_max", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}/edge-demo`);
    const hero = page.locator(".hero-figure figure.chart").first();
    await hero.waitFor({ timeout: 300_000 });
    expect(await hero.textContent()).toContain("η = 0.204 (diverges)");
    expect(await hero.textContent()).toContain("η = 0.196");
    await page.close();
  }, 600_000);

  it("diverges live above 2/λ_max and converges below", async () => {
    const above = await liveRun("?lr=0.21&backend=js");
    expect(above.json.summary.members[0]).toMatchObject({ diverged: true });
    expect(above.json.summary.theory.threshold).toBeCloseTo(0.2, 12);
    const below = await liveRun("?lr=0.15&backend=js");
    expect(below.json.summary.members[0]).toMatchObject({ diverged: false });
    await above.page.close();
    await below.page.close();
  }, 600_000);

  it("sweeps the step size and branches from a precomputed checkpoint", async () => {
    const sweep = await liveRun("?steps=300&sweep=lr:0.1:0.3:5&backend=js");
    const diverged = sweep.json.summary.members.map((m: { lr: number; diverged: boolean }) => [m.lr, m.diverged]);
    expect(diverged).toEqual([
      [0.1, false],
      [0.15, false],
      [0.2, false],
      [0.25, true],
      [0.3, true],
    ]);
    const branch = await liveRun("?from=100&lr=0.21&steps=1500&backend=js");
    expect(Math.min(...branch.json.samples.map((s: { step: number }) => s.step))).toBe(100);
    expect(branch.json.summary.members[0]).toMatchObject({ diverged: true });
  }, 600_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
