/**
 * The browser half of `npm run bench`: a workload as a page link (its parameters in the URL, the
 * backend forced), timed in headless Chromium from the run panel's "running" to "done": the
 * worker's training plus streaming every batch to the page and drawing it, as a reader sees it.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../scripts/browser.js";
import { serveStatic } from "../scripts/staticServer.js";
import { PAGE_PROBE, readProbe, type ProbeReading } from "../tests/e2e/pageProbe.js";

export interface BrowserTiming {
  /** The backend the worker actually ran (a failing one falls down the chain). */
  backend: string;
  ms: number[];
  /** Runs stopped at the cap, counted as not finished. */
  capped: boolean;
  /** What the page said when a run failed (no timing then). */
  error?: string;
}

/** Open a browser on the built site; `time` runs one link `reps` times after a warm-up. */
export async function browserBench({ dist }: { dist: string }) {
  const { origin, close } = await serveStatic({ root: path.resolve(dist) });
  const browser: Browser = await launchChromium({ webgpu: true });

  async function once(link: string, capMs: number): Promise<{ backend: string; ms: number | null; error?: string }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(PAGE_PROBE);
    try {
      await page.goto(origin + link);
      const done = await page
        .waitForFunction(
          () =>
            (window as any).__probe.done !== null ||
            document.querySelector(".run-panel")?.getAttribute("data-status") === "error",
          null,
          { timeout: capMs, polling: 100 },
        )
        .then(
          () => true,
          () => false,
        );
      const status = await page.locator(".run-panel").getAttribute("data-status");
      const backend = (await page.locator(".run-panel").getAttribute("data-backend")) ?? "?";
      if (done && status === "error")
        return { backend, ms: null, error: (await page.locator(".run-status").textContent()) ?? "error" };
      const probe = await readProbe(page);
      return { backend, ms: done ? probe.runEndMs! - probe.runStartMs! : null };
    } finally {
      await page.close();
    }
  }

  return {
    /**
     * Time `link`: a warm-up, then `reps` runs, or a single run when the warm-up took longer than
     * `slowMs` (software GPU backends here are 10–100× slower; medians of 5 would take hours).
     */
    async time({
      link,
      reps,
      capMs = 120_000,
      slowMs = 15_000,
    }: {
      link: string;
      reps: number;
      capMs?: number;
      slowMs?: number;
    }): Promise<BrowserTiming> {
      const warm = await once(link, capMs);
      if (warm.error) return { backend: warm.backend, ms: [], capped: false, error: warm.error };
      if (warm.ms === null) return { backend: warm.backend, ms: [], capped: true };
      const n = warm.ms > slowMs ? 1 : reps;
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await once(link, capMs);
        if (r.error) return { backend: r.backend, ms, capped: false, error: r.error };
        if (r.ms === null) return { backend: r.backend, ms, capped: true };
        ms.push(r.ms);
      }
      return { backend: warm.backend, ms, capped: false };
    },
    /**
     * The page targets on one page, `reps` loads: when the first precomputed chart appeared
     * (ms after navigation start), the main thread's longest task during a live run (PerformanceObserver
     * long tasks, 0 when none over 50 ms), and the scripts outside the worker that are tfjs.
     */
    async pageTargets({ link, reps }: { link: string; reps: number }): Promise<ProbeReading[]> {
      const runs: ProbeReading[] = [];
      for (let i = 0; i < reps; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.addInitScript(PAGE_PROBE);
        await page.goto(origin + link);
        await page.waitForFunction(
          () => document.querySelector(".run-panel")?.getAttribute("data-status") === "done",
          null,
          { timeout: 180_000 },
        );
        runs.push(await readProbe(page));
        await page.close();
      }
      return runs;
    },
    async close() {
      await browser.close();
      await close();
    },
  };
}
