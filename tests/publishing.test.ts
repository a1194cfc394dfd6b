import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { validateCFF } from "cffjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
const pkg = JSON.parse(read("package.json"));
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
const steps = (file: string, job: string): Step[] => parse(read(file)).jobs[job].steps;

/** Whether Node `major` (its latest release) satisfies package.json's engines range ("^20.19.0 || >=22.12.0"). */
const nodeMajorAllowed = (major: number) =>
  (pkg.engines.node as string).split("||").some((range) => {
    const [, op, a, b] = /^\s*(\^|>=)(\d+)\.(\d+)/.exec(range)!;
    return op === "^" ? major === Number(a) : major > Number(a) || (major === Number(a) && Number(b) >= 0);
  });

describe("publishing", () => {
  it("builds the site with npm ci and npm run build on a push to main, and deploys dist/ to GitHub Pages", () => {
    const flow = parse(read(".github/workflows/pages.yml"));
    expect(flow.on.push.branches).toEqual(["main"]);
    expect(flow.permissions).toMatchObject({ pages: "write", "id-token": "write" });
    const build = steps(".github/workflows/pages.yml", "build");
    const runs = build.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(["npm ci", "npm run build"]);
    expect(build.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"))?.with?.path).toBe("dist");
    expect(flow.jobs.deploy.needs).toBe("build");
    expect(
      steps(".github/workflows/pages.yml", "deploy").some((s) => s.uses?.startsWith("actions/deploy-pages@")),
    ).toBe(true);
    const node = build.find((s) => s.uses?.startsWith("actions/setup-node@"))!.with!["node-version"] as number;
    expect(nodeMajorAllowed(node), `node ${node} against engines ${pkg.engines.node}`).toBe(true);
  });

  it("runs the README's test command on pushes and pull requests, with CI=true and what .ci/run installs", () => {
    const flow = parse(read(".github/workflows/test.yml"));
    expect(Object.keys(flow.on).sort()).toEqual(["pull_request", "push"]);
    const test = steps(".github/workflows/test.yml", "test");
    const runs = test.map((s) => s.run ?? "").join("\n");
    expect(runs).toMatch(/npm ci/);
    expect(runs).toMatch(/npm test/);
    expect(runs).toMatch(/slurm-wlm munge/);
    expect(read("README.md")).toContain("npm ci && npm test");
    expect(test.find((s) => s.run?.includes("npm test"))?.env).toMatchObject({ CI: "true" });
    const node = test.find((s) => s.uses?.startsWith("actions/setup-node@"))!.with!["node-version"] as number;
    expect(nodeMajorAllowed(node)).toBe(true);
  });

  it("carries an MIT licence, a citation with the three papers, and a changelog at the package's version", () => {
    expect(pkg.license).toBe("MIT");
    expect(read("LICENSE")).toMatch(/^MIT License\n/);
    const cff = parse(read("CITATION.cff"));
    // Against the Citation File Format's own JSON schema (1.2.0, as cffjs ships it, with ajv)
    expect(() => validateCFF(structuredClone(cff))).not.toThrow();
    expect(() => validateCFF({ ...structuredClone(cff), authors: [] })).toThrow(/minItems/);
    expect(cff["cff-version"]).toBe("1.2.0");
    for (const key of ["message", "title"]) expect(typeof cff[key]).toBe("string");
    expect(cff.authors.length).toBeGreaterThan(0);
    for (const a of cff.authors) expect(typeof (a.name ?? a["family-names"])).toBe("string");
    expect(cff.version).toBe(pkg.version);
    expect(cff.license).toBe(pkg.license);
    expect(cff["date-released"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const refs = cff.references as {
      type: string;
      title: string;
      authors: unknown[];
      identifiers: { value: string }[];
    }[];
    expect(refs.map((r) => r.identifiers[0].value).sort()).toEqual([
      "arXiv:2110.06256",
      "arXiv:2410.20119",
      "arXiv:2606.05219",
    ]);
    for (const r of refs) {
      expect(["article", "conference-paper"]).toContain(r.type);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.authors.length).toBeGreaterThan(0);
    }
    // each paper the pages cite is a reference
    for (const id of ["2110.06256", "2410.20119", "2606.05219"])
      expect(
        read("README.md") +
          read("docs/phenomena/multistage.md") +
          read("docs/phenomena/invariant-measure.md") +
          read("docs/phenomena/pathways.md"),
      ).toContain(id);
    expect(read("CHANGELOG.md")).toContain(`## ${pkg.version} — `);
  });
});

describe("each page's head", () => {
  it("describes the page from its front matter and, once the site's address is known, gives its absolute URL", async () => {
    const { default: config } = await import("../observablehq.config.js");
    const head = (path: string) => config.head({ title: "Pathway symmetry", path });
    expect(head("/pathways")).toContain(
      `<meta name="description" content="${/description: "([^"]+)"/.exec(read("src/pathways.md"))![1]}">`,
    );
    expect(head("/pathways")).not.toContain("og:url");
    process.env.TDLAB_SITE_URL = "https://owner.github.io/lab/";
    try {
      expect(head("/pathways")).toContain(
        '<meta property="og:url" content="https://owner.github.io/lab/pathways.html">',
      );
      expect(head("/index")).toContain('<meta property="og:url" content="https://owner.github.io/lab/">');
      expect(head("/pathways")).toContain(
        '<meta property="og:image" content="https://owner.github.io/lab/_og/pathways.png">',
      );
    } finally {
      delete process.env.TDLAB_SITE_URL;
    }
  });
});
