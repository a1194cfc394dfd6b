import { Resvg } from "@resvg/resvg-js";
import { JSDOM } from "jsdom";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { previewChart } from "../src/components/charts/previewChart.js";
import { phenomenonCards } from "./indexPage.js";

/** Open Graph's preferred image size. */
export const OG = { width: 1200, height: 630 } as const;

/** A built data file by its name before Framework's content hash ("multistage-tanh.json"). */
function dataFile(root: string, name: string): unknown {
  const dir = path.join(root, "_file/data");
  const [stem, ext] = [name.replace(/\.json$/, ""), ".json"];
  const file = readdirSync(dir).find((f) => f.startsWith(`${stem}.`) && f.endsWith(ext) && f.split(".").length === 3);
  if (!file) throw new Error(`no ${name} in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), "utf8"));
}

/** The page's colour variables as the dark theme's values (their fallbacks): the image has a dark ground. */
const resolveColors = (svg: string) => svg.replace(/var\(--[\w-]+,\s*([^)]+)\)/g, "$1");
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/**
 * After the build: each phenomenon page's Open Graph image, its hero in miniature (the index's
 * preview, from the same precomputed data) under the page's title, drawn in Node (jsdom) and
 * rasterized without a browser (resvg), as dist/_og/<page>.png.
 */
export async function ogImages({ root }: { root: string }): Promise<string[]> {
  const { document } = new JSDOM("<!DOCTYPE html><body></body>").window;
  const out = path.join(root, "_og");
  mkdirSync(out, { recursive: true });
  return (await phenomenonCards()).map(({ name: page, card }) => {
    const options = card.preview(dataFile(root, card.data.replace(/^data\//, "")));
    const chart = previewChart({ ...options, width: 1080, height: 420, scale: 2, document });
    const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector("svg")!;
    svg.setAttribute("x", "60");
    svg.setAttribute("y", "150");
    // Plot's inline style carries the font size; its page layout rules mean nothing in an image.
    svg.setAttribute("style", (svg.getAttribute("style") ?? "").replace(/(max-width|display|height):[^;]*;?/g, ""));
    const image = `<svg xmlns="http://www.w3.org/2000/svg" width="${OG.width}" height="${OG.height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#161616"/>
<text x="60" y="80" font-size="38" font-weight="bold" fill="#dfdfd6">${esc(card.heading)}</text>
<text x="60" y="125" font-size="24" fill="#a8a8a3">Training Dynamics Lab · reproduced live in the page</text>
<g color="#dfdfd6" fill="#dfdfd6" font-size="18">${resolveColors(svg.outerHTML)}</g>
</svg>`;
    const file = path.join(out, `${page}.png`);
    writeFileSync(
      file,
      new Resvg(image, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng(),
    );
    return file;
  });
}
