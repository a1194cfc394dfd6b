import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasGpu = spawnSync("nvidia-smi", ["-L"]).status === 0;

describe("bench/gpu.sh", () => {
  // On a machine with a GPU the script would measure (minutes): what it says when something is
  // missing is what can be checked anywhere else, as CI is.
  it.skipIf(hasGpu)("fails with one line saying what is missing, exit 3, and writes nothing", () => {
    const env = { ...process.env, TDLAB_GPU_SOFTWARE: "" };
    const r = spawnSync("bash", [path.join(ROOT, "bench/gpu.sh")], { cwd: ROOT, env, encoding: "utf8" });
    expect(r.status).toBe(3);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bench\/gpu\.sh: (no Node with node_modules|no Vulkan loader|no GPU here)/);
    expect(existsSync(path.join(ROOT, "bench/gpu-results.json"))).toBe(false);
  });

  it("refuses to pack without the repository's node_modules, in one line", () => {
    // a copy of the script alone, in a directory with no node_modules
    const dir = mkdtempSync(path.join(tmpdir(), "gpu-sh-"));
    const script = path.join(dir, "bench/gpu.sh");
    spawnSync("mkdir", ["-p", path.dirname(script)]);
    writeFileSync(script, spawnSync("cat", [path.join(ROOT, "bench/gpu.sh")], { encoding: "utf8" }).stdout);
    const r = spawnSync("bash", [script, "pack"], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr.trim()).toBe("bench/gpu.sh: node_modules is not installed: npm ci");
  });
});
