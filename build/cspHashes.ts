import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { presentPages } from "./presentPages.js";
import { ogImages } from "./ogImages.js";

/**
 * After `observable build`: each page's Content-Security-Policy allows exactly the inline scripts
 * that page carries (Framework's bootstrap of its cells, its sidebar toggle), by their SHA-256,
 * instead of 'unsafe-inline'. Framework has no hook for this, and its inline scripts differ per
 * page, so this rewrites the built HTML; `observable preview` keeps the config's 'unsafe-inline'.
 * Styles keep 'unsafe-inline': Plot and Inputs set style attributes, which hashes cannot allow.
 */
const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * htl (the template literal behind Inputs) writes an event handler into its template as the
 * placeholder attribute `oninput="::3"`, then swaps it for a property; setting that attribute is an
 * inline handler to the policy. These placeholders alone are allowed, by hash: "::3" is not even
 * valid JavaScript, and any other handler text stays refused.
 */
const PLACEHOLDERS = Array.from({ length: 64 }, (_, j) => sha256(`::${j}`)).join(" ");

export function hashInlineScripts({ root }: { root: string }): { pages: number; scripts: number } {
  let pages = 0,
    scripts = 0;
  for (const file of htmlFiles(root)) {
    const html = readFileSync(file, "utf8");
    const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]));
    const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src )([^;"]*)/;
    if (!csp.test(html)) throw new Error(`${path.relative(root, file)}: no Content-Security-Policy meta`);
    const rewritten = html.replace(csp, (_, head: string, sources: string) => {
      const kept = sources.split(/\s+/).filter((s) => s && s !== "'unsafe-inline'");
      return `${head}${[...kept, ...new Set(hashes)].join(" ")}; script-src-attr 'unsafe-hashes' ${PLACEHOLDERS}`;
    });
    writeFileSync(file, rewritten);
    pages++;
    scripts += hashes.length;
  }
  return { pages, scripts };
}

export function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? htmlFiles(p) : name.endsWith(".html") ? [p] : [];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)), process.env.TDLAB_OUT ?? "dist");
  const { pages, scripts } = hashInlineScripts({ root });
  presentPages({ root });
  const images = await ogImages({ root });
  console.log(
    `hashed ${scripts} inline scripts in ${pages} pages' Content-Security-Policy; gave each a language and a zoomable viewport; drew ${images.length} Open Graph images`,
  );
}
