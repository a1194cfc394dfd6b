import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium, CHROMIUM } from "../../scripts/browser.js";
import { serveStatic } from "../../scripts/staticServer.js";
import { runBarDownload, numberBox, PAGES } from "./siteContext.js";
import { hardeningTests } from "./hardening.js";
import { faultTests } from "./faults.js";
import { firstViewTests } from "./firstView.js";
import { robustnessTests } from "./robustness.js";
import { engineTests } from "./engines.js";
import { carelessLinkTests } from "./carelessLinks.js";
import { realDataTests } from "./realData.js";
import { presentationTests } from "./presentation.js";
import { accessibilityTests, axeTests, downloadButtonTests } from "./accessibility.js";
import { PAGE_PROBE, readProbe } from "./pageProbe.js";
import { createRng } from "../../src/sim/rng.js";
import { palette } from "../../src/components/palette.js";

/** How the live run is drawn (its colour, a CSS variable of the page). */
const LIVE_COLOR = palette.live;

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = path.join(ROOT, "dist");
const ci = process.env.CI === "true";
const skip = !hasChromium() && !ci;
if (skip) {
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the browser tests: no Chromium at ${CHROMIUM}.\n!! Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)\n!! Under CI=true these tests never skip.\n${"!".repeat(78)}\n`,
  );
}

describe.skipIf(skip)("the built site in Chromium", () => {
  let browser: Browser;
  let origin: string;
  let close: () => Promise<void>;
  const problems: string[] = [];

  beforeAll(async () => {
    // Build exactly as a user would (all loaders run); TDLAB_REUSE_DIST=1 reuses dist/ while iterating locally.
    if (process.env.TDLAB_REUSE_DIST !== "1") {
      const build = spawnSync("npm", ["run", "build"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1" },
      });
      if (build.status !== 0)
        throw new Error(`npm run build failed:\n${build.stdout.slice(-3000)}\n${build.stderr.slice(-3000)}`);
    }
    ({ origin, close } = await serveStatic({ root: DIST }));
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  /** A page that records console errors, page errors and any request leaving the origin. */
  async function open(
    url: string,
    { width = 1280, height = 900 }: { width?: number; height?: number } = {},
  ): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on("console", (m) => m.type() === "error" && problems.push(`console error on ${url}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error on ${url}: ${e.message}`));
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(`${origin}/`) && !u.startsWith("blob:") && !u.startsWith("data:"))
        problems.push(`request left the origin from ${url}: ${u}`);
    });
    page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
    await page.goto(origin + url);
    return page;
  }
  const status = (page: Page) => page.locator(".run-panel").getAttribute("data-status");
  const waitStatus = (page: Page, wanted: string[], timeout = 120_000) =>
    page.waitForFunction(
      (w) => w.includes(document.querySelector(".run-panel")?.getAttribute("data-status") ?? ""),
      wanted,
      { timeout },
    );
  // The other test groups (hardening.ts, faults.ts) share this build, server and browser.
  const site = {
    get browser() {
      return browser;
    },
    get origin() {
      return origin;
    },
    open,
    waitStatus,
  };
  hardeningTests(site);
  faultTests(site);
  firstViewTests(site, { root: DIST, problems });
  robustnessTests(site);
  engineTests(site);
  carelessLinkTests(site);
  realDataTests(site);
  presentationTests({ root: DIST });
  accessibilityTests(site);
  // Before a run, and after one (pathways' live-only charts draw then).
  downloadButtonTests(site, [...PAGES, "/pathways.html?steps=600&seeds=2&backend=js"]);
  axeTests(site, ["/index.html", ...PAGES]);

  /** Open a page, wait for its run panel and at least `plots` Plot figures, and return its main text. */
  async function renderedText(url: string, plots: number): Promise<{ page: Page; text: string }> {
    const page = await open(url);
    await page.locator(".run-panel").waitFor();
    await page.waitForFunction((n) => document.querySelectorAll("svg[class*='plot']").length >= n, plots);
    return { page, text: (await page.locator("main").textContent()) ?? "" };
  }

  it("serves the index page linking the phenomenon", async () => {
    const page = await open("/");
    await expect(page.locator("h1").textContent()).resolves.toBe("Training Dynamics Lab");
    for (const name of ["multistage", "invariant-measure", "pathways"]) {
      await page.click(`a.card[href='./${name}.html']`);
      await page.waitForURL(new RegExp(`/${name}`));
      await page.locator(".run-panel").waitFor();
      await page.goBack();
    }
    await page.close();
  });

  it("renders every precomputed chart with stages and theory", async () => {
    const { page, text } = await renderedText("/multistage.html", 6);
    for (const label of [
      "initial plateau",
      "initial descent",
      "secondary plateau",
      "T_init = ln(1/mε²)/(2λη)",
      "linear-fit loss L_lin",
      "theory T_init: slope 1/(λη)",
    ])
      expect(text).toContain(label);
    // the heat map is a raster image of m×m cosines
    expect(await page.locator("svg[class*='plot'] image").count()).toBeGreaterThanOrEqual(1);
    // 100 neurons in the condensation scatter
    expect(await page.locator("svg[class*='plot'] circle").count()).toBeGreaterThanOrEqual(100);
    expect(await status(page)).toBe("idle");
    // the address bar holds every parameter once the page is up
    expect(page.url()).toMatch(/width=100.*init-scale=0\.0001.*lr=0\.1/);
    await page.close();
  });

  const LIVE = [
    {
      page: "multistage",
      query: (steps: number) => `steps=${steps}&seeds=2&snapshots=4`,
      steps: { webgpu: 120, wasm: 400 },
      lastMember: 1,
    },
    {
      page: "invariant-measure",
      query: (steps: number) => `steps=${steps}&chains=3&snapshot-every=50`,
      steps: { webgpu: 100, wasm: 600 },
      lastMember: 2,
    },
    {
      page: "pathways",
      query: (steps: number) => `steps=${steps}&seeds=2&sharpness-every=${Math.round(steps / 3)}&sharpness-iters=10`,
      steps: { webgpu: 60, wasm: 600 },
      lastMember: 1,
    },
  ];
  const cases = LIVE.flatMap((c) => (["webgpu", "wasm"] as const).map((backend) => ({ ...c, backend })));
  it.each(cases)(
    "runs $page live on $backend from parameters given in the URL",
    async ({ page: name, query, steps: stepsBy, lastMember, backend }) => {
      const steps = stepsBy[backend];
      const page = await open(`/${name}.html?${query(steps)}&backend=${backend}`);
      await waitStatus(page, ["done", "error"], 180_000);
      expect(await page.locator(".run-status").textContent()).toContain(`step ${steps} / ${steps}`);
      expect(await page.locator(".run-panel").getAttribute("data-backend")).toBe(backend);
      // the live run is drawn in the live colour
      expect(
        await page
          .locator(`svg[class*='plot'] [stroke='${LIVE_COLOR}'], svg[class*='plot'] [fill='${LIVE_COLOR}']`)
          .count(),
      ).toBeGreaterThan(0);
      const json = JSON.parse(await runBarDownload(page, "Download JSON"));
      expect(json.params.steps).toBe(steps);
      expect(json.samples.filter((s: { member: number }) => s.member === lastMember).at(-1).step).toBe(steps);
      // the terminal line for these settings names the run's non-default values
      expect(await page.locator(".cli-command code").textContent()).toContain(`node cli/tdlab.mjs run ${name} `);
      expect(await page.locator(".cli-command code").textContent()).toContain(`--steps ${steps}`);
      await page.close();
    },
  );

  it("renders the invariant-measure page with the ensemble, controls and theory lines", async () => {
    const { page, text } = await renderedText("/invariant-measure.html", 13);
    for (const label of [
      "theory: 1",
      "√(2ηλ) = 0.0447",
      "control C1: full-batch GD",
      "mean distance between chains",
      "W1 of ‖V‖",
      "theory after: 0.562 × before",
      "theory at fixed G",
    ])
      expect(text).toContain(label);
    expect(text).toMatch(/each chain moves [\d.]+ between snapshots, \d+ % of the mean distance between chains/);
    await page.close();
  });

  it("renders the pathways page with the edge-of-stability story, the phase diagram and ρ(K, L)", async () => {
    const { page, text } = await renderedText("/pathways.html", 22);
    for (const label of [
      "2/η = 16.00",
      "λ_single = L·s^(2−2/L) = 18.25",
      "λ_equal = λ_single·K^(2/L−1) = 14.48",
      "mode 1 (s = 3.87), pathway 2",
      "final top-pathway share",
      "ρ(K, L) = λ_equal / λ_single",
    ])
      expect(text).toContain(label);
    expect(text).toMatch(/converges at λ_max = 15\.9\d+, 0\.\d+ % below 2\/η/);
    await page.close();
  });

  it("stops a run on Stop and keeps what it drew", async () => {
    const page = await open("/multistage.html?steps=20000&backend=wasm&snapshots=0");
    await page.waitForFunction(
      () => /step [1-9]\d{2,}/.test(document.querySelector(".run-status")?.textContent ?? ""),
      null,
      { timeout: 60_000 },
    );
    await page.click(".run-panel button:text-is('Stop')");
    await waitStatus(page, ["stopped"]);
    const at = await page.locator(".run-status").textContent();
    await page.waitForTimeout(1000);
    expect(await page.locator(".run-status").textContent()).toBe(at);
    expect(await page.locator(`svg[class*='plot'] path[stroke='${LIVE_COLOR}']`).count()).toBeGreaterThan(0);
    await page.close();
  });

  it("refuses bad URL values by name and runs nothing", async () => {
    const page = await open("/multistage.html?width=0&lr=abc&init-scale=Infinity&depth=3");
    const alert = await page.locator(".url-errors").textContent();
    expect(alert).toContain('width must be an integer from 1 to 2000 (got "0")');
    expect(alert).toContain('lr must be a number from 0.0001 to 100 (got "abc")');
    expect(alert).toContain('init-scale must be a number from 1e-8 to 1 (got "Infinity")');
    expect(alert).toContain("unknown parameter depth");
    await page.waitForTimeout(500);
    expect(await status(page)).toBe("idle");
    await page.close();
  });

  it("names a bad typed value on the page, keeps the last valid one, and shows the live run's neurons", async () => {
    const page = await open("/multistage.html?steps=400&snapshots=6&backend=wasm");
    await waitStatus(page, ["done"]);
    const before = page.url();
    await numberBox(page, "Width m (neurons)").fill("0");
    await expect(page.locator(".form-errors").textContent()).resolves.toBe(
      'width must be an integer from 1 to 2000 (got "0"); the last valid value is kept',
    );
    await page.waitForTimeout(400);
    expect(page.url()).toBe(before); // nothing ran with, or recorded, the bad value
    expect(await status(page)).toBe("done");
    await page.getByLabel("live run").check();
    await page.waitForFunction(() => /Live run, seed 0/.test(document.querySelector("main")?.textContent ?? ""));
    expect(await page.locator(".scrubber output").textContent()).toBe("step 400");
    await page.close();
  });

  it("shows a diverging run as diverged at its step", async () => {
    const page = await open("/multistage.html?lr=60&init-scale=0.5&steps=300&snapshots=0&backend=wasm");
    await waitStatus(page, ["done", "error"]);
    expect(await status(page)).toBe("done");
    expect(await page.locator(".run-status").textContent()).toMatch(/member 0 diverged at step \d+/);
    expect(await page.locator("main").textContent()).toMatch(/member 0 diverged at step \d+/);
    await page.close();
  });

  it("draws the same random numbers in the browser as in Node", async () => {
    const page = await open("/");
    const file = readdirSync(path.join(DIST, "_import/sim")).find((f) => f.startsWith("rng."));
    // Code as a string: vitest would rewrite a dynamic import inside a function shipped to the page.
    const inBrowser = await page.evaluate(
      `import("/_import/sim/${file}").then(({ createRng }) => { const r = createRng({ seed: 42 }); return Array.from({ length: 20 }, () => r.normal()); })`,
    );
    const r = createRng({ seed: 42 });
    expect(inBrowser).toEqual(Array.from({ length: 20 }, () => r.normal()));
    await page.close();
  });

  it("keeps exactly one worker through 50 quick changes, and the result matches the last settings", async () => {
    const page = await open("/multistage.html?steps=200&snapshots=0&backend=wasm");
    await waitStatus(page, ["done"]);
    const steps = numberBox(page, "Steps");
    for (let i = 0; i < 50; i++) {
      await steps.fill(String(300 + i));
      expect(page.workers().length).toBeLessThanOrEqual(1);
    }
    await page.waitForFunction(
      () =>
        /step 349 \/ 349/.test(document.querySelector(".run-status")?.textContent ?? "") &&
        document.querySelector(".run-panel")?.getAttribute("data-status") === "done",
      null,
      { timeout: 60_000 },
    );
    expect(page.url()).toContain("steps=349");
    // a finished run's worker is terminated: none is left behind
    await page.waitForTimeout(300);
    expect(page.workers().length).toBe(0);
    await page.close();
  });

  it("falls back down the chain when WebGPU is missing, says so, and completes", async () => {
    const noGpu = await launchChromium({ webgpu: false });
    const page = await noGpu.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/multistage.html?steps=150&snapshots=0&backend=webgpu`);
    await waitStatus(page, ["done", "error"]);
    expect(await status(page)).toBe("done");
    const backend = await page.locator(".run-panel").getAttribute("data-backend");
    expect(["webgl", "wasm", "cpu"]).toContain(backend);
    expect(await page.locator(".run-status").textContent()).toMatch(/passed over: webgpu/);
    expect(errors).toEqual([]);
    await noGpu.close();
  });

  it("enforces a Content Security Policy that blocks requests to other origins", async () => {
    // A page of its own: the blocked request is the point here, not a problem of the site.
    const page = await browser.newPage();
    await page.goto(`${origin}/multistage.html`);
    const violation = page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true }),
        ),
    );
    const result = await page.evaluate(() =>
      fetch("https://example.org/").then(
        () => "fetched",
        () => "blocked",
      ),
    );
    expect(result).toBe("blocked");
    await expect(violation).resolves.toBe("connect-src");
    await page.close();
  });

  // Timings (first chart, long tasks) belong to `npm run bench`; here, the structure that keeps a
  // live run's main-thread work small: charts stay, only their live layers are redrawn.
  it("redraws live layers in place during a live run, rebuilds no chart per batch, and keeps tfjs off the main thread", async () => {
    // Runs long enough for many batches: a chart rebuilt per batch would be inserted many times.
    for (const [url, steps] of [
      ["/multistage.html", 12000],
      ["/invariant-measure.html", 10000],
      ["/pathways.html", 3000],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on("pageerror", (e) => problems.push(`page error on ${url}: ${e.message}`));
      await page.addInitScript(PAGE_PROBE);
      // A link with parameters auto-runs; wasm: the tfjs path, the page's heaviest streaming.
      await page.goto(`${origin}${url}?steps=${steps}&backend=wasm`);
      await waitStatus(page, ["done"]);
      const probe = await readProbe(page);
      expect(probe.runStartMs, `${url}: the run's start was not seen`).toBeGreaterThan(0);
      expect(probe.liveRedraws, `${url}: live layers drawn during the run`).toBeGreaterThan(0);
      // A cell that rebuilt its charts at every batch inserts charts × batches of them.
      expect(probe.chartRebuilds, `${url}: charts rebuilt during the run (of ${probe.charts})`).toBeLessThanOrEqual(
        probe.charts,
      );
      expect(probe.tfjsOnMainThread, `${url}: tfjs loaded outside the worker`).toEqual([]);
      await page.close();
    }
  });

  it("builds byte-identical data files twice from cold", async () => {
    const second = path.join(ROOT, "dist-second");
    rmSync(second, { recursive: true, force: true });
    const build = spawnSync("npm", ["run", "build"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1", TDLAB_COLD: "1", TDLAB_OUT: "dist-second" },
    });
    expect(build.status, build.stderr.slice(-2000)).toBe(0);
    try {
      // Framework names each file by its content's hash: same names, then same bytes.
      const files = (root: string) => readdirSync(path.join(root, "_file/data")).sort();
      expect(files(second)).toEqual(files(DIST));
      for (const f of files(DIST))
        expect(
          readFileSync(path.join(second, "_file/data", f)).equals(readFileSync(path.join(DIST, "_file/data", f))),
          f,
        ).toBe(true);
      expect(files(DIST).filter((f) => f.endsWith(".json")).length).toBeGreaterThanOrEqual(13);
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  }, 600_000);

  it("logged no console error and sent no request outside its origin", () => {
    expect(problems).toEqual([]);
  });
});
