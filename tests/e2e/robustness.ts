import { expect, it } from "vitest";
import type { Page } from "playwright-core";
import { runBarDownload, numberBox, PAGES, waitRun, type Site } from "./siteContext.js";
import { LIVE_TOTAL, liveBudgets } from "../../src/sim/metrics/sampleBudget.js";

/** Robust under load and abuse: bounded live runs, a Stop that always works, nothing lost. */
export function robustnessTests(site: Site) {
  const heapMb = (page: Page) =>
    page.evaluate(
      () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 2 ** 20,
    );

  // Links that froze or killed the tab: every step sampled, up to 256 members, 10^5 steps and more.
  const HEAVY = [
    ["/multistage.html?width=1&points=2&steps=200000&every=1&seeds=64&snapshots=0&backend=js", 64],
    ["/invariant-measure.html?width=1&points=2&batch=1&chains=256&steps=200000&snapshot-every=1&backend=js", 256],
    ["/pathways.html?model=scalar&seeds=32&every=1&steps=100000&sharpness-every=0&backend=js", 32],
  ] as const;
  it.each(HEAVY)("keeps the page's samples and heap bounded on %s", async (url, members) => {
    const page = await site.open(url);
    await page.waitForFunction(
      () => Number(document.querySelector(".run-panel")?.getAttribute("data-samples")) > 0,
      null,
      {
        timeout: 60_000,
      },
    );
    // Until the run is well past the budget: every step is a sample (or an ensemble statistic) here.
    // A link's run whose pace says it would pass a minute stops and asks (etaGuard.ts): then the reader's Run runs it.
    const past = () =>
      page.waitForFunction(
        () =>
          Number(/step (\d+)/.exec(document.querySelector(".run-status")?.textContent ?? "")?.[1] ?? 0) > 5000 ||
          document.querySelector(".run-panel")?.getAttribute("data-status") === "stopped",
        null,
        { timeout: 120_000 },
      );
    await past();
    if ((await page.locator(".run-panel").getAttribute("data-status")) === "stopped") {
      await page.click(".run-panel button:text-is('Run')");
      await waitRun(page, 2, ["running"]);
      await past();
    }
    const held = Number(await page.locator(".run-panel").getAttribute("data-samples"));
    const ensembles = Number(await page.locator(".run-panel").getAttribute("data-ensembles"));
    // At most the budget per member (1,000, fewer beyond 64 members: 64,000 in all) plus each member's latest sample.
    const budgets = liveBudgets({ members });
    expect(held).toBeLessThanOrEqual(members * (budgets.samples.budget + 1));
    expect(held).toBeLessThanOrEqual(LIVE_TOTAL.samples + members);
    expect(ensembles).toBeLessThanOrEqual(budgets.ensembles.budget + 1);
    expect(await heapMb(page)).toBeLessThan(400);
    await page.click(".run-panel button:text-is('Stop')");
    await site.waitStatus(page, ["stopped"]);
    await page.close();
  });

  it("asks before starting a link's run that would take long, and runs it on Run", async () => {
    const page = await site.open(
      "/multistage.html?width=2000&points=1000&steps=200000&seeds=64&snapshots=0&backend=js",
    );
    await expect
      .poll(() => page.locator(".run-notice").textContent())
      .toMatch(/^This link asks for a long run: about \d+ days/);
    await page.waitForTimeout(500);
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.click(".run-panel button:text-is('Run')");
    await site.waitStatus(page, ["running"]);
    expect(await page.locator(".run-notice").isHidden()).toBe(true);
    await page.click(".run-panel button:text-is('Stop')");
    await site.waitStatus(page, ["stopped"]);
    await page.close();
  });

  it("stops from the keyboard and from a slow click at any moment of a run", async () => {
    // About 12 s of training: long enough to stay running through the checks below, short enough
    // that a link's run is not stopped for its length (etaGuard.ts).
    const page = await site.open("/multistage.html?steps=60000&width=1000&snapshots=0&backend=js");
    await site.waitStatus(page, ["running"]);
    const stop = page.locator(".run-panel button:text-is('Stop')");
    await stop.focus();
    // The bar updates in place: focus stays on Stop through many updates.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Stop");
    await page.keyboard.press("Enter");
    await waitRun(page, 1, ["stopped"]);
    await page.click(".run-panel button:text-is('Run')");
    await waitRun(page, 2, ["running"]);
    const box = (await stop.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(300);
    await page.mouse.up();
    await waitRun(page, 2, ["stopped"]);
    await page.close();
  });

  it("never starts a run with a number still being typed", async () => {
    const page = await site.open("/multistage.html?steps=300&snapshots=0&backend=js");
    await waitRun(page, 1, ["done"]);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __urls: string[] }).__urls = seen;
      const replace = history.replaceState.bind(history);
      history.replaceState = (state, unused, url) => {
        seen.push(String(url));
        replace(state, unused, url);
      };
    });
    const width = numberBox(page, "Width m (neurons)");
    await width.click({ clickCount: 3 });
    await page.keyboard.type("5000", { delay: 150 }); // out of range: refused by name, nothing runs
    await expect
      .poll(() => page.locator(".form-errors").textContent())
      .toContain("width must be an integer from 1 to 2000");
    await width.fill("");
    await page.keyboard.type("1250", { delay: 150 });
    await page.keyboard.press("Enter");
    await waitRun(page, 2, ["done"]);
    const urls = await page.evaluate(() => (window as unknown as { __urls: string[] }).__urls);
    const widths = urls.map((u) => /width=(\d+)/.exec(u)?.[1]);
    expect(widths).toContain("1250");
    for (const partial of ["1", "12", "125", "5", "50", "500", "5000"]) expect(widths).not.toContain(partial);
    await page.close();
  });

  it("caps the notice for a link with thousands of bad keys and truncates a huge value", async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `bad${i}=1`).join("&");
    const page = await site.open(`/multistage.html?lr=${"9".repeat(100_000)}&${keys}`);
    const notice = page.locator(".url-errors");
    await notice.waitFor();
    expect(await notice.locator("li").count()).toBe(13);
    expect(await notice.locator("li").last().textContent()).toBe("…and 4989 more.");
    expect((await notice.boundingBox())!.height).toBeLessThan(1000); // it was 255,093 px
    expect((await notice.textContent())!.length).toBeLessThan(4000);
    await page.close();
  });

  it("exports every row type of a run in its JSON: samples, snapshots and ensemble statistics", async () => {
    for (const [url, kind] of [
      ["/multistage.html?steps=300&snapshots=4&backend=js", "snapshots"],
      ["/invariant-measure.html?steps=300&chains=3&snapshot-every=100&backend=js", "ensembles"],
    ] as const) {
      const page = await site.open(url);
      await site.waitStatus(page, ["done"]);
      const json = JSON.parse(await runBarDownload(page, "Download JSON"));
      expect(json.samples.length, url).toBeGreaterThan(0);
      expect(json[kind].length, `${url}: ${kind}`).toBeGreaterThan(1);
      expect(json.thinned).toBe(false);
      expect(json.samples[0]).toHaveProperty(kind === "snapshots" ? "seed" : "batchSeed");
      await page.close();
    }
  });

  it("allows only each page's own inline scripts, by hash: an injected inline script does not run", async () => {
    for (const url of ["/index.html", ...PAGES]) {
      // A page of its own: the refused script is the point here, not a problem of the site.
      const page = await site.browser.newPage();
      await page.goto(site.origin + url);
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
      const scriptSrc = /script-src ([^;]*)/.exec(csp!)![1];
      expect(scriptSrc, url).not.toContain("'unsafe-inline'");
      expect(scriptSrc, url).toMatch(/'sha256-[A-Za-z0-9+/=]{44}'/);
      await page.locator("svg[class*='plot']").first().waitFor(); // the page's own scripts ran
      const outcome = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
            const s = document.createElement("script");
            s.textContent = "window.__injected = true";
            document.body.append(s);
            setTimeout(
              () => resolve((window as unknown as { __injected?: boolean }).__injected ? "ran" : "none"),
              1000,
            );
          }),
      );
      expect(outcome, url).toBe("script-src-elem");
      // An injected inline event handler is refused too (only htl's "::N" placeholders are allowed).
      const clicked = await page.evaluate(() => {
        const b = document.createElement("button");
        b.setAttribute("onclick", "window.__clicked = true");
        document.body.append(b);
        b.click();
        return (window as unknown as { __clicked?: boolean }).__clicked ?? false;
      });
      expect(clicked, url).toBe(false);
      await page.close();
    }
  });
}
