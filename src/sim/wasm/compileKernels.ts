import { readFile } from "node:fs/promises";
import wabt from "wabt";

/** kernels.wat → wasm bytes, with the two post-MVP features it uses (SIMD, memory.fill). */
export async function compileKernels(): Promise<Uint8Array> {
  const text = await readFile(new URL("./kernels.wat", import.meta.url), "utf8");
  const mod = (await wabt()).parseWat("kernels.wat", text, { simd: true, bulk_memory: true });
  try {
    mod.validate();
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** The TypeScript module that carries the bytes, so neither Node nor the page fetches a .wasm file. */
export function kernelsModuleSource(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString("base64");
  return `// Generated from kernels.wat by \`npm run wasm\`; tests/sim/wasmKernels.test.ts checks it is current.\nexport const kernelsBase64 =\n  "${b64}";\n`;
}
