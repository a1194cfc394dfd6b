/**
 * The GPU part of the bench (bench/gpu.sh runs it): workloads (h)–(j) at hidden widths 256 to 4,096
 * on tfjs' WebGPU backend (Dawn, through the `webgpu` package's navigator.gpu) against the js
 * engine, each engine timed on its own steps (no sampling, one read-back at the end), and the
 * crossover: the smallest width at which WebGPU takes more steps per second. Writes
 * bench/gpu-results.json and the section between the gpu markers of bench/results.md.
 *
 * usage: node --import tsx bench/gpu.ts [--widths 256,512,1024,2048,4096] [--budget-s 240]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { gpuWorkloads, type GpuWorkload } from "./gpuWorkloads.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const WIDTHS = arg("widths", "256,512,1024,2048,4096").split(",").map(Number);
const BUDGET_MS = 1000 * Number(arg("budget-s", "240"));
const fail = (line: string): never => {
  console.error(`bench/gpu: ${line}`);
  process.exit(3);
};

/** navigator.gpu from Dawn, and the adapter it finds; one line and exit 3 when there is none. */
async function webgpu() {
  let dawn: { create(flags: string[]): GPU; globals: object };
  try {
    // the package is ESM; its name stays a runtime import in the packed bundle (bench/gpu.sh)
    const name = "webgpu";
    dawn = await import(name);
  } catch {
    return fail("the webgpu package (Dawn for Node) is missing: npm install --no-save webgpu@0.6.2");
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  Object.defineProperty(globalThis, "navigator", { value: { gpu, userAgent: "node" }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return fail("no WebGPU adapter: no Vulkan driver for a GPU is visible (VK_ICD_FILENAMES?)");
  const info = adapter.info ?? ({} as GPUAdapterInfo);
  await import("@tensorflow/tfjs-backend-webgpu");
  if (!(await tf.setBackend("webgpu"))) fail("tfjs' webgpu backend did not initialize on this adapter");
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" ") || "unnamed adapter";
}

/** Steps per second of `step` (after two warm-up steps), stepping until 1.5 s or 20 steps have passed. */
async function rate(make: () => Promise<{ step(): unknown; sync(): Promise<void>; dispose(): void }>) {
  const model = await make();
  try {
    model.step();
    model.step();
    await model.sync();
    const t0 = performance.now();
    let n = 0;
    while (n < 3 || (n < 20 && performance.now() - t0 < 1500)) {
      model.step();
      n++;
      if (n % 5 === 0) await model.sync(); // bounded queue: the GPU's work is counted, not just issued
    }
    await model.sync();
    return n / ((performance.now() - t0) / 1000);
  } finally {
    model.dispose();
  }
}

async function measure(w: GpuWorkload, started: number) {
  const points: { width: number; js: number | null; webgpu: number | null }[] = [];
  for (const width of WIDTHS) {
    if (performance.now() - started > BUDGET_MS) {
      points.push({ width, js: null, webgpu: null });
      continue;
    }
    console.error(`${w.name.slice(0, 3)} width ${width}…`);
    const js = await rate(() => w.make({ width, tf: null }));
    const gpu = await rate(() => w.make({ width, tf }));
    points.push({ width, js, webgpu: gpu });
  }
  const over = points.find((p) => p.js !== null && p.webgpu !== null && p.webgpu > p.js);
  return { workload: w.name, points, crossover: over?.width ?? null };
}

const started = performance.now();
const adapter = await webgpu();
console.error(`WebGPU adapter: ${adapter}`);
const results = [];
for (const w of await gpuWorkloads()) results.push(await measure(w, started));
const date = new Date().toISOString().slice(0, 10);
writeFileSync(path.join(ROOT, "bench/gpu-results.json"), `${JSON.stringify({ date, adapter, results }, null, 1)}\n`);
const steps = (v: number | null) => (v === null ? "– (over the time budget)" : v.toFixed(1));
const section = [
  `## GPU: WebGPU against js, widths ${WIDTHS[0]}–${WIDTHS.at(-1)}`,
  ``,
  `${date}, ${adapter}; \`bench/gpu.sh\` (tfjs-backend-webgpu on Dawn in Node, float32, against the js engine's float64), steps per second of each engine's own steps.`,
  ``,
  `| workload | width | js steps/s | WebGPU steps/s | WebGPU ÷ js |`,
  `| --- | --- | --- | --- | --- |`,
  ...results.flatMap((r) =>
    r.points.map(
      (p) =>
        `| ${r.workload} | ${p.width} | ${steps(p.js)} | ${steps(p.webgpu)} | ${p.js && p.webgpu ? (p.webgpu / p.js).toFixed(2) : "–"} |`,
    ),
  ),
  ``,
  ...results.map((r) => `Crossover on ${r.workload.slice(0, 3)}: ${crossoverText(r)}.`),
].join("\n");
writeGpuSection(section);
console.log(section);
process.exit(0);

/** The smallest width at which WebGPU wins, or up to which width it was seen not to. */
function crossoverText(r: { crossover: number | null; points: { width: number; js: number | null }[] }) {
  if (r.crossover !== null) return `WebGPU wins from width ${r.crossover}`;
  const measured = r.points.filter((p) => p.js !== null);
  return measured.length
    ? `WebGPU does not win up to width ${measured.at(-1)!.width}`
    : "not measured (over the time budget)";
}

/** Replaces the GPU section of bench/results.md (between its markers), or appends one. */
function writeGpuSection(text: string) {
  const file = path.join(ROOT, "bench/results.md");
  const md = readFileSync(file, "utf8");
  const block = `<!-- gpu -->\n${text}\n<!-- /gpu -->`;
  const re = /<!-- gpu -->[\s\S]*<!-- \/gpu -->/;
  writeFileSync(file, re.test(md) ? md.replace(re, block) : `${md.trimEnd()}\n\n${block}\n`);
}
