import { digitsFromBytes, type DataSetName, type LabelledSet } from "./labelledSet.js";

/**
 * Where experiments get the shipped data sets: the environment registers how it reads them (in
 * Node, node/dataSets.ts from data/ and node_modules), so the experiments stay pure.
 */
let source: ((name: DataSetName) => LabelledSet) | null = null;

export function setDataSource(read: (name: DataSetName) => LabelledSet): void {
  source = read;
}

/** The data set `name`; an error naming it where none can be read. */
export function dataSet(name: DataSetName): LabelledSet {
  if (!source) throw new Error(`data ${name} cannot be read here (the command line and the build read it)`);
  return source(name);
}

/**
 * A source over data sets the page attached as bytes (the digits' compact file); a set it was not
 * given (MNIST: 8 MB for the page) is an error naming it and where it runs.
 */
export function bytesSource(sets: Partial<Record<DataSetName, Uint8Array>>): (name: DataSetName) => LabelledSet {
  const read = new Map<DataSetName, LabelledSet>();
  return (name) => {
    const known = read.get(name);
    if (known) return known;
    const bytes = sets[name];
    if (name !== "digits" || !bytes)
      throw new RangeError(`data ${name} runs from the command line only for now (tdlab run … --data ${name})`);
    const set = digitsFromBytes(bytes);
    read.set(name, set);
    return set;
  };
}
