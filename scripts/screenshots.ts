/**
 * `npm run screenshots`: every page of dist/ in headless Chromium at 1280×800 and 390×844, light
 * and dark, as PNG files in screenshots/ (first screen, and the full page at 1280 light), and the
 * README's docs/screenshot.png. For looking at what a reader sees; not a test.
 */
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import path from "node:path";
import { launchChromium } from "./browser.js";
import { serveStatic } from "./staticServer.js";
import { experiments } from "../src/sim/experiments/index.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const out = path.join(ROOT, "screenshots");
mkdirSync(out, { recursive: true });
// `--readme NAME`: the page whose first screen is the README's picture (package.json's script names it).
const args = parseArgs({ options: { readme: { type: "string" } }, allowPositionals: true });
const readme = args.values.readme;
const pages = args.positionals.length ? args.positionals : ["index", ...Object.keys(experiments)];
const { origin, close } = await serveStatic({ root: path.join(ROOT, "dist") });
const browser = await launchChromium();
for (const name of pages)
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ])
    for (const scheme of ["light", "dark"] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${origin}/${name}.html`);
      await page.waitForFunction(() => document.querySelectorAll("svg[class*='plot']").length > 0, null, {
        timeout: 30_000,
      });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(out, `${name}-${w}-${scheme}.png`) });
      if (w === 1280 && scheme === "light")
        await page.screenshot({ path: path.join(out, `${name}-${w}-full.png`), fullPage: true });
      // The README's picture: that page as a reader first sees it.
      if (name === readme && w === 1280 && scheme === "light")
        await page.screenshot({ path: path.join(ROOT, "docs/screenshot.png") });
      if (errors.length) console.log(`${name} ${w} ${scheme}: ${errors.join(" | ")}`);
      await page.close();
    }
await browser.close();
await close();
