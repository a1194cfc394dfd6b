/**
 * The bench's heavy links (issue: careless links): pages whose run holds many members or samples
 * every step. Each is opened in headless Chromium, run for `seconds` (the reader's Run when the
 * link's own run stopped itself for its length), then stopped: the main thread's longest task
 * during the run, the page's JS heap at its peak and after the run ended (garbage collected).
 */
import path from "node:path";
import { launchChromium } from "../scripts/browser.js";
import { serveStatic } from "../scripts/staticServer.js";
import { PAGE_PROBE } from "../tests/e2e/pageProbe.js";

export const HEAVY_LINKS = [
  "/invariant-measure.html?width=1&points=2&batch=1&chains=256&steps=200000&snapshot-every=1&backend=js",
  "/multistage.html?width=1&points=2&steps=200000&every=1&seeds=64&backend=js",
  "/pathways.html?model=scalar&seeds=32&every=1&steps=100000&sharpness-every=0&backend=js",
];

export interface HeavyReading {
  link: string;
  longestTaskMs: number;
  peakHeapMb: number;
  afterHeapMb: number;
  steps: number;
}

export async function heavyLinks({ dist, seconds = 20 }: { dist: string; seconds?: number }): Promise<HeavyReading[]> {
  const { origin, close } = await serveStatic({ root: path.resolve(dist) });
  const browser = await launchChromium({ webgpu: false });
  const out: HeavyReading[] = [];
  try {
    for (const link of HEAVY_LINKS) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.addInitScript(PAGE_PROBE);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable");
      const heap = async () =>
        (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "JSHeapUsedSize")!.value / 2 ** 20;
      const status = () => page.locator(".run-panel").getAttribute("data-status");
      await page.goto(origin + link);
      await page.waitForFunction(() => document.querySelector(".run-panel")?.getAttribute("data-status") === "running");
      await page.waitForTimeout(3000);
      if ((await status()) === "stopped") await page.click(".run-panel button:text-is('Run')");
      const from = await page.evaluate(() => performance.now());
      let peak = 0;
      for (let t = 0; t < seconds && (await status()) !== "done"; t++) {
        peak = Math.max(peak, await heap());
        await page.waitForTimeout(1000);
      }
      const steps = Number(
        /step ([\d,]+)/.exec((await page.locator(".run-status").textContent()) ?? "")?.[1].replace(/,/g, "") ?? 0,
      );
      if ((await status()) === "running") await page.click(".run-panel button:text-is('Stop')");
      const longest = await page.evaluate(
        (t0) =>
          Math.max(
            0,
            ...(window as unknown as { __probe: { long: { start: number; duration: number }[] } }).__probe.long
              .filter((l) => l.start >= t0)
              .map((l) => l.duration),
          ),
        from,
      );
      await cdp.send("HeapProfiler.collectGarbage");
      out.push({ link, longestTaskMs: longest, peakHeapMb: peak, afterHeapMb: await heap(), steps });
      await page.close();
    }
  } finally {
    await browser.close();
    await close();
  }
  return out;
}
