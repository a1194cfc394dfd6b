import type { BackendName } from "./backendChoices.js";

const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i;

/** What this check reads of a WebGPU adapter (older Chromium: isFallbackAdapter on the adapter itself). */
interface GpuAdapterInfo {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

/**
 * Why tfjs backend `name` should not be used here, or null when it may be tried; no tfjs needed, so
 * the page can ask before loading any. In `auto` a software GPU is skipped: SwiftShader's WebGPU and
 * WebGL run 100–1000× slower than WASM (docs/architecture.md); an explicit `?backend=webgpu` still
 * takes it, so tests can exercise the path.
 */
export async function unsuitable(name: BackendName, auto: boolean): Promise<string | null> {
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
 * The GPU backends worth measuring here: WebGPU and WebGL on a hardware adapter only (tfjs WASM and
 * CPU were slower than the js engine on every measured workload, so they are not candidates).
 */
export async function gpuCandidates(): Promise<{ candidates: ("webgpu" | "webgl")[]; skipped: string[] }> {
  const candidates: ("webgpu" | "webgl")[] = [];
  const skipped: string[] = [];
  for (const name of ["webgpu", "webgl"] as const) {
    try {
      const why = await unsuitable(name, true);
      if (why) skipped.push(`${name}: ${why}`);
      else candidates.push(name);
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message ?? error}`);
    }
  }
  return { candidates, skipped };
}
