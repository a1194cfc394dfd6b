import * as Inputs from "@observablehq/inputs";
import { bytesSource, setDataSource } from "../../sim/data/provider.js";
import type { DataSetName } from "../../sim/data/labelledSet.js";
import { experimentNamed } from "../../sim/experiments/index.js";
import type { Params, Schema } from "../../sim/params.js";
import { BACKEND_CHOICES, type BackendChoice } from "../../workers/backendChoices.js";
import { createLiveRunner, type LiveRunner } from "./liveRunner.js";
import type { Experiment } from "../../sim/types.js";
import { paramForm } from "./paramForm.js";
import { runBar } from "./runBar.js";
import { urlErrors } from "./urlErrors.js";
import { readUrlState, writeUrlState } from "./urlState.js";
import { pageCommand } from "../../app/cliCommand.js";
import { etaGuard } from "./etaGuard.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import { sweepPlan } from "../../sim/sweep/members.js";
import { axisText } from "../../sim/sweep/liveSweep.js";
import type { Reference } from "../../app/reproduce.js";
import { branchPicker, type BranchRun } from "./branchPicker.js";
import { pickNotice, startBranch } from "./branchRun.js";
import { askNotice, linkRequest } from "./linkRequest.js";
import { sweepForm } from "./sweepForm.js";

/** A link's run that would take longer than this (estimated, js engine) waits for the reader's Run. */
export const ASK_ABOVE_SECONDS = 60;

/** A file the page attached (Framework's FileAttachment): only its URL is needed here. */
interface Attached {
  href: string;
}

/** What a page hands its live lab: its experiment, presets, files and the precomputed runs it shows. */
export interface LiveLabOptions {
  experiment: string;
  /** Each preset's params (the paper's settings), by name; the first is the default. */
  presets: Record<string, Params>;
  label?: (preset: string) => string;
  /** The training workers: with TensorFlow.js, and the js engine alone. */
  worker: { tfjs: Attached; js: Attached };
  wasm: { plain: Attached; simd: Attached };
  version: string;
  /** The git commit the site was built from (build/provenance.ts), recorded in the JSON download. */
  commit?: string;
  /** The sample fields of the CSV download. */
  columns: string[];
  /** Precomputed runs at full precision that a live run with their settings should reproduce. */
  references?: Reference[];
  /** Per preset, the precomputed run a live run can branch from: its steps, and its checkpoints' file. */
  checkpoints?: Record<string, BranchRun | null>;
  /** The real data sets the page attached, as bytes (the digits: data/digits.u8), for theory and runs. */
  dataSets?: Partial<Record<DataSetName, Uint8Array>>;
  search?: string;
}

/**
 * Everything a page needs to re-run its experiment live, built from the experiment and the page's
 * data: the state its link asks for, the notice for refused link values, the preset choice, the
 * parameter form, the backend choice, the runner (one worker at a time) and the run bar. A page
 * states only its prose, its figures and where these go.
 */
