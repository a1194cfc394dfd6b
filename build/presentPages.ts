import { readFileSync, writeFileSync } from "node:fs";
import { htmlFiles } from "./cspHashes.js";

/**
 * After `observable build`: what Framework 1.13's page template fixes and its config cannot change.
 * Each page declares its language (`<html lang="en">`, for screen readers and translation), and its
 * viewport lets a reader zoom: the template's `maximum-scale=1` blocks pinch-zoom (WCAG 1.4.4); its
 * sidebar's markup passes axe (no rule disabled).
 */
export function presentPages({ root }: { root: string }): number {
  const files = htmlFiles(root);
  for (const file of files) {
    const html = readFileSync(file, "utf8");
    const presented = html
      .replace(/<html(?![^>]*\blang=)/, '<html lang="en"')
      .replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=[\d.]+/, "$1")
      // Framework's sidebar: its toggle is named by a title alone, and its close control is a
      // <label> inside an <ol>, where only <li> may stand; the label moves before the list.
      .replace(
        '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">',
        '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar" aria-label="Toggle sidebar">',
      )
      .replace(
        /<nav id="observablehq-sidebar">(\s*)<ol>(\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/,
        '<nav id="observablehq-sidebar">$1$3$1<ol>$2',
      );
    if (!/<html lang="en"/.test(presented)) throw new Error(`${file}: no <html> to give a language`);
    writeFileSync(file, presented);
  }
  return files.length;
}
