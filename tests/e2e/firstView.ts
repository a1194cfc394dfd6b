import { expect, it } from "vitest";
import type { Page } from "playwright-core";
import { PAGES, type Site } from "./siteContext.js";
import { serveStatic } from "../../scripts/staticServer.js";

/** What a reader sees first, on any static host: the claim's figure, designed controls, working links. */
export function firstViewTests(site: Site, { root, problems }: { root: string; problems: string[] }) {
  const heroBox = async (page: Page) => {
    const hero = page.locator(".hero-figure figure.chart").first();
    await hero.locator("svg[class*='plot']").first().waitFor();
    return (await hero.boundingBox())!;
  };
  /** Visible form controls whose box ends above the top of the hero figure. */
  const controlsAbove = (page: Page, top: number) =>
    page.evaluate(
      (heroTop) =>
        [...document.querySelectorAll("main input, main select, main textarea, main button")]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .filter((el) => el.getBoundingClientRect().bottom <= heroTop + 1)
          .map((el) => el.outerHTML.slice(0, 80)),
      top,
    );

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const)
    it(`opens every page on its claim's figure at ${width}×${height}, no control above it, Inputs styled, the run bar in reach`, async () => {
      for (const url of PAGES) {
        const page = await site.open(url, { width, height });
        const box = await heroBox(page);
        if (width === 1280) {
          expect(box.y, `${url}: hero top`).toBeGreaterThanOrEqual(0);
          expect(box.y + box.height, `${url}: hero bottom`).toBeLessThanOrEqual(height);
        } else expect(box.y, `${url}: hero top`).toBeLessThan(height);
        expect(await controlsAbove(page, box.y), url).toEqual([]);
        // Inputs' own rules: a control's form is a flex row, its number box sized by --input-width.
        const styled = await page.evaluate(() => {
          const form = document.querySelector(".param-form form[class^='inputs-']");
          return form ? getComputedStyle(form).display : null;
        });
        expect(styled, `${url}: the Inputs stylesheet`).toBe("flex");
        // Scrolled to the live charts far below, the run bar is still on screen, its Run button in reach.
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForFunction(() => window.scrollY > 500);
        const bar = (await page.locator(".run-panel").boundingBox())!;
        expect(bar.y, `${url}: run bar after scrolling`).toBeGreaterThanOrEqual(0);
        expect(bar.y, `${url}: run bar after scrolling`).toBeLessThan(height / 2);
        await expect(page.locator(".run-panel button:text-is('Run')").isVisible()).resolves.toBe(true);
        await page.close();
      }
    });

  it("runs live from the run bar below the figure, with no console error", async () => {
    for (const url of PAGES) {
      const before = problems.length;
      const page = await site.open(`${url}`, { width: 1280, height: 800 });
      await page.locator(".run-panel form.run-backend select").selectOption("js");
      await page.click(".run-panel button:text-is('Run')");
      await site.waitStatus(page, ["done"]);
      expect(problems.slice(before), url).toEqual([]);
      await page.close();
    }
  });

  it("works from a plain static server under a sub-path (/lab/): every link, its charts, a live run", async () => {
    const { origin, close } = await serveStatic({ root, base: "/lab/" });
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const failures: string[] = [];
    page.on("response", (r) => r.status() >= 400 && failures.push(`HTTP ${r.status()} for ${r.url()}`));
    page.on("pageerror", (e) => failures.push(e.message));
    page.on("console", (m) => m.type() === "error" && failures.push(m.text()));
    try {
      await page.goto(`${origin}/lab/`);
      const links = await page.locator("a.card").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links).toHaveLength(3);
      for (const href of links) {
        expect(href.startsWith(`${origin}/lab/`), href).toBe(true);
        const response = await page.goto(`${href}?steps=300&backend=js`);
        expect(response?.status(), href).toBe(200);
        await page.locator(".hero-figure svg[class*='plot']").first().waitFor();
        await page.waitForFunction(
          () => document.querySelector(".run-panel")?.getAttribute("data-status") === "done",
          null,
          {
            timeout: 120_000,
          },
        );
      }
      expect(failures).toEqual([]);
    } finally {
      await page.close();
      await close();
    }
  });
}
