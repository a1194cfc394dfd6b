import { writeFile } from "node:fs/promises";
import { compileKernels, kernelsModuleSource } from "./compileKernels.js";

// `npm run wasm`: regenerate kernelsBytes.ts after editing kernels.wat.
const bytes = await compileKernels();
await writeFile(new URL("./kernelsBytes.ts", import.meta.url), kernelsModuleSource(bytes));
console.log(`kernelsBytes.ts: ${bytes.length} bytes of wasm`);
