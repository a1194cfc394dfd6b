import type { Browser, Page } from "playwright-core";

/** What site.test.ts hands its test groups: one build, one server, one browser for all. */
export interface Site {
  readonly browser: Browser;
  readonly origin: string;
  /** A page that reports console errors and requests outside the origin as problems. */
  open(url: string, viewport?: { width?: number; height?: number }): Promise<Page>;
  waitStatus(page: Page, wanted: string[], timeout?: number): Promise<unknown>;
}

export const PAGES = ["/multistage", "/invariant-measure", "/pathways"] as const;

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
