import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { numberBox, waitRun, type Site } from "./siteContext.js";

const focused = (page: import("playwright-core").Page) => page.evaluate(() => document.activeElement?.textContent);

/** What a keyboard or screen-reader user meets in the run bar. */
export function accessibilityTests(site: Site) {
  it("moves focus to Stop after Enter on Run, and back to Run after Enter on Stop", async () => {
    // No parameters in the link: nothing runs until Run. Steps long enough to stay running while the keys are pressed.
    const page = await site.open("/multistage.html");
    await page.locator(".run-panel").waitFor();
    for (const [label, value] of [
      ["Steps", "60000"],
      ["Width m (neurons)", "1000"],
    ]) {
      await numberBox(page, label).fill(value);
      await numberBox(page, label).press("Enter");
    }
    await page.waitForFunction(() => /steps=60000/.test(location.search) && /width=1000/.test(location.search));
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.locator(".run-panel button:text-is('Run')").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("Stop");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".run-panel")?.getAttribute("data-status") === "stopped");
    await expect.poll(() => focused(page)).toBe("Run");
    await page.close();
  });

  it("announces a run's start and end in its live region, not every progress update", async () => {
    const page = await site.open("/multistage.html?steps=200000&width=300&snapshots=0&backend=js");
    await page.locator(".run-panel [role=status]").waitFor({ state: "attached" });
    await page.evaluate(() => {
      const w = window as unknown as { __said: string[]; __lines: number };
      const region = document.querySelector(".run-panel [role=status]")!;
      const line = document.querySelector(".run-panel .run-status")!;
      w.__said = [region.textContent ?? ""];
      w.__lines = 0;
      const watch = { childList: true, characterData: true, subtree: true };
      new MutationObserver(() => w.__said.push(region.textContent ?? "")).observe(region, watch);
      new MutationObserver(() => w.__lines++).observe(line, watch);
    });
    await waitRun(page, 1, ["done"]);
    const { said, lines } = await page.evaluate(() => {
      const w = window as unknown as { __said: string[]; __lines: number };
      return { said: w.__said.filter(Boolean), lines: w.__lines };
    });
    expect(lines).toBeGreaterThan(said.length); // the status line followed the run batch by batch
    expect(said.at(-1)).toBe("Run done: 200,000 of 200,000 steps.");
    expect(said.length).toBeLessThanOrEqual(3); // starting, started, done
    expect(await page.locator(".run-panel progress").getAttribute("aria-label")).toBe("Run progress");
    expect(await page.locator(".run-status").getAttribute("aria-live")).toBeNull();
    await page.close();
  });
}

/** Every chart's SVG and PNG buttons download its figure, on every page. */
export function downloadButtonTests(site: Site, pages: readonly string[]) {
  it.each(pages)(
    "every chart's SVG and PNG button on %s downloads a file",
    async (url) => {
      const page = await site.open(url);
      await page.waitForFunction(() => document.querySelectorAll("figure.chart").length >= 4);
      if (url.includes("?"))
        await page.waitForFunction(() => document.querySelector(".run-panel")?.getAttribute("data-status") === "done");
      await page.waitForTimeout(500);
      const buttons = page.locator(".chart-tools button");
      const count = await buttons.count();
      expect(count).toBeGreaterThanOrEqual(8);
      const failed: string[] = [];
      for (let i = 0; i < count; i++) {
        const button = buttons.nth(i);
        const label = (await button.getAttribute("aria-label")) ?? `button ${i}`;
        // A generous wait, not a speed limit: a loaded machine may take long to render a PNG.
        const download = page.waitForEvent("download", { timeout: 120_000 }).catch(() => null);
        await button.scrollIntoViewIfNeeded();
        await button.click();
        const file = await download;
        if (!file) failed.push(label);
        else {
          const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
          if (label.endsWith("as SVG") && !bytes.toString().startsWith("<svg")) failed.push(`${label}: not an SVG`);
          if (label.endsWith("as PNG") && bytes.subarray(1, 4).toString() !== "PNG") failed.push(`${label}: not a PNG`);
        }
      }
      expect(failed).toEqual([]);
      await page.close();
    },
    600_000,
  );
}

/** axe-core's serious and critical violations on a page as it is now: `rule (count): first targets`. */
async function axeViolations(page: import("playwright-core").Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    (
      window as unknown as {
        axe: {
          run(
            c: Document,
            o: object,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, { resultTypes: ["violations"] }),
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}
const AXE = readFileSync(path.join(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

/**
 * axe-core on every page at 1280×800 and 390×844, light and dark, before and after a live run:
 * no serious or critical violation, with no rule disabled.
 */
export function axeTests(site: Site, pages: readonly string[]) {
  const cases = pages.flatMap((url) =>
    (["light", "dark"] as const).flatMap((scheme) =>
      [
        [1280, 800],
        [390, 844],
      ].map(([width, height]) => ({ url, scheme, width, height })),
    ),
  );
  it.each(cases)(
    "axe finds nothing serious on $url at $width px, $scheme, before and after a live run",
    async ({ url, scheme, width, height }) => {
      const page = await site.browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      await page.goto(site.origin + url);
      await page.waitForFunction(() => document.querySelectorAll("svg[class*='plot']").length >= 3);
      await page.waitForTimeout(300);
      expect(await axeViolations(page), "before a run").toEqual([]);
      if (url !== "/index.html") {
        await page.goto(`${site.origin}${url}?steps=300&backend=js`);
        await page.waitForFunction(() => document.querySelector(".run-panel")?.getAttribute("data-status") === "done");
        await page.waitForTimeout(300);
        expect(await axeViolations(page), "after a run").toEqual([]);
      }
      await page.close();
    },
  );
}
