import * as Plot from "@observablehq/plot";

/**
 * Helpers for charts drawn as two stacked Plot drawings: the layer that rarely changes (axes, grid,
 * bands, theory rules, legend) and, on top of it, a transparent live layer redrawn at each progress
 * batch with the same domains. Redrawing a whole chart per batch cost the page's main thread tasks
 * over 50 ms; a live layer alone costs a few.
 */

/** The extent of `values`, niced when asked (so that a growing live curve rarely changes it). */
/**
 * The axes every chart against training step shares: step on x (log when asked), the metric on y
 * with its label and grid, log when asked with its ticks as plain numbers. Charts add domains.
 */
export function stepAxes({ label, logX = false, logY = false }: { label: string; logX?: boolean; logY?: boolean }) {
  return {
    x: { type: logX ? "log" : "linear", label: "step →" },
    y: { type: logY ? "log" : "linear", label: `↑ ${label}`, grid: true, tickFormat: logY ? "~g" : undefined },
  } as const;
}

export function niceDomain({
  values,
  type,
  nice,
}: {
  values: number[];
  type: "log" | "linear";
  nice: boolean;
}): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!(lo <= hi)) return type === "log" ? [1, 10] : [0, 1];
  if (lo === hi) [lo, hi] = type === "log" ? [lo / 2, hi * 2] : [lo - 1, hi + 1];
  return nice ? (Plot.scale({ y: { type, domain: [lo, hi], nice: true } }).domain as [number, number]) : [lo, hi];
}

/** Wrap a plot's chart SVG so that a second, transparent SVG can sit exactly on top of it. */
export function withOverlaySlot(plot: SVGSVGElement | HTMLElement): HTMLElement {
  const svg = plot instanceof SVGSVGElement ? plot : (plot.querySelector(":scope > svg:last-of-type") as SVGSVGElement);
  const frame = document.createElement("div");
  frame.className = "layered";
  frame.style.position = "relative";
  svg.replaceWith(frame);
  const slot = document.createElement("div");
  slot.className = "layer-slot";
  slot.style.cssText = "position:absolute;inset:0";
  frame.append(svg, slot);
  return plot instanceof SVGSVGElement ? frame : plot;
}

/**
 * Draw the live layer on top of a chart made by withOverlaySlot: `options` carry the chart's size,
 * margins, scales and the live marks; the layer is transparent and draws no axes or grid of its own.
 */
export function setOverlay({ figure, options }: { figure: HTMLElement; options: Plot.PlotOptions }): void {
  const overlay = Plot.plot({
    ...options,
    style: { background: "transparent" },
    x: { ...options.x, axis: null },
    y: { ...options.y, axis: null, grid: false },
  });
  overlay.classList.add("live-layer");
  overlay.setAttribute("aria-hidden", "true");
  markGroups(overlay);
  figure.querySelector(".layer-slot")!.replaceChildren(overlay);
}

/**
 * Plot names each mark's group with aria-label ("line", "dot"), which ARIA allows only on an
 * element with a role: each such group becomes a group (Plot's issue #1760 discusses the role).
 */
export function markGroups(svg: Element): void {
  for (const g of svg.querySelectorAll("g[aria-label]:not([role])")) g.setAttribute("role", "group");
}
