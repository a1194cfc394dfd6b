/**
 * What a page may ask the worker for (no tfjs import: pages load this, the worker loads tfjs).
 * auto: the tfjs chain WebGPU → WebGL → WASM → CPU; a tfjs name starts the chain there; js: the
 * hand-written float64 engine (src/sim/engines), no tfjs at all.
 */
export const BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_CHOICES = ["auto", ...BACKENDS, "js"] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
