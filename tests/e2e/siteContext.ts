import type { Browser, Page } from "playwright-core";

/** What site.test.ts hands its test groups: one build, one server, one browser for all. */
export interface Site {
  readonly browser: Browser;
  readonly origin: string;
  /** A page that reports console errors and requests outside the origin as problems. */
  open(url: string, viewport?: { width?: number; height?: number }): Promise<Page>;
  waitStatus(page: Page, wanted: string[], timeout?: number): Promise<unknown>;
}

export const PAGES = ["/multistage.html", "/invariant-measure.html", "/pathways.html"] as const;

/** Wait until the run panel reports run `runId` with one of the `wanted` statuses. */
export const waitRun = (page: Page, runId: number, wanted: string[], timeout = 120_000) =>
  page.waitForFunction(
    ([id, w]) => {
      const panel = document.querySelector(".run-panel");
      return (
        panel?.getAttribute("data-run-id") === String(id) &&
        (w as string[]).includes(panel.getAttribute("data-status") ?? "")
      );
    },
    [runId, wanted] as const,
    { timeout },
  );

/** The number box of the parameter labelled exactly `label` ("Steps", "Learning rate η"). */
export const numberBox = (page: Page, label: string) =>
  page
    .locator(".param-form form")
    .filter({ has: page.locator("label", { hasText: new RegExp(`^${label.replace(/[()]/g, "\\$&")}$`) }) })
    .locator("input[type=number]");

/** The text of the file the run bar's button `button` ("Download JSON") downloads. */
export async function runBarDownload(page: Page, button: string): Promise<string> {
  const download = page.waitForEvent("download");
  await page.click(`.run-panel button:text-is('${button}')`);
  return (await (await download).createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
}
