import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-webgl";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

import { BACKENDS, type BackendChoice, type BackendName } from "./backendChoices.js";
import { unsuitable } from "./gpuProbe.js";
import type { WasmUrls } from "./trainCore.js";

export type { BackendChoice, BackendName, WasmUrls };
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
