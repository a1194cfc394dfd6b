import { readFileSync } from "node:fs";

// The 8×8 digits' compact file (data/digits/README.md), for pages that run on them.
process.stdout.write(readFileSync(new URL("../../data/digits/digits.u8", import.meta.url)));
