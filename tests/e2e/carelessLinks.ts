import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { parseArgs, type SweepCommand } from "../../cli/parseArgs.js";
import { runBarDownload as downloaded, waitRun, type Site } from "./siteContext.js";
import { provenance } from "../../build/provenance.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

const command = (page: Page) => page.locator(".cli-command code").textContent() as Promise<string>;

/** Links a careless reader opens or shares: what they start, what they hold, what they say. */
export function carelessLinkTests(site: Site) {
  it("stops a link's run whose pace says it would pass a minute (the flow's sub-steps), and asks", async () => {
    // ReLU gradient flow: the estimate counts GD steps, the integrator takes many more.
    const page = await site.open("/multistage.html?activation=relu&optimizer=flow&steps=40000&snapshots=0");
    await waitRun(page, 1, ["stopped"], 120_000);
    expect(await page.locator(".run-notice").textContent()).toMatch(
      /^This link's run would take about \d+ (min|h|days) at its pace over steps [\d,]+–[\d,]+, so it stopped there\. Press Run to run it whole\.$/,
    );
    // What it drew stays; the reader's Run runs it whole (no guard on the reader's own runs).
    expect(Number(await page.locator(".run-panel").getAttribute("data-samples"))).toBeGreaterThan(0);
    await page.click(".run-panel button:text-is('Run')");
    await waitRun(page, 2, ["running"]);
    await page.waitForTimeout(2500);
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("running");
    await page.click(".run-panel button:text-is('Stop')");
    await page.close();
  });

  it("counts a sweep link's points in its estimate: a long sweep waits for Run", async () => {
    const page = await site.open(
      "/invariant-measure.html?chains=64&steps=20000&sweep=weight-decay:0.0001:0.1:64:log&backend=js",
    );
    await expect
      .poll(() => page.locator(".run-notice").textContent())
      .toMatch(
        /^This link asks for a long run: about \d+ (min|h) at the js engine's pace on a laptop \(64 sweep points\)/,
      );
    await page.waitForTimeout(500);
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.close();
  });

  it("runs with the browser's site data blocked (localStorage throws), on js and on auto", async () => {
    for (const backend of ["js", "auto"]) {
      const page = await site.browser.newPage();
      await page.addInitScript(() =>
        Object.defineProperty(window, "localStorage", {
          get() {
            throw new DOMException("The operation is insecure.", "SecurityError");
          },
        }),
      );
      await page.goto(`${site.origin}/pathways.html?model=scalar&steps=400&backend=${backend}`);
      await waitRun(page, 1, ["done"]);
      await page.close();
    }
  });

  it("refuses from together with sweep, by name, and runs nothing", async () => {
    const page = await site.open("/pathways.html?preset=scalar&from=1000&sweep=lr:0.2:1.2:5&sharpness-every=0");
    await expect
      .poll(() => page.locator(".url-errors").textContent())
      .toContain("from and sweep go separately: a sweep runs every member from step 0, a branch is one run");
    await page.waitForTimeout(500);
    expect(await page.locator(".run-panel").getAttribute("data-status")).toBe("idle");
    await page.close();
  });

  it("describes a sweep as it is: the copied command sweeps, the CSV has the swept column, the JSON the axes", async () => {
    const page = await site.open(
      "/multistage.html?steps=300&snapshots=0&sweep=init-scale:0.00001:0.001:3:log&backend=js",
    );
    await waitRun(page, 1, ["done"]);
    const line = await command(page);
    expect(line).toMatch(/^node cli\/tdlab\.mjs sweep multistage --grid init-scale=0\.00001:0\.001:3:log /);
    const cmd = parseArgs({ argv: line.split(" ").slice(2) }) as SweepCommand;
    const json = JSON.parse(await downloaded(page, "Download JSON"));
    expect(json.sweep).toEqual(cmd.grid);
    // What made it: the version and the commit the site was built from.
    expect({ version: json.version, commit: json.commit }).toEqual(provenance());
    expect(json.from).toBeNull();
    for (const [k, v] of Object.entries(json.params)) if (k !== "initScale") expect(cmd.params[k], k).toEqual(v);
    // The CLI's sweep has the page's members: the same final losses, point for point.
    const cli = spawnSync(process.execPath, ["cli/tdlab.mjs", ...line.split(" ").slice(2)], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(cli.status, cli.stderr).toBe(0);
    const points = cli.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === "point");
    const page3 = json.summary.members.map((m: { initScale: number; plateauEnd: number }) => [
      m.initScale,
      m.plateauEnd,
    ]);
    expect(
      points.map((p: { grid: { initScale: number }; summary: { plateauEnd: number } }) => [
        p.grid.initScale,
        p.summary.plateauEnd,
      ]),
    ).toEqual(page3);
    const [header, first] = (await downloaded(page, "Download CSV")).split("\n");
    expect(header.split(",")).toContain("initScale");
    expect(first.split(",")[header.split(",").indexOf("initScale")]).toBe("0.00001");
    await page.close();
  });

  it("describes a branch as it is: the copied lines rebuild the source and resume it, giving the page's samples", async () => {
    const page = await site.open(
      "/pathways.html?preset=scalar&from=1000&lr=0.5&steps=2000&sharpness-every=0&backend=js",
    );
    await waitRun(page, 1, ["done"]);
    const json = JSON.parse(await downloaded(page, "Download JSON"));
    expect(json.from).toBe(1000);
    const line = await command(page);
    expect(line).toMatch(
      /--checkpoint-every 1000 --out branch-source\.jsonl && node cli\/tdlab\.mjs run pathways --resume branch-source\.jsonl --from 1000 /,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "tdlab-branch-"));
    const bin = path.join(ROOT, "cli/tdlab.mjs");
    const r = spawnSync("bash", ["-c", `${line.replaceAll("cli/tdlab.mjs", bin)} > branch.jsonl`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const cli = readFileSync(path.join(dir, "branch.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const loss = (rows: { type?: string; step: number; member: number; loss: number }[], step: number) =>
      rows.find((s) => (s.type ?? "sample") === "sample" && s.step === step && s.member === 0)?.loss;
    for (const step of [1000, 1500, 2000]) expect(loss(cli, step), `step ${step}`).toBe(loss(json.samples, step));
    await page.close();
  });
}
