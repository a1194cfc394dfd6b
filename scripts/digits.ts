/**
 * `npx tsx scripts/digits.ts [digits.csv.gz]`: the 8×8 handwritten digits in the compact form the
 * lab ships, data/digits/digits.u8: 1,797 records of 65 bytes, the 64 pixels (0–16, row by row)
 * then the label (0–9), in the source's order. Made from scikit-learn's copy of the UCI set
 * (Debian's python3-sklearn installs it); data/digits/README.md gives its source and licence.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const source = process.argv[2] ?? "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
const rows = gunzipSync(readFileSync(source)).toString("utf8").trim().split("\n");
const out = new Uint8Array(rows.length * 65);
rows.forEach((line, i) => {
  const values = line.split(",").map(Number);
  if (values.length !== 65 || values.some((v, j) => !Number.isInteger(v) || v < 0 || v > (j < 64 ? 16 : 9)))
    throw new Error(`${source}: row ${i + 1} is not 64 pixels in 0–16 and a label in 0–9`);
  out.set(values, i * 65);
});
writeFileSync(new URL("../data/digits/digits.u8", import.meta.url), out);
console.log(`wrote data/digits/digits.u8: ${rows.length} digits`);
