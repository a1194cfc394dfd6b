import { expect, it } from "vitest";
import { waitRun, type Site } from "./siteContext.js";

const focused = (page: import("playwright-core").Page) => page.evaluate(() => document.activeElement?.textContent);

/** What a keyboard or screen-reader user meets in the run bar. */
export function accessibilityTests(site: Site) {
  it("moves focus to Stop after Enter on Run, and back to Run after Enter on Stop", async () => {
    const page = await site.open("/multistage.html?snapshots=0&backend=js");
    await page.locator(".run-panel").waitFor();
    await page.locator(".run-panel button:text-is('Run')").focus();
    // long enough to stay running while the keys are pressed, short enough not to be stopped for its length
    await page.evaluate(() => {
      const steps = [...document.querySelectorAll(".param-form label")].find((l) => l.textContent === "Steps");
      const box = steps?.closest("form")?.querySelector("input[type=number]") as HTMLInputElement | null;
      if (box) (box.value = "60000"), box.dispatchEvent(new Event("input", { bubbles: true }));
    });
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
