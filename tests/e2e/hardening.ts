import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { PAGES, waitRun, type Site, numberBox } from "./siteContext.js";

/** Comparing, exporting, accessibility, layout and bad input, on the built site. */
export function hardeningTests(site: Site) {
  it("pins a run, overlays it with a legend on every live chart, and removes it", async () => {
    const page = await site.open("/multistage.html?steps=400&snapshots=0&backend=js");
    await waitRun(page, 1, ["done"]);
    await page.click(".run-panel button:text-is('Pin this run')");
    await expect
      .poll(() => page.locator(".pins li span").allTextContents())
      .toEqual([expect.stringMatching(/^pin 1: steps 400, snapshots 0 \(js, \d+ samples\)$/)]);
    await numberBox(page, "Learning rate η").fill("0.2");
    await waitRun(page, 2, ["done"]);
    // Each time chart: the pin in its legend and as a dashed line in the live layer, and in its summary.
    const charts = page.locator("figure.chart").filter({ has: page.locator("svg.live-layer") });
    expect(await charts.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const chart = charts.nth(i);
      expect(await chart.locator("[class*='-swatch']").allTextContents()).toContain("pin 1: steps 400, snapshots 0");
      expect(await chart.locator("svg.live-layer [stroke-dasharray='6,3']").count()).toBeGreaterThan(0);
      expect(await chart.locator("figcaption").textContent()).toContain("1 pinned run is overlaid.");
    }
    await page.click(".run-panel button:text-is('Pin this run')");
    await expect
      .poll(() => page.locator(".pins li span").allTextContents())
      .toEqual([
        expect.stringMatching(/^pin 1: steps 400, snapshots 0 /),
        expect.stringMatching(/^pin 2: lr 0.2, steps 400, snapshots 0 /),
      ]);
    await page.click("button[aria-label='Remove pin 1']");
    await expect
      .poll(() => page.locator(".pins li span").allTextContents())
      .toEqual([expect.stringMatching(/^pin 2: lr 0.2, steps 400, snapshots 0 /)]);
    // Each chart redraws in a task of its own: wait for them to follow.
    await expect
      .poll(() => page.locator("figure.chart [class*='-swatch']").allTextContents())
      .not.toContain("pin 1: steps 400, snapshots 0");
    await expect.poll(() => page.locator("svg.live-layer [stroke-dasharray='6,3']").count()).toBe(0);
    await page.close();
  });

  it("follows pathways' live runs on its live-only charts: pins overlaid, theory of the run on screen", async () => {
    const page = await site.open("/pathways.html?steps=600&seeds=2&backend=js");
    await waitRun(page, 1, ["done"]);
    const card = (label: string) =>
      page.locator(".card", { hasText: label }).filter({ has: page.locator("svg.live-layer") });
    const labels = ["loss (live run)", "sharpness λ_max (live run)", "top-mode share (live run)"];
    for (const l of labels)
      expect(await card(l).locator("[class$='-swatch']").allTextContents()).toEqual([
        "live run, seed 0",
        "live run, seed 1",
      ]);
    // only what the link changed: the form gives back the presets' exact values (not the range input's 15 digits)
    expect(await page.locator(".cli-command code").textContent()).toBe(
      "node cli/tdlab.mjs run pathways --steps 600 --seeds 2",
    );
    // η = 0.125: the rules are 2/η = 16 and the run's λ_single, λ_equal from pathwaysTheory
    await expect
      .poll(() => card(labels[1]).locator("figcaption").textContent())
      .toMatch(/theory: 2\/η = 16\.00, λ_single = \d+\.\d\d, λ_equal = \d+\.\d\d\./);
    await page.click(".run-panel button:text-is('Pin this run')");
    await page.locator(".param-form form", { hasText: "Learning rate η" }).locator("input[type=number]").fill("0.1");
    await waitRun(page, 2, ["done"]);
    for (const l of labels) {
      await expect
        .poll(() => card(l).locator("[class$='-swatch']").allTextContents(), { message: l })
        .toEqual(["live run, seed 0", "live run, seed 1", expect.stringMatching(/^pin 1: /)]);
      // the pin as a dashed line in the live layer, beside the two live members' solid lines
      expect(await card(l).locator("svg.live-layer [stroke-dasharray='4,2'] path").count(), l).toBe(1);
      expect(
        await card(l).locator("svg.live-layer path:not([stroke-dasharray='4,2'] path)").count(),
        l,
      ).toBeGreaterThanOrEqual(2);
      expect(await card(l).locator("figcaption").textContent(), l).toMatch(/^3 lines of .* over 600 steps/);
    }
    // the rules now follow the new run: 2/η = 20
    expect(await card(labels[1]).locator("svg:not(.live-layer) text").allTextContents()).toContain("2/η = 20.00");
    await page.close();
  });

  it("gives every chart on every page an aria label and a summary computed from its data", async () => {
    for (const url of PAGES) {
      const page = await site.open(url);
      await page.locator(".run-panel").waitFor();
      await page.waitForFunction(() => document.querySelectorAll("figure.chart").length >= 6);
      await page.waitForTimeout(500);
      const found = await page.evaluate(() => ({
        charts: [...document.querySelectorAll("figure.chart")].map((f) => {
          const svg = f.querySelector("svg[role=img]");
          return {
            label: svg?.getAttribute("aria-label") ?? "",
            describedBy: document.getElementById(svg?.getAttribute("aria-describedby") ?? "")?.textContent ?? "",
            buttons: [...f.querySelectorAll(".chart-tools button")].map((b) => b.textContent),
          };
        }),
        // every Plot drawing (legends and live layers aside) sits in a labelled chart figure
        loose: [...document.querySelectorAll("svg[class^='plot-']")].filter((s) => !s.closest("figure.chart")).length,
      }));
      expect(found.loose, url).toBe(0);
      for (const c of found.charts) {
        expect(c.label.length, `${url}: chart without an aria label`).toBeGreaterThan(5);
        expect(c.describedBy, `${url}: ${c.label}`).toMatch(/\d/);
        expect(c.describedBy, `${url}: ${c.label}`).not.toMatch(/NaN|undefined|null|Infinity/);
        expect(c.buttons).toEqual(["SVG", "PNG"]);
      }
      await page.close();
    }
  });

  it("downloads a chart as a standalone SVG and a 2× PNG, live layer and legend included", async () => {
    const page = await site.open("/multistage.html?steps=300&snapshots=4&backend=js");
    await waitRun(page, 1, ["done"]);
    const save = async (chart: number, kind: "SVG" | "PNG") => {
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        page.locator("figure.chart").nth(chart).locator(`button:text-is('${kind}')`).click(),
      ]);
      return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
    };
    const svg = await save(0, "SVG");
    expect(svg.name).toBe("loss-r-half-mse-against-step-log-axis.svg");
    const text = svg.bytes.toString("utf8");
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, "image/svg+xml");
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        title: doc.querySelector("title")?.textContent,
        width: Number(doc.documentElement.getAttribute("width")),
        texts: [...doc.querySelectorAll("text")].map((n) => n.textContent),
      };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.title).toBe("loss R (half MSE) against step (log axis)");
    expect(parsed.texts).toEqual(expect.arrayContaining(["live run", "initial plateau", "↑ loss R (half MSE)"]));
    expect(text).toMatch(/stroke="#d55e00"/i); // the live run's line, merged from its layer, its colour made explicit
    expect(text).not.toContain("var(--"); // no page variable left in a standalone file
    const png = await save(0, "PNG");
    expect(png.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.bytes.readUInt32BE(16)).toBe(2 * parsed.width); // IHDR width: 2× the SVG
    // The heat map is a raster inside the SVG: its PNG must still encode (no tainted canvas).
    const heat = await save(2, "PNG");
    expect(heat.name).toMatch(/^cosine-between-every-pair-of-neurons-at-step-\d+\.png$/);
    expect(heat.bytes.length).toBeGreaterThan(5000);
    await page.close();
  });

  it("works from the keyboard with a visible focus ring, Run included", async () => {
    const page = await site.open("/multistage.html?snapshots=0");
    await page.locator(".run-panel").waitFor();
    const seen = new Set<string>();
    let runFocused = false;
    for (let i = 0; i < 200 && !runFocused; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          what: `${el.tagName.toLowerCase()}${el.getAttribute("type") ? `[${el.getAttribute("type")}]` : ""}:${el.textContent?.trim().slice(0, 30) ?? ""}`,
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1,
        };
      });
      if (focus.what.startsWith("body")) continue; // between the page and the browser's own UI
      expect(focus.outline, `no visible focus on ${focus.what}`).toBe(true);
      seen.add(focus.what.replace(/:.*$/, ""));
      runFocused = focus.what === "button[button]:Run";
    }
    expect(runFocused).toBe(true);
    expect([...seen]).toEqual(expect.arrayContaining(["input[number]", "input[range]", "select", "input[radio]"]));
    await page.keyboard.press("Enter");
    await waitRun(page, 1, ["running", "done"]);
    // The scrubber moves with arrow keys.
    const before = await page.locator(".scrubber output").textContent();
    await page.locator(".scrubber input").focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.locator(".scrubber output").textContent()).not.toBe(before);
    await page.close();
  });

  it("lays every page out in one column at 390 px without sideways scrolling", async () => {
    for (const url of PAGES) {
      const page = await site.open(url, { width: 390, height: 844 });
      await page.locator(".run-panel").waitFor();
      await page.waitForFunction(() => document.querySelectorAll("figure.chart").length >= 6);
      await page.waitForTimeout(500);
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        widest: Math.max(
          ...[...document.querySelectorAll("figure.chart svg[role=img]")].map((s) => s.getBoundingClientRect().right),
        ),
        narrowest: Math.min(
          ...[...document.querySelectorAll("figure.chart svg[role=img]")].map((s) => s.getBoundingClientRect().width),
        ),
        columns: [...document.querySelectorAll(".grid")].map(
          (g) => new Set([...g.children].map((c) => Math.round(c.getBoundingClientRect().left))).size,
        ),
      }));
      expect(layout.scrollWidth, url).toBeLessThanOrEqual(390);
      expect(layout.widest, url).toBeLessThanOrEqual(390);
      expect(layout.narrowest, `${url}: a chart too narrow to read`).toBeGreaterThanOrEqual(250);
      expect(new Set(layout.columns), url).toEqual(new Set([1]));
      await page.close();
    }
  });

  const badLinks: [string, string, string[]][] = [
    [
      "/multistage.html",
      "?lr=NaN&width=1e9&init-scale=-Infinity&steps=0&seeds=abc&points=-3&depth=3&preset=nope&t=x",
      [
        'lr must be a number from 0.0001 to 100 (got "NaN")',
        'width must be an integer from 1 to 2000 (got "1e9")',
        'init-scale must be a number from 1e-8 to 1 (got "-Infinity")',
        'steps must be an integer from 1 to 200000 (got "0")',
        'seeds must be an integer from 1 to 64 (got "abc")',
        'points must be an integer from 2 to 1000 (got "-3")',
        "unknown parameter depth",
        'preset must be one of tanh, relu, digits (got "nope")',
        't must be a step number, an integer from 0 (got "x")',
      ],
    ],
    [
      "/invariant-measure.html",
      "?lr=Infinity&weight-decay=-1&chains=0&width=1e9&batch=abc&hidden=3&preset=nope",
      [
        'lr must be a number from 0.0001 to 100 (got "Infinity")',
        'weight-decay must be a number from 0 to 1 (got "-1")',
        'chains must be an integer from 1 to 256 (got "0")',
        'width must be an integer from 1 to 1024 (got "1e9")',
        'batch must be an integer from 1 to 20000 (got "abc")',
        "unknown parameter hidden",
        "preset must be one of",
      ],
    ],
    [
      "/pathways.html",
      "?lr=-Infinity&depth=0&pathways=1e9&init-scale=NaN&model=tensor&width=3&preset=nope&backend=gpu",
      [
        'lr must be a number from 0.0001 to 10 (got "-Infinity")',
        'depth must be an integer from 1 to 8 (got "0")',
        'pathways must be an integer from 1 to 8 (got "1e9")',
        'init-scale must be a number from 0.000001 to 2 (got "NaN")',
        'model must be one of matrix, scalar (got "tensor")',
        "unknown parameter width",
        "preset must be one of",
        'backend must be one of auto, webgpu, webgl, wasm, cpu, js (got "gpu")',
      ],
    ],
  ];
  it.each(badLinks)(
    "refuses every bad value in a %s link by name and range, and runs nothing",
    async (url, query, messages) => {
      const page = await site.open(url + query);
      const alert = (await page.locator(".url-errors").textContent()) ?? "";
      for (const m of messages) expect(alert).toContain(m);
      await page.waitForTimeout(500);
      expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
      expect(page.workers()).toHaveLength(0);
      await page.close();
    },
  );

  const diverging: [string, string, (page: Page) => Promise<string>][] = [
    [
      "/multistage.html",
      "?lr=60&init-scale=0.5&steps=300&snapshots=0&backend=wasm",
      (p) =>
        p
          .locator("figure.chart")
          .first()
          .textContent()
          .then((t) => t ?? ""),
    ],
    [
      "/invariant-measure.html",
      "?lr=100&weight-decay=1&steps=300&backend=js",
      (p) =>
        p
          .locator("figure.chart", { hasText: "full-batch loss (BCE)" })
          .first()
          .textContent()
          .then((t) => t ?? ""),
    ],
    [
      "/pathways.html",
      "?lr=10&init-scale=0.5&steps=300&backend=js",
      (p) =>
        p
          .locator(".card", { hasText: "loss (live run)" })
          .first()
          .textContent()
          .then((t) => t ?? ""),
    ],
  ];
  it.each(diverging)(
    "shows a diverging run on %s as diverged at its step, in the status and on the chart",
    async (url, query, chartText) => {
      const page = await site.open(url + query);
      await waitRun(page, 1, ["done", "error"]);
      expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("done");
      const step = (await page.locator(".run-status").textContent())?.match(/member 0 diverged at step (\d+)/)?.[1];
      expect(step).toBeDefined();
      expect(await chartText(page)).toMatch(new RegExp(`[Mm]ember 0 diverged at step ${step}\\b`));
      await page.close();
    },
  );
}
