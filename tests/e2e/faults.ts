import { expect, it } from "vitest";
import type { Page } from "playwright-core";
import { waitRun, type Site, numberBox } from "./siteContext.js";
import { palette } from "../../src/components/palette.js";

/** How the live run is drawn (its colour, a CSS variable of the page). */
const LIVE = palette.live;

/**
 * Serve the training worker with `prelude` run first inside it: the worker's own code is untouched,
 * the fault comes from outside, as a broken GPU or a crashing tab would.
 */
async function injectIntoWorker(page: Page, prelude: string) {
  await page.route("**/_file/data/train-worker*.js", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${prelude}\n${await response.text()}` });
  });
}

/** After `n` batches have gone to the page, run `act` inside the worker (batches travel on a MessagePort). */
const afterBatches = (n: number, act: string) => `{
  let sent = 0;
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...args) {
    post.apply(this, args);
    if (++sent === ${n}) { ${act} }
  };
}`;

const liveLines = (page: Page) => page.locator(`svg.live-layer [stroke='${LIVE}']`).count();
const status = (page: Page) => page.locator(".run-panel").getAttribute("data-status");

/** Faults: each leaves what was on screen and lets the next run work. */
export function faultTests(site: Site) {
  // Pages of their own (not site.open): the injected faults log errors on purpose.
  const fresh = async (url: string) => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(site.origin + url);
    return { page, errors };
  };

  it("falls back down the chain when WebGPU fails to give a device, says so, and completes", async () => {
    const { page, errors } = await fresh("/");
    // An adapter that looks like real hardware but whose device request fails.
    await injectIntoWorker(
      page,
      `Object.defineProperty(self.navigator, "gpu", { value: {
      getPreferredCanvasFormat: () => "bgra8unorm",
      requestAdapter: async () => ({ info: { vendor: "injected", architecture: "fault", description: "" }, isFallbackAdapter: false, features: new Set(), limits: {},
        requestDevice: async () => { throw new Error("injected: device request failed"); } }),
    } });`,
    );
    await page.goto(`${site.origin}/multistage.html?steps=150&snapshots=0&backend=webgpu`);
    await waitRun(page, 1, ["done", "error"]);
    expect(await status(page)).toBe("done");
    expect(["webgl", "wasm", "cpu"]).toContain(await page.locator(".run-panel").getAttribute("data-backend"));
    expect(await page.locator(".run-status").textContent()).toMatch(/passed over: webgpu/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a worker that throws mid-run, keeps earlier results and pins, and runs again", async () => {
    const { page, errors } = await fresh("/multistage.html?steps=300&snapshots=0&backend=js");
    await waitRun(page, 1, ["done"]);
    await page.click(".run-panel button:text-is('Pin this run')");
    // An uncaught error in the worker (not through Comlink) after its 3rd batch of the next run.
    await injectIntoWorker(
      page,
      afterBatches(3, `queueMicrotask(() => { throw new Error("injected worker fault"); });`),
    );
    await numberBox(page, "Steps").fill("200000"); // long enough to be mid-run at the 3rd batch
    await waitRun(page, 2, ["error", "done"]);
    expect(await status(page)).toBe("error");
    expect(await page.locator(".run-status").textContent()).toMatch(
      /Run failed: the worker crashed: .*injected worker fault.*Earlier results are kept/,
    );
    expect(await liveLines(page)).toBeGreaterThan(0);
    expect(await page.locator(".pins li").count()).toBe(1);
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(0); // terminated, not left running
    await page.unroute("**/_file/data/train-worker*.js");
    await numberBox(page, "Steps").fill("400");
    await waitRun(page, 3, ["done", "error"]);
    expect(await status(page)).toBe("done");
    expect(await page.locator(".run-status").textContent()).toMatch(/step 400 \/ 400/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("notices a worker that dies silently mid-run, keeps what it drew, and runs again", async () => {
    const { page, errors } = await fresh("/multistage.html?steps=300&snapshots=0&backend=js");
    await waitRun(page, 1, ["done"]);
    // close() ends the worker without any event reaching the page: only the watchdog can tell.
    await injectIntoWorker(page, afterBatches(3, `self.close();`));
    await numberBox(page, "Steps").fill("200000");
    await waitRun(page, 2, ["error", "done"], 40_000);
    expect(await page.locator(".run-status").textContent()).toMatch(
      /Run failed: the worker stopped responding \(no progress for 15 s\)/,
    );
    expect(await liveLines(page)).toBeGreaterThan(0);
    await page.unroute("**/_file/data/train-worker*.js");
    await numberBox(page, "Steps").fill("350");
    await waitRun(page, 3, ["done", "error"]);
    expect(await status(page)).toBe("done");
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("returns the worker's tfjs tensors to their baseline and keeps the page's memory flat over 20 runs", async () => {
    const { page } = await fresh("/multistage.html?steps=60&snapshots=2&backend=wasm");
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      return (await cdp.send("Runtime.getHeapUsage")).usedSize;
    };
    const heaps: number[] = [];
    for (let run = 1; run <= 20; run++) {
      if (run > 1) await page.click(".run-panel button:text-is('Run')");
      await waitRun(page, run, ["done", "error"]);
      expect(await status(page)).toBe("done");
      const [baseline, after] = ((await page.locator(".run-panel").getAttribute("data-tensors")) ?? "")
        .split("/")
        .map(Number);
      expect(baseline, `run ${run}`).toBeGreaterThan(0);
      expect(after, `run ${run}: tensors left in the worker`).toBe(baseline);
      heaps.push(await heap());
    }
    await expect.poll(() => page.workers().length).toBe(0);
    // Flat: the last five runs' heap within 10 % (+1 MB) of runs 3–7 (after charts and caches warm up).
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const early = median(heaps.slice(2, 7)),
      late = median(heaps.slice(15));
    expect(late, `heap MB per run: ${heaps.map((h) => (h / 2 ** 20).toFixed(1)).join(" ")}`).toBeLessThan(
      early * 1.1 + 2 ** 20,
    );
    await page.close();
  }, 180_000);
}