export function liveLab({
  experiment: name,
  presets,
  label = (preset) => preset,
  worker,
  wasm,
  version,
  commit = "unknown",
  columns,
  references = [],
  checkpoints = {},
  dataSets = {},
  search = location.search,
}: LiveLabOptions) {
  const experiment = experimentNamed(name);
  // The page's theory (in this thread) and its runs (in the worker) read the same attached bytes.
  setDataSource(bytesSource(dataSets));
  const url = readUrlState({
    schema: experiment.schema,
    search,
    base: (p) => presets[p],
    presets: Object.keys(presets),
  });
  const runner = pageRunner({ worker, wasm, dataSets });
  const backendInput = Inputs.select(BACKEND_CHOICES, { label: "Backend", value: url.backend }) as HTMLElement;
  const steps = checkpoints[url.preset]?.steps ?? [];
  const link = linkRequest({ experiment: name, url, steps, askAbove: ASK_ABOVE_SECONDS });
  let { from, sweep, armed } = link;
  // What the estimate cannot see (the flow integrator's sub-steps, a slow machine) the first steps
  // measure: a link's run whose pace says it would pass the limit stops and asks, like the estimate.
  const guard = etaGuard({ active: armed, limit: ASK_ABOVE_SECONDS });
  let current: { params: Params; backend: BackendChoice } | null = null;
  let shown: { preset: string; t: number | null } = { preset: url.preset, t: url.t };
  let marks = 0,
    updates = 0;
  const starter = runStarter({ experiment, runner, picker: () => picker, notice: (text) => bar.setNotice(text) });
  const start = () => current && starter.start({ ...current, sweep, from, preset: shown.preset });
  const record = () =>
    current &&
    recordLab({ experiment, bar, source: checkpoints[shown.preset]?.params ?? null, current, shown, from, sweep });
  const bar = runBar({
    runner,
    experiment: name,
    version,
    commit,
    columns,
    backendInput,
    references,
    onRun: () => rerun(),
  });
  guard.watch({ runner, onStop: (text) => bar.setNotice(text) });
  // The reader asked for a run (after `change`): record it, and start it even from a link that waited.
  const rerun = (change?: () => void) => {
    change?.();
    bar.setNotice("");
    armed = true;
    guard.off();
    record();
    start();
  };
  const sweeping = sweepForm({
    experiment,
    sweep,
    current: () => current?.params ?? null,
    onSweep: (axes) => rerun(() => ([sweep, from] = [axes, null])),
    onSingle: () => rerun(() => (sweep = null)),
    onError: (message) => bar.setNotice(message),
  });
  bar.querySelector(".run-controls")!.after(sweeping);
  // "Branch here": continue the precomputed run from one of its checkpoints, with the form's settings.
  const picker = branchPicker({
    runs: checkpoints,
    preset: url.preset,
    from,
    // A branch is one run: it ends a sweep.
    onBranch: (step) => rerun(() => ([from, sweep] = [step, null])),
  });
  bar.querySelector(".run-controls")!.append(picker.element);
  if (link.ask) bar.setNotice(askNotice(link));
  return {
    url,
    runner,
    bar,
    backendInput,
    /** The theory's numbers for these params, from the experiment (the same as a run's summary.theory). */
    theory: (params: Params) => theoryOf(experiment, params).theory,
    /** Why these values are refused together (the theory's check), or null. */
    refused: (params: Params) => theoryOf(experiment, params).refused,
    /** The notice for link values that were refused, or nothing. */
    notice: url.errors.length ? urlErrors({ errors: url.errors }) : null,
    ...presetControls({ schema: experiment.schema, presets, label, url }),
    /** The page's settings changed: record them in the address bar, the terminal line, and re-run once asked to. */
    update({ params, backend, preset }: { params: Params; backend: BackendChoice; preset: string }) {
      current = { params, backend };
      if (preset !== shown.preset) {
        picker.setPreset(preset);
        // Another preset's run: a branch point of the old one does not carry over.
        if (from !== null && !picker.steps(preset).includes(from)) from = null;
      }
      shown = { ...shown, preset };
      // The first update is the link's own settings; any later one is the reader's change.
      if (updates++ > 0) guard.off();
      record();
      if (armed) start();
    },
    /** The snapshot step last shown (the link's `t` at first): not reactive, read when snapshots change. */
    get t() {
      return shown.t;
    },
    /** The snapshot step the page shows (`t` in the address bar); runs nothing. It is also where "Branch here" would start. */
    mark({ t }: { t: number | null }) {
      shown = { ...shown, t };
      record();
      // The scrubber picks where a branch would start; its first position does not override a link's `from`.
      if (t !== null && (marks++ > 0 || from === null)) picker.pick(t);
    },
    /**
     * A step picked on a chart of the precomputed run: "Branch from" selects the checkpoint nearest
     * to it (by `distance`); the notice says so, and `note` after it (which run that is, say).
     */
    pick: (step: number, distance?: (s: number) => number, note = "") => {
      const at = picker.pick(step, distance);
      bar.setNotice(pickNotice({ at, step, note }));
      return at;
    },
    dispose: () => runner.dispose(),
  };
}
export type LiveLab = ReturnType<typeof liveLab>;

