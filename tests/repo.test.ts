import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as registry from "../src/sim/experiments/registry.js";

const ROOT = path.resolve(import.meta.dirname, "..");
// Tracked files and new ones git does not ignore: what a fresh clone would hold.
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: ROOT,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => f && f !== "package-lock.json" && existsSync(path.join(ROOT, f)))
  .filter((f) => /\.(ts|mjs|js|md|py|wat|css|json|sh)$|^\.ci\/run$/.test(f));
const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");

describe("the repository stands alone", () => {
  it("reads the files a clone holds", () => {
    for (const f of ["README.md", "docs/architecture.md", "src/multistage.md", "cli/main.ts"])
      expect(files).toContain(f);
  });

  it("refers to no document outside it", () => {
    const outside = files.flatMap((f) =>
      read(f)
        .split("\n")
        .flatMap((line, i) =>
          /\.\.\/shared\b|\bshared\/papers\b|\bDESIGN\.md\b/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(outside).toEqual([]);
  });

  it("has no relative path that climbs out of the repository", () => {
    const escaping = files.flatMap((f) =>
      [...read(f).matchAll(/(?<![\w.])((?:\.\.\/)+)[\w@.-]+/g)]
        .filter((m) => !path.resolve(ROOT, path.dirname(f), m[1]).startsWith(ROOT))
        .map((m) => `${f}: ${m[0]}`),
    );
    expect(escaping).toEqual([]);
  });

  it("cites only documents that exist", () => {
    const missing = files.flatMap((f) =>
      [...read(f).matchAll(/\bdocs\/[\w/.-]+\.md\b/g)]
        .map((m) => m[0])
        .filter((p) => !existsSync(path.join(ROOT, p)))
        .map((p) => `${f}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it("keeps the pages' code cells readable: no line over 160 characters", () => {
    const long = files
      .filter((f) => /^src\/[^/]+\.md$/.test(f))
      .flatMap((f) => {
        let code = false;
        return read(f)
          .split("\n")
          .flatMap((line, i) => {
            if (line.startsWith("```")) code = line.startsWith("```js");
            return code && line.length > 160 ? [`${f}:${i + 1} (${line.length})`] : [];
          });
      });
    expect(long).toEqual([]);
  });
});

describe("one module per phenomenon", () => {
  // Each experiment's name and its modules' camelCase name (the registry exports each module's experiment by it).
  const registered = Object.entries(registry).map(([camel, exp]) => ({ camel, name: exp.name }));

  it("finds the experiments in the registry", () => {
    expect(registered.map((r) => r.name)).toEqual(
      expect.arrayContaining(["multistage", "invariant-measure", "pathways"]),
    );
  });

  it("names an experiment only in its own module, page, loaders and tests", () => {
    // Code that runs (not docs, tests or benchmarks): the site, the CLI, the build, the loaders.
    const code = files.filter(
      (f) =>
        /^(src|cli|build|loaders|scripts)\/.*\.(ts|mjs|md)$|^observablehq\.config\.ts$/.test(f) &&
        !f.startsWith("cli/templates/"),
    );
    const own =
      ({ name, camel }: { name: string; camel: string }) =>
      (f: string) =>
        f === `src/sim/experiments/${camel}.ts` ||
        // its loaders: loaders/NAME.ts and those of its sections (loaders/NAMEDigits.ts)
        new RegExp(`^loaders/${camel}[A-Z]?[A-Za-z]*\\.ts$`).test(f) ||
        f === `src/${name}.md` ||
        f === `src/cards/${name}.ts` ||
        f.startsWith(`src/data/${name}-`) ||
        f.startsWith(`src/data/${name}.`) ||
        f === "src/sim/experiments/registry.ts";
    const naming = registered.flatMap((exp) => {
      // a quoted name, or an import of its experiment module or loaders
      const pattern = new RegExp(`["'\`]${exp.name}["'\`]|/(experiments|loaders)/${exp.camel}\\.js`);
      return code
        .filter((f) => !own(exp)(f))
        .flatMap((f) =>
          read(f)
            .split("\n")
            .flatMap((line, i) => (pattern.test(line) ? [`${f}:${i + 1} names ${exp.name}: ${line.trim()}`] : [])),
        );
    });
    expect(naming).toEqual([]);
  });
});

describe("functions short enough to read at once", () => {
  it("has none over 150 lines in src, cli, build or loaders, and at most five over 100", () => {
    // Biome's noExcessiveLinesPerFunction, at 100 lines and at level info for these folders (biome.json).
    const lint = spawnSync(
      path.join(ROOT, "node_modules/.bin/biome"),
      [
        "lint",
        "--only=complexity/noExcessiveLinesPerFunction",
        "--reporter=json",
        "--max-diagnostics=none",
        "src",
        "cli",
        "build",
        "loaders",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    const long = (JSON.parse(lint.stdout).diagnostics as { message: string; location: { path: string } }[]).map(
      (d) => ({
        file: d.location.path,
        lines: Number(/\((\d+)\)/.exec(d.message)![1]),
      }),
    );
    expect(long.every((f) => f.lines > 100)).toBe(true);
    expect(long.filter((f) => f.lines > 150)).toEqual([]);
    expect(long.length, JSON.stringify(long)).toBeLessThanOrEqual(5);
  });
});
