import { expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { thirdPartyNotices } from "../../build/notices.js";
import { PAGES } from "./siteContext.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** How the built pages present themselves (issue: ready to publish and cite), read from dist/. */
export function presentationTests({ root }: { root: string }) {
  it.each(["/index.html", ...PAGES])(
    "%s has a language, a description, Open Graph tags, a favicon and a zoomable viewport",
    (page) => {
      const html = readFileSync(path.join(root, page), "utf8");
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
      const meta = (attr: string, name: string) =>
        new RegExp(`<meta ${attr}="${name}" content="([^"]*)">`).exec(html)?.[1] ?? null;
      expect(meta("name", "description")!.length).toBeGreaterThan(60);
      expect(meta("property", "og:description")).toBe(meta("name", "description"));
      expect(meta("property", "og:title")).toBe(/<title>([^|<]*)/.exec(html)![1].trim());
      expect(meta("name", "viewport")).toBe("width=device-width, initial-scale=1");
      const icon = /<link rel="icon" href="\.\/([^"]+)"/.exec(html)![1];
      expect(existsSync(path.join(root, icon))).toBe(true);
    },
  );

  it("lists in THIRD_PARTY_NOTICES every package the built site and the CLI bundle ship", async () => {
    expect(readFileSync(path.join(ROOT, "THIRD_PARTY_NOTICES"), "utf8")).toBe(await thirdPartyNotices({ dist: root }));
  });

  it("keeps the licence comments of what the worker bundles (TensorFlow.js' Apache-2.0 notice)", () => {
    const data = path.join(root, "_file/data");
    const file = readdirSync(data).find((f) => /^train-worker\.[\da-f]+\.js$/.test(f))!;
    const worker = readFileSync(path.join(data, file), "utf8");
    expect(worker).toMatch(/@license[\s\S]*Apache License, Version 2\.0/);
  });
}
