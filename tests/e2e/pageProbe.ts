import type { Page } from "playwright-core";

/**
 * An init script that watches a page as the bench's page targets are stated: when the first Plot chart
 * appears, when the live run reports "running" and "done", and every main-thread long task.
 * The run panel is re-rendered as a new element on each change, so the observer watches insertions
 * as well as attribute changes (watching attributes alone never saw the run start).
 */
export const PAGE_PROBE = `
  window.__probe = { long: [], chart: null, running: null, done: null, liveRedraws: 0, chartRebuilds: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__probe.long.push({ start: e.startTime, duration: e.duration }); }).observe({ type: "longtask", buffered: true });
  addEventListener("DOMContentLoaded", () => new MutationObserver((records) => {
    const p = window.__probe, now = performance.now();
    // While a run is going: live layers drawn, and whole charts (a Plot SVG outside a live layer) inserted.
    if (p.running !== null && p.done === null)
      for (const r of records) for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.classList.contains("live-layer") || n.querySelector(".live-layer")) p.liveRedraws++;
        for (const svg of [n, ...n.querySelectorAll("svg")]) if (svg.matches("svg[class*='plot']") && !svg.closest(".layer-slot")) p.chartRebuilds++;
      }
    if (p.chart === null && document.querySelector("svg[class*='plot']")) p.chart = now;
    const s = document.querySelector(".run-panel")?.getAttribute("data-status");
    if (s === "running" && p.running === null) p.running = now;
    if (s === "done" && p.running !== null && p.done === null) p.done = now;
  }).observe(document.body, { childList: true, attributes: true, subtree: true, attributeFilter: ["data-status"] }));
`;

export interface ProbeReading {
  firstChartMs: number | null;
  runStartMs: number | null;
  runEndMs: number | null;
  /** Durations of the long tasks from the run's start on; null when the start was never seen. */
  longTasksDuringRun: number[] | null;
  /** Live layers drawn while the run went on. */
  liveRedraws: number;
  /** Whole Plot charts (outside a live layer) inserted while the run went on. */
  chartRebuilds: number;
  /** Plot charts on the page at the end. */
  charts: number;
  /** Scripts loaded on the main thread that are TensorFlow.js (the worker's bundle aside). */
  tfjsOnMainThread: string[];
}

export function readProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => {
    const p = (
      window as unknown as {
        __probe: {
          long: { start: number; duration: number }[];
          chart: number | null;
          running: number | null;
          done: number | null;
          liveRedraws: number;
          chartRebuilds: number;
        };
      }
    ).__probe;
    return {
      firstChartMs: p.chart,
      runStartMs: p.running,
      runEndMs: p.done,
      longTasksDuringRun:
        p.running === null ? null : p.long.filter((t) => t.start >= p.running!).map((t) => t.duration),
      liveRedraws: p.liveRedraws,
      chartRebuilds: p.chartRebuilds,
      charts: [...document.querySelectorAll("svg[class*='plot']")].filter((s) => !s.closest(".layer-slot")).length,
      tfjsOnMainThread: performance
        .getEntriesByType("resource")
        .map((r) => r.name)
        .filter((n) => n.endsWith(".js") && /tfjs|tensorflow/i.test(n) && !n.includes("train-worker")),
    };
  });
}
