/**
 * `npx tsx scripts/shotSection.ts PAGE "HEADING"`: the part of one page of dist/ from a heading on,
 * in headless Chromium at 1280×800 light and 390×844 dark, as screenshots/PAGE-section-*.png.
 * For looking at one section while it is being built; not a test.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchChromium } from "./browser.js";
import { serveStatic } from "./staticServer.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const [name, heading] = process.argv.slice(2);
const out = path.join(ROOT, "screenshots");
mkdirSync(out, { recursive: true });
const { origin, close } = await serveStatic({ root: path.join(ROOT, "dist") });
const browser = await launchChromium();
for (const [w, h, scheme] of [
  [1280, 800, "light"],
  [390, 844, "dark"],
] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
  page.on("pageerror", (e) => console.error(e.message));
  await page.goto(`${origin}/${name}.html`);
  await page.waitForFunction(() => document.querySelectorAll("svg[class*='plot']").length > 0, null, {
    timeout: 30_000,
  });
  // the charts above lay out as they load: measure once they have
  await page.waitForTimeout(3000);
  const top = await page.evaluate((text) => {
    const el = [...document.querySelectorAll("h2")].find((e) => e.textContent?.startsWith(text));
    el?.scrollIntoView();
    return el ? el.getBoundingClientRect().top + window.scrollY : null;
  }, heading);
  if (top === null) throw new Error(`no heading "${heading}" on ${name}`);
  await page.waitForTimeout(800);
  await page.screenshot({
    path: path.join(out, `${name}-section-${w}.png`),
    fullPage: true,
    clip: { x: 0, y: top - 10, width: w, height: w > 500 ? 2000 : 3200 },
  });
}
await browser.close();
close();