/** The preset choice (none for a single preset) and the parameter form for a preset. */
function presetControls({
  schema,
  presets,
  label,
  url,
}: {
  schema: Schema;
  presets: Record<string, Params>;
  label: (preset: string) => string;
  url: { preset: string; params: Params };
}) {
  const names = Object.keys(presets);
  let firstForm = true;
  return {
    presetInput:
      names.length > 1
        ? (Inputs.radio(names, { label: "Preset", value: url.preset, format: label }) as HTMLElement)
        : null,
    /** The form for a preset: the link's values the first time, the preset's own after a switch. */
    form(preset: string): HTMLElement {
      const values = firstForm ? url.params : presets[preset];
      firstForm = false;
      return paramForm({ schema, values });
    },
  };
}

/**
 * The experiment's theory for `params` (null without one), or why these values are refused together
 * (the experiment's theory checks what the schema cannot: a train size within its data set).
 */
function theoryOf(experiment: Experiment, params: Params) {
  try {
    return { theory: experiment.theory?.(params) ?? null, refused: null };
  } catch (error) {
    return { theory: null, refused: (error as Error).message };
  }
}

/** The page's runner: its workers from the page's attached files (with tfjs, or the js engine alone). */
function pageRunner({
  worker,
  wasm,
  dataSets,
}: {
  worker: { tfjs: Attached; js: Attached };
  wasm: { plain: Attached; simd: Attached };
  dataSets: Partial<Record<DataSetName, Uint8Array>>;
}) {
  return createLiveRunner({
    dataSets,
    createWorker: ({ tfjs }) => new Worker((tfjs ? worker.tfjs : worker.js).href, { type: "module" }),
    wasmUrls: {
      plain: new URL(wasm.plain.href, location.href).href,
      simd: new URL(wasm.simd.href, location.href).href,
    },
  });
}

/**
 * Starts what the page asks for: its live sweep (planned as batched ensembles), its branch from a
 * checkpoint (fetched first: a later start supersedes a branch still loading), or its single run.
 */
function runStarter({
  experiment,
  runner,
  picker,
  notice,
}: {
  experiment: Experiment;
  runner: LiveRunner;
  picker: () => Parameters<typeof startBranch>[0]["picker"];
  notice: (text: string) => void;
}) {
  const { name, schema } = experiment;
  let branching = 0;
  return {
    start(o: {
      params: Params;
      backend: BackendChoice;
      sweep: GridAxis[] | null;
      from: number | null;
      preset: string;
    }) {
      const token = ++branching;
      const { params, backend, sweep, from, preset } = o;
      // What the values allow only together (a train size within its data set) is refused before a run.
      const { refused } = theoryOf(experiment, params);
      if (refused) return notice(`Not run: ${refused}.`);
      if (sweep) {
        try {
          const rows = sweepPlan({ experiment: name, params, axes: sweep });
          return runner.start({ experiment: name, params, backend, rows, sweep });
        } catch (error) {
          return notice((error as Error).message);
        }
      }
      if (from === null) return runner.start({ experiment: name, params, backend });
      const to = { experiment: name, schema, memberKey: experiment.ensemble.count, params, preset, step: from };
      void startBranch({ picker: picker(), runner, notice, ...to, stale: () => token !== branching });
    },
  };
}

/** The address bar and the terminal line for what the page would run now. */
function recordLab(o: {
  experiment: Experiment;
  bar: { setCommand(line: string): void };
  source: Params | null;
  current: { params: Params; backend: BackendChoice };
  shown: { preset: string; t: number | null };
  from: number | null;
  sweep: GridAxis[] | null;
}) {
  const { experiment, current, sweep, from } = o;
  o.bar.setCommand(pageCommand({ experiment, ...current, sweep, from, source: o.source }));
  const sweepText = { sweep: sweep && axisText(sweep[0]), sweep2: sweep?.[1] ? axisText(sweep[1]) : null };
  writeUrlState({ schema: experiment.schema, ...current, ...o.shown, from, ...sweepText });
}
