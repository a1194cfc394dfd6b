import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { INDEX_FRONT } from "./build/indexPage.js";
import { experiments } from "./src/sim/experiments/index.js";

// One page per registered phenomenon, named by its page's title: a new one needs no edit here.
const PHENOMENA = Object.keys(experiments);

// Observable Framework configuration. Everything the site loads comes from its own origin:
// no Google Fonts (the default theme's stylesheet is dropped), no CDN imports, no telemetry.
export default {
  root: "src",
  // TDLAB_OUT: a second output folder, for the test that compares two cold builds byte for byte.
  output: process.env.TDLAB_OUT ?? "dist",
  title: "Training Dynamics Lab",
  // Links end in .html, so dist/ works on any static host (python -m http.server, nginx's default,
  // a bucket) and under a sub-path, with no rewriting of /page to /page.html.
  preserveExtension: true,
  pages: PHENOMENA.map((name) => ({ name: frontMatter(`/${name}`).title, path: `/${name}` })),
  globalStylesheets: [],
  style: "style.css",
  search: false,
  footer: "Training Dynamics Lab · every figure is computed at build time from the code in this repository.",
  // Only this origin: inline scripts are Framework's own page bootstrap ('unsafe-inline' here for
  // `observable preview`; the build replaces it with each page's script hashes, build/cspHashes.ts);
  // WASM needs 'wasm-unsafe-eval'; Plot's raster heat map is a data: image; downloads are blob: URLs.
  head: ({ title, path }: { title: string | null; path: string }) =>
    [
      '<meta http-equiv="Content-Security-Policy" content="' +
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'" +
        '">',
      '<meta name="color-scheme" content="light dark">',
      // The Inputs stylesheet, served from this site (src/data/inputs.css.ts).
      '<link rel="stylesheet" href="/data/inputs.css">',
      '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
      // What a search result or a shared link shows: the page's front matter.
      ...presentation({ title: title ?? "Training Dynamics Lab", description: descriptionOf(path), path }),
    ].join(""),
};

/**
 * A page's front matter. Framework 1.13 keeps only the front-matter keys it knows (title, toc, …) in
 * the `data` it hands to `head`, so the page's file is read here; the index is a page loader
 * (src/index.md.ts), its front matter a constant.
 */
function frontMatter(path: string): { title: string; description: string } {
  const file = `${import.meta.dirname}/src${path.endsWith("/") ? `${path}index` : path}.md`;
  if (!existsSync(file) && /\/(index)?$/.test(path)) return INDEX_FRONT;
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, "utf8"))?.[1];
  const data = front ? parse(front) : undefined;
  for (const key of ["title", "description"])
    if (typeof data?.[key] !== "string" || !data[key]) throw new Error(`${file}: no ${key} in its front matter`);
  return data;
}

const descriptionOf = (path: string) => frontMatter(path).description;

/** A page's description, Open Graph and Twitter card tags (og:url, and absolute image URLs, where the site's address is known). */
function presentation({ title, description, path }: { title: string; description: string; path: string }): string[] {
  const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  // The published address (the Pages workflow sets it): Open Graph wants absolute URLs.
  const site = process.env.TDLAB_SITE_URL?.replace(/\/$/, "");
  const page = path === "/" || path === "/index" ? "/" : `${path}.html`;
  // Each phenomenon's image is its hero in miniature (build/ogImages.ts); the index shows the first.
  const name = PHENOMENA.includes(path.slice(1)) ? path.slice(1) : PHENOMENA[0];
  const image = `${site ? `${site}/` : ""}_og/${name}.png`;
  return [
    ...(site ? [`<meta property="og:url" content="${attr(site + page)}">`] : []),
    `<meta property="og:image" content="${attr(image)}">`,
    `<meta property="og:image:width" content="1200">`,
    `<meta property="og:image:height" content="630">`,
    `<meta name="description" content="${attr(description)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:site_name" content="Training Dynamics Lab">`,
    `<meta property="og:title" content="${attr(title)}">`,
    `<meta property="og:description" content="${attr(description)}">`,
    `<meta name="twitter:card" content="summary_large_image">`,
  ];
}
