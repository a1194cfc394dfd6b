import { markGroups } from "./plotLayers.js";
import { chartDrawings, chartSvg, svgToPng } from "./chartSvg.js";
import { download } from "../lab/download.js";

let nextId = 0;
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "chart";

/**
 * A chart as a figure: the drawing labelled for screen readers (`label`), a one-sentence summary
 * computed from its data as the caption, and buttons that download the drawing as SVG or PNG.
 */
export function chartFigure({
  chart,
  label,
  summary,
  name = label,
}: {
  chart: Element;
  label: string;
  summary: string;
  name?: string;
}): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.className = "chart-caption";
  caption.id = `chart-caption-${++nextId}`;
  caption.textContent = summary;
  const { main, ramps } = chartDrawings(chart);
  main?.setAttribute("role", "img");
  main?.setAttribute("aria-label", label);
  main?.setAttribute("aria-describedby", caption.id);
  // Colour legends repeat what the caption says; a live layer hides itself (timeSeriesChart).
  for (const s of ramps) s.setAttribute("aria-hidden", "true");
  markGroups(chart);
  const tools = document.createElement("div");
  tools.className = "chart-tools";
  const button = (text: string, run: () => Promise<void> | void) => {
    const b = Object.assign(document.createElement("button"), { type: "button", textContent: text });
    b.setAttribute("aria-label", `Download “${label}” as ${text}`);
    b.onclick = async () => {
      try {
        await run();
      } catch (e) {
        caption.textContent = `${summary} (Export failed: ${(e as Error).message}.)`;
      }
    };
    return b;
  };
  tools.append(
    button("SVG", () =>
      download({
        name: `${slug(name)}.svg`,
        data: chartSvg({ root: figure, title: label }).svg,
        type: "image/svg+xml",
      }),
    ),
    button("PNG", async () =>
      download({ name: `${slug(name)}.png`, data: await svgToPng(chartSvg({ root: figure, title: label })) }),
    ),
  );
  figure.append(chart, tools, caption);
  return figure;
}
