import { describe, expect, it } from "vitest";
import { loadDataSet } from "../../node/dataSets.js";
import {
  DATA_SETS,
  digitsFromBytes,
  standardized,
  stratifiedSubset,
  subsetOf,
} from "../../src/sim/data/labelledSet.js";

const counts = (labels: Uint8Array, classes = 10) => {
  const c = new Array(classes).fill(0);
  for (const l of labels) c[l]++;
  return c;
};

describe("the shipped data sets", () => {
  it("reads the 8×8 digits as the UCI set has them: 1,797 digits, 64 pixels in 0–16, ten classes", () => {
    const digits = loadDataSet("digits");
    expect([digits.n, digits.d, digits.classes]).toEqual([1797, 64, 10]);
    // the class sizes of the source (sklearn's digits.csv.gz)
    expect(counts(digits.labels)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(digits.x.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    // the source's first and last rows
    expect(Array.from(digits.x.subarray(0, 10))).toEqual([0, 0, 5, 13, 9, 1, 0, 0, 0, 0]);
    expect(Array.from(digits.x.subarray(1796 * 64 + 56))).toEqual([0, 1, 8, 12, 14, 12, 1, 0]);
    expect([digits.labels[0], digits.labels[1796]]).toEqual([0, 8]);
  });

  it("refuses a digits file of the wrong size, naming what it expected", () => {
    expect(() => digitsFromBytes(new Uint8Array(10))).toThrow("digits: expected 116805 bytes (1797 digits), got 10");
  });

  it("reads MNIST's 10,000 digits from the package's per-digit files, 784 inputs in [0, 1]", () => {
    const mnist = loadDataSet("mnist");
    expect([mnist.n, mnist.d, mnist.classes]).toEqual([DATA_SETS.mnist.size, 784, 10]);
    expect(counts(mnist.labels)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let lo = Infinity,
      hi = -Infinity;
    for (const v of mnist.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, 1]);
  });
});

describe("seeded, stratified subsets", () => {
  const digits = loadDataSet("digits");

  it("keeps each class's share, draws no example twice, and follows the seed alone", () => {
    const pick = (seed: number) => stratifiedSubset({ labels: digits.labels, classes: 10, size: 500, seed });
    const a = pick(1);
    expect(a.length).toBe(500);
    expect(new Set(a).size).toBe(500);
    const share = counts(subsetOf(digits, a).labels);
    const all = counts(digits.labels);
    share.forEach((c, k) => expect(Math.abs(c - (all[k] * 500) / digits.n)).toBeLessThan(1));
    expect(pick(1)).toEqual(a);
    expect(pick(2)).not.toEqual(a);
  });

  it("refuses a size outside 1 to the set's size, naming the range", () => {
    for (const size of [0, 1798, 2.5])
      expect(() => stratifiedSubset({ labels: digits.labels, classes: 10, size, seed: 0 })).toThrow(
        `train-size must be an integer from 1 to 1797 (got ${size})`,
      );
  });

  it("standardizes each input to mean 0 and variance 1, dropping the constant ones", () => {
    const s = standardized(digits);
    expect(s.d).toBe(61); // three pixels are 0 in every digit
    for (let j = 0; j < s.d; j++) {
      let m = 0,
        v = 0;
      for (let i = 0; i < s.n; i++) m += s.x[i * s.d + j] / s.n;
      for (let i = 0; i < s.n; i++) v += (s.x[i * s.d + j] - m) ** 2 / s.n;
      expect(Math.abs(m)).toBeLessThan(1e-12);
      expect(v).toBeCloseTo(1, 12);
    }
  });
});
