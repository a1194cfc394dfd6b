import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-webgl";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

import { BACKENDS, type BackendChoice, type BackendName } from "./backendChoices.js";

export type { BackendChoice, BackendName };
export interface WasmUrls {
  plain: string;
  simd: string;
}

const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i;

/**
 * Why `name` should not be used here, or null when it may be tried. In `auto` a software GPU is
 * skipped: SwiftShader's WebGPU and WebGL run 100–1000× slower than WASM (docs/architecture.md); an explicit
 * `?backend=webgpu` still takes it, so tests can exercise the path.
 */
/** What this check reads of a WebGPU adapter (older Chromium: isFallbackAdapter on the adapter itself). */
interface GpuAdapterInfo {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

async function unsuitable(name: BackendName, auto: boolean): Promise<string | null> {
  if (name === "webgpu") {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterInfo | null> } }).gpu;
    if (!gpu) return "navigator.gpu is missing";
    const adapter = await gpu.requestAdapter();
    if (!adapter) return "no WebGPU adapter";
    const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter;
    const desc = `${adapter.info?.vendor ?? ""} ${adapter.info?.architecture ?? ""} ${adapter.info?.description ?? ""}`;
    if (auto && (fallback || SOFTWARE.test(desc))) return `software adapter skipped (${desc.trim() || "fallback"})`;
  }
  if (name === "webgl" && auto) {
    if (typeof OffscreenCanvas === "undefined") return "OffscreenCanvas is missing";
    const gl = new OffscreenCanvas(1, 1).getContext("webgl2");
    if (!gl) return "no WebGL2 context";
    const ext = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    if (SOFTWARE.test(renderer)) return `software renderer skipped (${renderer})`;
  }
  return null;
}

/**
 * Pick the first backend of WebGPU → WebGL → WASM → CPU that initializes and computes, starting at
 * `choice` (an explicit choice that fails falls down the chain). Returns the one in use and why
 * each earlier one was passed over, for the page to show.
 */
export async function chooseBackend({
  choice,
  wasmUrls,
}: {
  choice: BackendChoice;
  wasmUrls: WasmUrls;
}): Promise<{ backend: BackendName | "js"; skipped: string[] }> {
  if (choice === "js") return { backend: "js", skipped: [] };
  const auto = choice === "auto";
  const chain = auto ? BACKENDS : BACKENDS.slice(BACKENDS.indexOf(choice));
  // The threaded binary is only fetched when the page is cross-origin isolated, which this site is not.
  setWasmPaths({
    "tfjs-backend-wasm.wasm": wasmUrls.plain,
    "tfjs-backend-wasm-simd.wasm": wasmUrls.simd,
    "tfjs-backend-wasm-threaded-simd.wasm": wasmUrls.simd,
  });
  const skipped: string[] = [];
  for (const name of chain) {
    try {
      const why = await unsuitable(name, auto);
      if (why) {
        skipped.push(`${name}: ${why}`);
        continue;
      }
      if (!(await tf.setBackend(name))) throw new Error("failed to initialize");
      await tf.ready();
      const probe = tf.add(tf.scalar(1), tf.scalar(2));
      const value = (await probe.data())[0];
      probe.dispose();
      if (value !== 3) throw new Error(`computed 1 + 2 = ${value}`);
      return { backend: name, skipped };
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message ?? error}`);
    }
  }
  throw new Error(`no tfjs backend works here (${skipped.join("; ")})`);
}
