import type { ParamSpec, Params } from "../params.js";
import { dataSet } from "./provider.js";
import { standardized, stratifiedSubset, subsetOf, type DataSetName, type LabelledSet } from "./labelledSet.js";

/** The `data` parameter every experiment takes: its own synthetic task, or a shipped real data set (docs/data.md). */
export function dataSpec(help: string): ParamSpec {
  return {
    name: "data",
    state: true,
    group: "data",
    label: "Data",
    kind: "choice",
    default: "synthetic",
    choices: ["synthetic", "digits", "mnist"],
    help,
  };
}

/** How many examples of the real data set to train on. */
export function trainSizeSpec(defaultSize: number): ParamSpec {
  return {
    name: "trainSize",
    state: true,
    group: "data",
    more: true,
    label: "Train size",
    kind: "number",
    default: defaultSize,
    min: 1,
    max: 10000,
    integer: true,
    help: "a seeded, stratified subset of the real data (at most its size: digits 1,797, mnist 10,000)",
  };
}

const subsets = new Map<string, LabelledSet>();

/** The real data set these params name, as the seeded (seed 0), stratified subset of `trainSize` examples. */
export function realSubset(params: Params): LabelledSet {
  const data = String(params.data);
  const key = `${data}:${params.trainSize}`;
  const known = subsets.get(key);
  if (known) return known;
  const set = dataSet(data as DataSetName);
  const size = Number(params.trainSize);
  if (!Number.isInteger(size) || size < 1 || size > set.n)
    throw new RangeError(`train-size must be an integer from 1 to ${set.n} for data ${data} (got ${size})`);
  const subset = subsetOf(set, stratifiedSubset({ ...set, size, seed: 0 }));
  subsets.set(key, subset);
  return subset;
}

/**
 * The scalar task the two scalar-output models learn on real data: inputs standardized and divided
 * by √d, so an image's input vector has mean squared norm 1 (the toys' inputs are of order 1),
 * and the label split in two halves, y = 1 for the digits 5–9 and 0 for 0–4 (near-balanced, and
 * not linearly separable, so neither loss can reach zero). x is row-major n × d.
 */
export function binaryTask(set: LabelledSet): { x: Float64Array; y: Float64Array; n: number; d: number } {
  const s = standardized(set);
  const scale = 1 / Math.sqrt(s.d);
  return {
    x: s.x.map((v) => v * scale),
    y: Float64Array.from(s.labels, (c) => (c >= 5 ? 1 : 0)),
    n: s.n,
    d: s.d,
  };
}
