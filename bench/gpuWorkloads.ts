import "../node/dataSets.js";
import { baseParams } from "../src/sim/experiments/baseParams.js";
import { multistage, multistageData, multistageInit } from "../src/sim/experiments/multistage.js";
import {
  batchStream,
  chainMembers,
  invariantMeasure,
  invariantMeasureData,
  invariantMeasureInit,
} from "../src/sim/experiments/invariantMeasure.js";
import { pathwaysInit, targetOf } from "../src/sim/experiments/pathways.js";
import { pathwaysParams } from "../loaders/pathways.js";
import { createTwoLayerJs } from "../src/sim/engines/twoLayerJs.js";
import { createTwoLayerTf } from "../src/sim/engines/twoLayerTf.js";
import { createDeepLinearJs } from "../src/sim/engines/deepLinearJs.js";
import { createDeepLinearTf } from "../src/sim/engines/deepLinearTf.js";
import { createScaleInvariantJs } from "../src/sim/engines/scaleInvariantJs.js";
import { createScaleInvariantTf } from "../src/sim/engines/scaleInvariantTf.js";
import type { LossValues, Tf } from "../src/sim/types.js";
import type { Params } from "../src/sim/params.js";

/** A model stepping on its own: `sync` waits for the work issued so far (a read-back on tfjs). */
export interface Stepper {
  step(): unknown;
  sync(): Promise<void>;
  dispose(): void;
}

/** One of (h)–(j) at a hidden width, on the js engine (tf null) or on tfjs. */
export interface GpuWorkload {
  name: string;
  make(options: { width: number; tf: Tf | null }): Promise<Stepper>;
}

/** Keeps the last loss a step returned (disposing the one before, on tfjs) and reads it back on sync. */
function stepper(step: () => LossValues, dispose: () => void): Stepper {
  let last: LossValues | null = null;
  const free = () => {
    if (last && typeof (last as { dispose?: () => void }).dispose === "function")
      (last as { dispose(): void }).dispose();
  };
  return {
    step() {
      free();
      last = step();
    },
    async sync() {
      if (last && typeof (last as { data?: unknown }).data === "function")
        await (last as { data(): Promise<unknown> }).data();
    },
    dispose() {
      free();
      dispose();
    },
  };
}

/** A value computed on first use: a workload's data are read when it is measured, not before. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/** (h) multistage on the digits: one net of `width` tanh neurons, full batch. */
function multistageDigits(): GpuWorkload {
  const values = { data: "digits" };
  const params: Params = { ...baseParams({ experiment: multistage, values }), ...values };
  const data = lazy(() => multistageData(params));
  return {
    name: "(h) multistage on the digits, full batch",
    async make({ width, tf }) {
      const { x, y, d } = data();
      const inits = [multistageInit({ width, seed: 0, initScale: Number(params.initScale), inputs: d })];
      const setup = { x, y, activation: "tanh" as const, lr: Number(params.lr), inits };
      const model = tf ? createTwoLayerTf({ tf, ...setup }) : createTwoLayerJs(setup);
      return stepper(
        () => model.step(true),
        () => model.dispose(),
      );
    },
  };
}

/** (i) pathways on 2,000 MNIST images: K = 2 pathways 613 → width → width → 10 on the whitened target. */
function pathwaysMnist(): GpuWorkload {
  const params = pathwaysParams({ data: "mnist", trainSize: 2000 });
  // whitening MNIST takes half a minute on a laptop-class core: once, when (i) is first measured
  const data = lazy(() => targetOf(params));
  return {
    name: "(i) pathways on MNIST (2,000 images), full batch",
    async make({ width, tf }) {
      const target = data();
      const dims = [target.cols, width, width, target.rows];
      const inits = [pathwaysInit({ scalar: false, K: 2, dims, seed: 0, initScale: 0.005, initRatio: 1 })];
      const setup = { T: target, dims, inits, lrs: [Number(params.lr)] };
      const model = tf ? createDeepLinearTf({ tf, ...setup }) : createDeepLinearJs(setup);
      return stepper(
        () => model.step({ update: true, omegas: false }).loss,
        () => model.dispose(),
      );
    },
  };
}

/** (j) invariant measure on 2,000 MNIST images: 16 chains, mini-batches of 128. */
function invariantMnist(): GpuWorkload {
  const values = { data: "mnist" };
  const params: Params = { ...baseParams({ experiment: invariantMeasure, values }), ...values };
  const data = lazy(() => invariantMeasureData(params));
  const chains = chainMembers(params);
  const B = Number(params.batch);
  return {
    name: "(j) invariant measure on MNIST (2,000 images), 16 chains, batch 128",
    async make({ width, tf }) {
      const { X, y, p } = data();
      const inits = chains.map((c) => invariantMeasureInit({ width, initSeed: Number(c.initSeed), inputs: p }));
      const setup = { X, y, inits, weightDecay: chains.map(() => Number(params.weightDecay)), decay: 0.996 };
      const model = tf ? createScaleInvariantTf({ tf, ...setup }) : createScaleInvariantJs(setup);
      const streams = chains.map((c) => batchStream({ batchSeed: Number(c.batchSeed), n: y.length, batch: B }));
      const idx = new Int32Array(chains.length * B);
      return stepper(
        () => {
          streams.forEach((s, j) => idx.set(s(), j * B));
          return model.step(Number(params.lr), idx);
        },
        () => model.dispose(),
      );
    },
  };
}

export async function gpuWorkloads(): Promise<GpuWorkload[]> {
  return [multistageDigits(), pathwaysMnist(), invariantMnist()];
}
