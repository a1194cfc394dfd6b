import { expect, it } from "vitest";
import { collectRun } from "../../node/collect.js";
import { loadPresets } from "../../loaders/presets.js";
import { pathwaysParams } from "../../loaders/pathways.js";
import { runBarDownload, waitRun, type Site } from "./siteContext.js";

/** The digits in the page: a live run on real data, and values the data refuses. */
export function realDataTests(site: Site) {
  it("runs the pathways model on the digits live, as the CLI does, at that data's step size", async () => {
    const page = await site.open("/pathways.html?preset=digits&steps=600&sharpness-every=0&backend=js");
    await waitRun(page, 1, ["done"], 120_000);
    const json = JSON.parse(await runBarDownload(page, "Download JSON"));
    expect(json.params).toMatchObject({ data: "digits", lr: 3.8, trainSize: 1797 });
    // The same float64 code in Node: the same losses, bit for bit over the first 40 steps; then a
    // last-bit difference between the two JavaScript engines appears, which the edge of stability
    // (η = 3.8 sits in the window) amplifies: the catapults are chaotic, so the runs agree to a
    // relative 1e-9 until step 120 and part ways after (as the engine tests compare: docs/architecture.md).
    const params = {
      ...pathwaysParams(loadPresets({ experiment: "pathways" }).digits.params),
      steps: 600,
      sharpnessEvery: 0,
    };
    const node = await collectRun({ experiment: "pathways", params });
    const at = new Map(node.samples.map((s) => [s.step, s.loss]));
    const compared = json.samples.filter((s: { step: number }) => at.has(s.step));
    expect(compared.filter((s: { step: number }) => s.step <= 120).length).toBeGreaterThan(20);
    for (const s of compared.filter((s: { step: number }) => s.step <= 120)) {
      if (s.step <= 40) expect(s.loss).toBe(at.get(s.step));
      else expect(Math.abs(s.loss / at.get(s.step)! - 1)).toBeLessThan(1e-9);
    }
    expect(await page.locator(".theory-readout").first().textContent()).toContain("window 3.3503 < η < 4.2212");
    await page.close();
  });

  it("runs the multi-stage net on the digits live, as the CLI does, at that data's step size", async () => {
    const page = await site.open("/multistage.html?preset=digits&steps=200&snapshots=4&backend=js");
    await waitRun(page, 1, ["done"], 120_000);
    const json = JSON.parse(await runBarDownload(page, "Download JSON"));
    expect(json.params).toMatchObject({ data: "digits", lr: 0.4, trainSize: 1797 });
    // the same float64 products and tanh in Node: the same losses
    const node = await collectRun({ experiment: "multistage", params: json.params });
    const at = new Map(node.samples.map((s) => [s.step, s.loss]));
    const compared = json.samples.filter((s: { step: number }) => at.has(s.step));
    expect(compared.length).toBeGreaterThan(150);
    for (const s of compared) expect(Math.abs(s.loss / at.get(s.step)! - 1)).toBeLessThan(1e-12);
    expect(await page.locator(".theory-readout").first().textContent()).toMatch(/T\s*init = 123 steps/);
    await page.close();
  });

  it("runs the invariant-measure net on the digits live, as the CLI does", async () => {
    const page = await site.open("/invariant-measure.html?data=digits&steps=300&chains=2&backend=js");
    await waitRun(page, 1, ["done"], 120_000);
    const json = JSON.parse(await runBarDownload(page, "Download JSON"));
    expect(json.params).toMatchObject({ data: "digits", trainSize: 1797, chains: 2 });
    const node = await collectRun({ experiment: "invariant-measure", params: json.params });
    const key = (s: { member: number; step: number }) => `${s.member}:${s.step}`;
    const at = new Map(node.samples.map((s) => [key(s), s]));
    const compared = json.samples.filter((s: { member: number; step: number }) => at.has(key(s)));
    expect(compared.length).toBeGreaterThan(20);
    for (const s of compared) {
      expect(Math.abs(s.loss / at.get(key(s))!.loss - 1)).toBeLessThan(1e-12);
      expect(Math.abs(s.gradNorm / (at.get(key(s))!.gradNorm as number) - 1)).toBeLessThan(1e-12);
    }
    await page.close();
  });

  it("refuses a train size beyond the data set and MNIST in the page, naming why, and runs nothing", async () => {
    for (const [query, why] of [
      ["?data=digits&train-size=5000", "train-size must be an integer from 1 to 1797 for data digits (got 5000)"],
      ["?data=mnist", "data mnist runs from the command line only for now"],
    ]) {
      const page = await site.open(`/pathways.html${query}&backend=js`);
      await expect.poll(() => page.locator(".run-notice").textContent()).toContain(`Not run: ${why}`);
      expect(await page.locator(".theory-readout").first().textContent()).toContain(
        `These settings are refused: ${why}`,
      );
      expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
      await page.close();
    }
  });
}
