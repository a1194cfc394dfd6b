import { chartDrawings } from "./chartSvg.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Plot's figure or svg: `scale("x")` gives the materialized scale, with apply and invert. */
interface Scaled extends Element {
  scale(name: string): { apply(v: number): number; invert?(px: number): number; range?: number[] } | undefined;
}

/**
 * Clicks on a chart against step pick a step: the click's x through the chart's own x scale
 * (Plot's `scale("x").invert`). `onPick` answers the step it took (the nearest checkpoint on
 * screen, say) or null; a dashed line marks it until the chart redraws. Delegated on `element`, so charts
 * that `resize` rebuilds keep the behaviour.
 */
export function pickStep({
  element,
  onPick,
  hint = "Click the chart to pick a step to branch from",
}: {
  element: HTMLElement;
  /** The step under the click, and each step's distance from the click on screen (px). */
  onPick: (step: number, distance: (s: number) => number) => number | null;
  hint?: string;
}): HTMLElement {
  element.classList.add("pick-step");
  element.title = hint;
  element.addEventListener("click", (event) => {
    const target = event.target as Element;
    if (target.closest("button, a, input, select, .chart-tools")) return;
    const figure = target.closest("figure.chart");
    if (!figure) return;
    // The chart whose drawing holds the click (a figure may hold two plots, or a live layer on top).
    const charts = [figure, ...figure.querySelectorAll("figure, svg")].filter(
      (c): c is Scaled => typeof (c as Partial<Scaled>).scale === "function" && !c.classList.contains("live-layer"),
    );
    for (const chart of charts) {
      const svg = chartDrawings(chart).main;
      if (!svg) continue;
      const box = svg.getBoundingClientRect();
      if (
        event.clientX < box.left ||
        event.clientX > box.right ||
        event.clientY < box.top ||
        event.clientY > box.bottom
      )
        continue;
      const x = chart.scale("x");
      if (!x?.invert) return;
      // The svg may be drawn narrower than its viewBox (max-width: 100%).
      const k = svg.viewBox.baseVal?.width ? svg.viewBox.baseVal.width / box.width : 1;
      const px = (event.clientX - box.left) * k;
      const step = x.invert(px);
      if (!(step >= 0)) return;
      const picked = onPick(Math.round(step), (s) => Math.abs(x.apply(s) - px));
      svg.querySelector(".pick-marker")?.remove();
      if (picked === null) return;
      const [y1, y2] = chart.scale("y")?.range ?? [0, Number(svg.getAttribute("height"))];
      const line = document.createElementNS(SVG_NS, "line");
      line.setAttribute("class", "pick-marker");
      for (const [name, value] of Object.entries({ x1: x.apply(picked), x2: x.apply(picked), y1, y2 }))
        line.setAttribute(name, String(value));
      svg.append(line);
      return;
    }
  });
  return element;
}
