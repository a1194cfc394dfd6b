const SVG_NS = "http://www.w3.org/2000/svg";
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One standalone SVG document for a rendered chart, for a paper: Plot's HTML swatch legend redrawn
 * as SVG text, colour legends (ramps) stacked above, the chart with its live overlay layer merged in,
 * and the page's colours and fonts made explicit (an SVG file has no page CSS to inherit).
 */
export function chartSvg({ root, title }: { root: Element; title: string }): {
  svg: string;
  width: number;
  height: number;
} {
  const color = getComputedStyle(root).color,
    background = backgroundOf(root);
  const { main, ramps } = chartDrawings(root);
  if (!main) throw new Error("no chart to export");
  const width = Math.ceil(main.getBoundingClientRect().width || Number(main.getAttribute("width")));
  const parts: string[] = [];
  let y = 4;
  // Swatch legends: each item's coloured square and label where the page lays them out.
  const plotFont = getComputedStyle(main).fontFamily;
  const top = root.getBoundingClientRect();
  for (const sw of root.querySelectorAll("[class*='-swatches']")) {
    const box0 = sw.getBoundingClientRect();
    for (const item of sw.querySelectorAll(":scope > [class*='-swatch']")) {
      const box = item.querySelector("svg");
      const r = (box ?? item).getBoundingClientRect();
      const fill = box ? getComputedStyle(box).fill || box.getAttribute("fill") || color : color;
      const x = r.left - top.left,
        yy = y + r.top - box0.top,
        size = box ? r.width : 0;
      const text = `<text x="${x + size + 4}" y="${yy + r.height / 2}" dy="0.35em" font-size="${esc(getComputedStyle(item).fontSize)}" font-family="${esc(plotFont)}">${esc(item.textContent?.trim() ?? "")}</text>`;
      parts.push(
        `${box ? `<rect x="${x}" y="${yy}" width="${r.width}" height="${r.height}" fill="${esc(fill)}"/>` : ""}${text}`,
      );
    }
    y += box0.height + 6;
  }
  for (const ramp of ramps) {
    const h = Number(ramp.getAttribute("height")) || ramp.getBoundingClientRect().height;
    parts.push(`<g transform="translate(0,${y})">${serialize(ramp)}</g>`);
    y += h + 4;
  }
  const chart = main.cloneNode(true) as SVGSVGElement;
  // The live layer has the chart's size and margins: its marks go on top of the chart's.
  const overlay = root.querySelector("svg.live-layer");
  if (overlay) chart.append(...Array.from(overlay.cloneNode(true).childNodes)); // a static copy: append moves nodes out of a live list
  const height = Math.ceil(y + (Number(main.getAttribute("height")) || main.getBoundingClientRect().height));
  parts.push(`<g transform="translate(0,${y})">${serialize(chart)}</g>`);
  // The page's colour variables (palette.ts), as the values they have here: a file has no page CSS.
  const style = getComputedStyle(root);
  const resolve = (text: string) =>
    text.replace(
      /var\((--[\w-]+)(?:,\s*([^)]*))?\)/g,
      (_, name: string, fallback?: string) => style.getPropertyValue(name).trim() || fallback?.trim() || "currentColor",
    );
  const svg =
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(plotFont)}" style="color:${esc(color)}" fill="currentColor">` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="${esc(background)}"/>${resolve(parts.join(""))}</svg>`;
  return { svg, width, height };
}

/**
 * A rendered chart's drawings: `main`, the plot itself (the last SVG that is neither a legend
 * swatch nor the live layer drawn over it), and `ramps`, Plot's colour-scale legends above it.
 */
export function chartDrawings(root: Element): { main: SVGSVGElement | undefined; ramps: SVGSVGElement[] } {
  const svgs = [...(root instanceof SVGSVGElement ? [root] : root.querySelectorAll("svg"))].filter(
    (s) => !s.closest("[class*='-swatch']") && !s.classList.contains("live-layer"),
  );
  return { main: svgs.at(-1), ramps: svgs.slice(0, -1) };
}

function serialize(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", SVG_NS);
  copy.removeAttribute("style"); // Plot's display/max-width rules are for the page
  return new XMLSerializer().serializeToString(copy);
}

/** Rasterize an exported SVG at `scale`× (crisp in slides) into a PNG blob. */
export async function svgToPng({
  svg,
  width,
  height,
  scale = 2,
}: {
  svg: string;
  width: number;
  height: number;
  scale?: number;
}): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The colour the chart is seen on: the first opaque background among its ancestors (a card, the page). */
function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && !/^(transparent|rgba\(.*,\s*0\))$/.test(bg)) return bg;
  }
  return "white";
}
