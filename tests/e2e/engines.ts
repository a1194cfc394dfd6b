import { expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { runBarDownload, type Site } from "./siteContext.js";
import { collectRun } from "../../node/collect.js";
import { loadPresets } from "../../loaders/presets.js";
import { palette } from "../../src/components/palette.js";

/** How the live run is drawn (its colour, a CSS variable of the page). */
const LIVE = palette.live;

/** Which engine a live run gets, what it downloads, and whether it reproduces the precomputed run. */
export function engineTests(site: Site) {
  /** Open a link and record every response: its URL and size. */
  async function openCounting(url: string): Promise<{ page: Page; responses: { url: string; bytes: number }[] }> {
    const responses: { url: string; bytes: number }[] = [];
    const page = await site.browser.newPage();
    page.on("response", async (r) => {
      const body = await r.body().catch(() => Buffer.alloc(0));
      responses.push({ url: r.url(), bytes: body.length });
    });
    await page.goto(site.origin + url);
    return { page, responses };
  }
  const badge = async (page: Page) => ({
    text: await page.locator(".repro-badge").textContent(),
    matches: await page.locator(".repro-badge").getAttribute("data-matches"),
    maxRelDiff: Number(await page.locator(".repro-badge").getAttribute("data-max-rel-diff")),
  });
  /** Where `step` is on screen in a chart figure, through the chart's own x scale (Plot's scale("x")), mid-height. */
  const stepOnScreen = (figure: Locator, step: number) =>
    figure.evaluate((root, step) => {
      const chart = [root, ...root.querySelectorAll("figure, svg")].find(
        (c) => typeof (c as unknown as { scale?: unknown }).scale === "function",
      ) as unknown as { scale(n: string): { apply(v: number): number; range: number[] } };
      const svg = [...root.querySelectorAll("svg")].filter((s) => !s.closest("[class*='-swatch']")).at(-1)!;
      const box = svg.getBoundingClientRect();
      const k = box.width / svg.viewBox.baseVal.width;
      const [bottom, top] = chart.scale("y").range;
      return { x: box.left + chart.scale("x").apply(step) * k, y: box.top + ((bottom + top) / 2) * k };
    }, step);
  const tfjsBytes = (responses: { url: string; bytes: number }[]) =>
    responses.filter((r) => /tfjs|train-worker\.[0-9a-f]+\.js/.test(r.url)).reduce((n, r) => n + r.bytes, 0);

  it("picks js on auto here (no hardware GPU), says so, and downloads no TensorFlow.js", async () => {
    const { page, responses } = await openCounting("/multistage.html?steps=300");
    await site.waitStatus(page, ["done"]);
    expect(await page.locator(".run-panel").getAttribute("data-backend")).toBe("js");
    expect(await page.locator(".run-status").textContent()).toMatch(
      /backend js \(auto: js, the only candidate here \(no hardware GPU\)\)/,
    );
    expect(responses.some((r) => /train-worker-js\.[0-9a-f]+\.js$/.test(r.url))).toBe(true);
    expect(tfjsBytes(responses)).toBe(0);
    await page.close();
  });

  it("still runs tfjs-wasm when asked, on the worker with TensorFlow.js", async () => {
    const { page, responses } = await openCounting("/multistage.html?steps=300&backend=wasm");
    await site.waitStatus(page, ["done"]);
    expect(await page.locator(".run-panel").getAttribute("data-backend")).toBe("wasm");
    expect(tfjsBytes(responses)).toBeGreaterThan(500_000);
    await page.close();
  });

  const DEFAULTS = [
    ["/multistage.html", "steps=1500"],
    ["/invariant-measure.html", "steps=2000"],
    ["/pathways.html", "steps=600"],
  ] as const;
  it.each(DEFAULTS)("reproduces %s's precomputed run on js, to rounding", async (url, query) => {
    const page = await site.open(`${url}?${query}&backend=js`);
    await site.waitStatus(page, ["done"]);
    const b = await badge(page);
    expect(b.text).toMatch(/^matches the precomputed run: max rel\. diff \S+ over \d+ samples$/);
    expect(b.matches).toBe("true");
    expect(b.maxRelDiff).toBeLessThan(1e-12);
    await page.close();
  });

  // Every backend the page can pick computes the same function: float32's deviation from the float64 run.
  it.each([
    ["wasm", 1500],
    ["cpu", 300],
    ["webgl", 100],
    ["webgpu", 100],
  ] as const)("shows the float32 deviation on %s, within float32 tolerance", async (backend, steps) => {
    const page = await site.open(`/multistage.html?steps=${steps}&backend=${backend}`);
    await site.waitStatus(page, ["done"], 180_000);
    const b = await badge(page);
    expect(b.text).toMatch(
      new RegExp(`^float32 engine \\(${backend}\\): max rel\\. diff \\S+ from the precomputed float64 run`),
    );
    expect(b.maxRelDiff).toBeGreaterThan(0);
    expect(b.maxRelDiff).toBeLessThan(1e-3);
    await page.close();
  });

  it("draws gradient flow beside GD on the heroes, and runs it live from a link", async () => {
    const page = await site.open("/multistage.html?optimizer=flow&steps=300&backend=js");
    await site.waitStatus(page, ["done"]);
    expect(await page.locator(".hero-figure").textContent()).toContain("gradient flow, seed 0's init (t = η·step)");
    expect(await page.locator(".cli-command code").textContent()).toContain("--optimizer flow");
    expect(await page.locator(".run-status").textContent()).toContain("step 300 / 300");
    await page.close();
    const pathways = await site.open("/pathways.html");
    await pathways.locator(".hero-figure svg[class*='plot']").first().waitFor();
    expect(await pathways.locator(".hero-figure").textContent()).toMatch(
      /gradient flow \(seed 0's init\)[\s\S]*ends winner-takes-all \(share 0\.9\d\d\)/,
    );
    await pathways.close();
  });

  it("branches from a precomputed checkpoint: the link runs only the steps after it, from its exact state", async () => {
    // The LR decay of the paper's E1, applied from step 6,000 of the precomputed default run.
    const page = await site.open("/invariant-measure.html?from=6000&lr-decay-at=6000&steps=8000&backend=js");
    await site.waitStatus(page, ["done"]);
    expect(page.url()).toContain("from=6000");
    const json = JSON.parse(await runBarDownload(page, "Download JSON"));
    const steps = json.samples.map((s: { step: number }) => s.step);
    expect(Math.min(...steps)).toBe(6000);
    expect(Math.max(...steps)).toBe(8000);
    // at step 6,000 the state is the precomputed run's: the default run to step 6,000, computed here in Node
    const defaults = loadPresets({ experiment: "invariant-measure" }).default.params;
    const node = await collectRun({
      engine: "js",
      experiment: "invariant-measure",
      params: { ...defaults, steps: 6000 },
    });
    const want = node.samples.at(-1)!;
    expect(want.step).toBe(6000);
    const first = json.samples.find((s: { step: number }) => s.step === 6000);
    expect(Math.abs(first.loss - want.loss) / want.loss).toBeLessThan(1e-12);
    expect(await page.locator(".run-panel form.run-branch select").inputValue()).not.toBe("");
    await page.close();
  });

  it("picks a branch point with a click on the hero chart, then branches there", async () => {
    const page = await site.open("/pathways.html");
    const hero = page.locator(".hero-figure figure.chart").first();
    await hero.waitFor();
    const point = await stepOnScreen(hero, 1100);
    await page.mouse.click(point.x, point.y);
    const select = page.locator(".run-panel form.run-branch select");
    await expect.poll(() => select.inputValue()).toBe("1000");
    expect(await page.locator(".run-notice").textContent()).toContain("Picked step 1,000");
    expect(await hero.locator(".pick-marker").count()).toBe(1);
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.click(".run-panel button:text-is('Branch here')");
    await site.waitStatus(page, ["done"]);
    expect(decodeURIComponent(page.url())).toContain("from=1000");
    const steps = await page.locator(".run-status").textContent();
    expect(steps).toContain("step 3000 / 3000");
    // The branch is drawn on the hero itself, starting at its step: the live layer's line begins at x(1000).
    const { palette } = await import("../../src/components/palette.js");
    const start = await hero.evaluate((figure, live) => {
      const chart = [figure, ...figure.querySelectorAll("figure, svg")].find(
        (c) => typeof (c as unknown as { scale?: unknown }).scale === "function" && !c.classList.contains("live-layer"),
      ) as unknown as { scale(n: string): { apply(v: number): number } };
      // The live run's line: the live colour (palette.live), in the layer redrawn at each batch.
      const path = [...figure.querySelectorAll("svg.live-layer path")].find(
        (p) => (p.getAttribute("stroke") ?? p.parentElement?.getAttribute("stroke")) === live,
      );
      const first = /^M([\d.]+),/.exec(path?.getAttribute("d") ?? "");
      return { drawn: first ? Number(first[1]) : null, want: chart.scale("x").apply(1000) };
    }, palette.live);
    expect(start.drawn).not.toBeNull();
    expect(Math.abs(start.drawn! - start.want)).toBeLessThan(1.5);
    await page.close();
    // Multistage's branch points are its snapshot times: a click moves the neuron scrubber there too.
    const ms = await site.open("/multistage.html");
    const loss = ms.locator(".hero-figure figure.chart").first();
    await loss.waitFor();
    const at = await stepOnScreen(loss, 2000);
    await ms.mouse.click(at.x, at.y);
    const picked = ms.locator(".run-panel form.run-branch select");
    // The snapshot nearest to 2,000 on the log axis, from the headline run's snapshot schedule.
    const { multistageBranch } = await import("../../loaders/multistage.js");
    const near = multistageBranch({ preset: "tanh" }).steps.reduce((a, b) =>
      Math.abs(Math.log(b / 2000)) < Math.abs(Math.log(a / 2000)) ? b : a,
    );
    await expect.poll(() => picked.inputValue()).toBe(String(near));
    await expect.poll(() => ms.locator(".scrubber output").textContent()).toBe(`step ${near.toLocaleString("en")}`);
    await ms.close();
  });

  it("refuses a branch from a step with no checkpoint, listing the ones there are", async () => {
    const page = await site.open("/invariant-measure.html?from=6250&steps=8000");
    await expect
      .poll(() => page.locator(".url-errors").textContent())
      .toContain("from must be a checkpoint step of the default preset, one of 500, 1000, 1500");
    await page.waitForTimeout(300);
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.close();
  });

  it("fills a live sweep chart on /pathways from a link: one batched ensemble, over the theory", async () => {
    const page = await site.open(
      "/pathways.html?model=scalar&sweep=lr:0.3:0.7:5&steps=1500&sharpness-every=0&backend=js",
    );
    await site.waitStatus(page, ["done"]);
    expect(decodeURIComponent(page.url())).toContain("sweep=lr:0.3:0.7:5");
    const figure = page.locator("figure.chart", {
      has: page.locator("[aria-label='Live sweep: top-mode share against η']"),
    });
    await expect
      .poll(() => figure.locator("figcaption").textContent())
      .toMatch(/^5 members at 5 values of η from 0\.3 to 0\.7, at step 1,500 of 1,500/);
    expect(await figure.locator(`svg [fill='${LIVE}'] circle, svg circle[fill='${LIVE}']`).count()).toBe(5);
    // the window's edges, from the formulas, are drawn in the range
    expect(await figure.textContent()).toContain("2/λ_single");
    const bad = await site.open("/pathways.html?sweep=depth:2:4:3");
    await expect
      .poll(() => bad.locator(".url-errors").textContent())
      .toContain('a live sweep here takes lr (got "depth:2:4:3")');
    await page.close();
    await bad.close();
  });

  it("fills a live phase diagram on /pathways row by row from sweep and sweep2, crossing what the runs say", async () => {
    const url =
      "/pathways.html?preset=scalar&steps=600&sharpness-every=0&sweep=lr:0.2:1.2:6&sweep2=pathways:1:3:3&backend=js";
    const page = await site.open(url);
    await site.waitStatus(page, ["done"]);
    const link = decodeURIComponent(page.url());
    expect(link).toContain("sweep=lr:0.2:1.2:6");
    expect(link).toContain("sweep2=pathways:1:3:3");
    const figure = page.locator("figure.chart", {
      has: page.locator("[aria-label='Live phase diagram: final top-mode share by Learning rate η and Pathways K']"),
    });
    const caption = figure.locator("figcaption");
    await expect.poll(() => caption.textContent()).toMatch(/^18 of 18 cells finished, 0 running, \d+ crossed/);
    // The oracle: the same rows in Node, each member's own summary of convergence.
    const { sweepPlan } = await import("../../src/sim/sweep/members.js");
    const { runSweep } = await import("../../src/sim/sweep/runSweep.js");
    const { parseLiveSweep } = await import("../../src/sim/sweep/liveSweep.js");
    const { experiments } = await import("../../src/sim/experiments/index.js");
    const { parseParams } = await import("../../src/sim/params.js");
    const { queryToValues } = await import("../../src/app/query.js");
    const { PAGE_KEYS } = await import("../../src/components/lab/urlState.js");
    // The page wrote every parameter of its run into its link: the oracle runs exactly those.
    const query = new URL(page.url()).search;
    const { values, extra } = queryToValues({ schema: experiments.pathways.schema, query, extraKeys: PAGE_KEYS });
    const checked = parseParams({ schema: experiments.pathways.schema, values });
    const axes = parseLiveSweep({ experiment: "pathways", sweep: extra.sweep!, sweep2: extra.sweep2 });
    const summary = await runSweep({
      experiment: experiments.pathways,
      rows: sweepPlan({ experiment: "pathways", params: checked, axes }),
      sink: {},
    });
    const crossed = summary.members.filter((m) => !m.converged).length;
    expect(crossed).toBeGreaterThan(0);
    expect(await caption.textContent()).toMatch(new RegExp(`^18 of 18 cells finished, 0 running, ${crossed} crossed`));
    // Each row has its window's two edges from the formulas; the 1-D chart points here.
    expect(await figure.locator("svg g[aria-label='tick']").count()).toBeGreaterThanOrEqual(2);
    expect(
      await page.locator("figure.chart, .chart-summary", { hasText: "This sweep has two parameters" }).count(),
    ).toBe(1);
    const alone = await site.open("/pathways.html?sweep2=pathways:1:3:3");
    await expect.poll(() => alone.locator(".url-errors").textContent()).toContain("sweep2 needs a sweep");
    expect(await alone.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.close();
    await alone.close();
  });

  it("branches on multistage and pathways too, and sweeps λ live on invariant-measure", async () => {
    for (const [url, from, steps] of [
      ["/multistage.html", 9738, 12000],
      ["/pathways.html", 1000, 1500],
    ] as const) {
      const page = await site.open(`${url}?from=${from}&steps=${steps}&backend=js`);
      await site.waitStatus(page, ["done"]);
      expect(await page.locator(".run-status").textContent()).toContain(`step ${steps} / ${steps}`);
      expect(await page.locator(".run-panel form.run-branch select").inputValue()).not.toBe("");
      await page.close();
    }
    // Steps short of the branch point: the branch runs to the precomputed run's end, and says so.
    const short = await site.open("/multistage.html?from=9738&backend=js");
    await site.waitStatus(short, ["done"]);
    const { multistageBranch } = await import("../../loaders/multistage.js");
    const end = Number(multistageBranch({ preset: "tanh" }).params.steps);
    expect(await short.locator(".run-status").textContent()).toContain(`step ${end} / ${end}`);
    expect(await short.locator(".run-notice").textContent()).toContain(
      `this branch runs to step ${end.toLocaleString("en")}, where the precomputed run ends`,
    );
    await short.close();
    // The tanh run's checkpoints hold tanh neurons: a branch with ReLU would continue tanh's state.
    const relu = await site.open("/multistage.html?activation=relu&from=9738&steps=12000&backend=js");
    await expect
      .poll(() => relu.locator(".run-notice").textContent())
      .toContain('Not branched: activation must stay "tanh" in a branch');
    expect(await relu.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await relu.close();
    // The ReLU preset has checkpoints of its own run: its branch starts from them.
    const reluOwn = await site.open("/multistage.html?preset=relu&from=4642&steps=6000&backend=js");
    await site.waitStatus(reluOwn, ["done"]);
    expect(await reluOwn.locator(".run-status").textContent()).toContain("step 6000 / 6000");
    await reluOwn.close();
    const page = await site.open("/invariant-measure.html?sweep=weight-decay:0.001:0.02:4:log&steps=1500&backend=js");
    await site.waitStatus(page, ["done"]);
    const figure = page.locator("figure.chart", { has: page.locator("[aria-label='Live sweep: ‖V‖ against λ']") });
    await expect
      .poll(() => figure.locator("figcaption").textContent())
      .toMatch(/^4 members at 4 values of λ from 0\.001 to 0\.02/);
    await page.close();
  });
}
