import * as Inputs from "@observablehq/inputs";
import { experimentNamed } from "../sim/experiments/index.js";
import type { Params } from "../sim/params.js";
import { BACKEND_CHOICES, type BackendChoice } from "../workers/backendChoices.js";
import { createLiveRunner } from "./liveRunner.js";
import { paramForm } from "./paramForm.js";
import { runBar } from "./runBar.js";
import { urlErrors } from "./urlErrors.js";
import { readUrlState, writeUrlState } from "./urlState.js";
import { estimateRun } from "../sim/runCost.js";
import { branchCommand, cliCommand, sweepCommand } from "../sim/cliCommand.js";
import { duration, etaGuard } from "./etaGuard.js";
import { flagName, quote, type NumberSpec } from "../sim/params.js";
import type { GridAxis } from "../sim/sweep/grid.js";
import { sweepPlan } from "../sim/sweep/members.js";
import { axisText, parseLiveSweep } from "../sim/sweep/liveSweep.js";
import type { Reference } from "../sim/reproduce.js";
import { branchConflicts } from "../sim/experiments/branchConflicts.js";
import { branchPicker, type BranchPoint, type BranchRun } from "./branchPicker.js";

/** A link's run that would take longer than this (estimated, js engine) waits for the reader's Run. */
export const ASK_ABOVE_SECONDS = 60;

/** A file the page attached (Framework's FileAttachment): only its URL is needed here. */
interface Attached {
  href: string;
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
  search = location.search,
}: {
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
  search?: string;
}) {
  const experiment = experimentNamed(name);
  const schema = experiment.schema;
  const names = Object.keys(presets);
  const url = readUrlState({ schema, search, base: (p) => presets[p], presets: names });
  let firstForm = true;
  const runner = createLiveRunner({
    createWorker: ({ tfjs }) => new Worker((tfjs ? worker.tfjs : worker.js).href, { type: "module" }),
    wasmUrls: {
      plain: new URL(wasm.plain.href, location.href).href,
      simd: new URL(wasm.simd.href, location.href).href,
    },
  });
  const backendInput = Inputs.select(BACKEND_CHOICES, { label: "Backend", value: url.backend }) as HTMLElement;
  // A branch: the link's `from`, one of the preset's checkpoint steps, refused by name otherwise.
  const steps = checkpoints[url.preset]?.steps ?? [];
  let from: number | null = null;
  if (url.from !== null) {
    const step = Number(url.from);
    if (/^\d+$/.test(url.from) && steps.includes(step)) from = step;
    else
      url.errors.push(
        steps.length
          ? `from must be a checkpoint step of the ${url.preset} preset, one of ${steps.join(", ")} (got ${quote(url.from)})`
          : `from: the ${url.preset} preset has no checkpoints to branch from (got ${quote(url.from)})`,
      );
  }
  // A live sweep: the link's `sweep` (and `sweep2`), one or two axes run as batched ensembles.
  let sweep: GridAxis[] | null = null;
  if (url.sweep !== null) {
    try {
      sweep = parseLiveSweep({ experiment: name, sweep: url.sweep, sweep2: url.sweep2 });
    } catch (error) {
      url.errors.push((error as Error).message), (sweep = null);
    }
  } else if (url.sweep2 !== null) url.errors.push(`sweep2 needs a sweep (got sweep2 alone: ${quote(url.sweep2)})`);
  if (sweep !== null && from !== null) {
    url.errors.push(
      `from and sweep go separately: a sweep runs every member from step 0, a branch is one run (got from=${from} and sweep=${quote(url.sweep)})`,
    );
    sweep = null;
    from = null;
  }
  // A link that names parameters runs on opening, unless its run is long (a sweep: every point):
  // then it waits for Run. Nothing runs with a refused value. After that, every change re-runs.
  const points = (sweep ?? []).reduce((n, axis) => n * axis.n, 1);
  const cost = estimateRun({ experiment: name, params: url.params }).seconds * points;
  const ask = url.autorun && cost > ASK_ABOVE_SECONDS;
  let armed = url.autorun && !ask;
  if (url.from !== null && from === null) armed = false;
  if ((url.sweep !== null || url.sweep2 !== null) && sweep === null) armed = false;
  // What the estimate cannot see (the flow integrator's sub-steps, a slow machine) the first steps
  // measure: a link's run whose pace says it would pass the limit stops and asks, like the estimate.
  const guard = etaGuard({ active: armed, limit: ASK_ABOVE_SECONDS });
  let current: { params: Params; backend: BackendChoice } | null = null;
  let shown: { preset: string; t: number | null } = { preset: url.preset, t: url.t };
  const memberKey = experiment.ensemble.count;
  let branching = 0,
    marks = 0,
    updates = 0;
  const start = () => {
    if (!current) return;
    branching++; // a branch still fetching its checkpoints does not start after this
    if (sweep) {
      try {
        const rows = sweepPlan({ experiment: name, params: current.params, axes: sweep });
        return runner.start({ experiment: name, ...current, rows, sweep });
      } catch (error) {
        return bar.setNotice((error as Error).message);
      }
    }
    if (from === null) return runner.start({ experiment: name, ...current });
    void branch({ ...current, preset: shown.preset, step: from, token: branching });
  };
  // The branch continues the checkpoint's members, with the form's parameters from its step on.
  // Refused, or its file failed to load: a notice, and what is on screen stays.
  const branch = async ({
    params: form,
    preset,
    step,
    token,
  }: {
    params: Params;
    preset: string;
    step: number;
    token: number;
  }) => {
    let ck: BranchPoint;
    try {
      ck = await picker.checkpoint({ preset, step });
    } catch (error) {
      return token === branching && bar.setNotice(`Not branched: ${(error as Error).message}.`);
    }
    if (token !== branching) return;
    let params: Params = { ...form, [memberKey]: ck.states.length };
    // Steps that end before the branch point (the form's live default is short, the precomputed run
    // long): the branch runs to the precomputed run's end, or that many steps past its last
    // checkpoint. A rule, not a prompt, so the link reproduces the same branch.
    let note = "";
    const formSteps = Number(form.steps),
      runSteps = Number(ck.params.steps);
    if (formSteps <= ck.step) {
      const steps = ck.step < runSteps ? runSteps : ck.step + formSteps;
      note = `Steps (${formSteps.toLocaleString("en")}) ends before step ${ck.step.toLocaleString("en")}: this branch runs to step ${steps.toLocaleString("en")}, ${ck.step < runSteps ? "where the precomputed run ends" : `${formSteps.toLocaleString("en")} steps past it`}.`;
      params = { ...params, steps };
    }
    const conflicts = branchConflicts({ schema, from: ck.params, to: params });
    if (conflicts.length) return bar.setNotice(`Not branched: ${conflicts.join("; ")}.`);
    runner.start({ experiment: name, params, backend: "js", resume: { step: ck.step, states: ck.states } });
    if (note) bar.setNotice(note);
  };
  const record = () => {
    if (!current) return;
    bar.setCommand(commandFor(current));
    writeUrlState({
      schema,
      ...current,
      ...shown,
      from,
      sweep: sweep && axisText(sweep[0]),
      sweep2: sweep?.[1] ? axisText(sweep[1]) : null,
    });
  };
  // The terminal line for what this page would run now: the sweep, the branch, or the single run.
  const commandFor = ({ params, backend }: { params: Params; backend: BackendChoice }) => {
    if (sweep) return sweepCommand({ experiment, params, axes: sweep });
    const source = checkpoints[shown.preset]?.params;
    if (from !== null && source) {
      const steps = Number(params.steps) <= from ? Number(source.steps) : params.steps;
      return branchCommand({ experiment, params: { ...params, steps }, source, step: from });
    }
    return cliCommand({ experiment, params, backend });
  };
  const bar = runBar({
    runner,
    experiment: name,
    version,
    commit,
    columns,
    backendInput,
    references,
    onRun: () => ((armed = true), guard.off(), bar.setNotice(""), start()),
  });
  guard.watch({ runner, onStop: (text) => bar.setNotice(text) });
  {
    // "Sweep": the swept parameter's range, and optionally a second parameter's (a phase diagram).
    const sweepName = experiment.ensemble.sweepable;
    const spec = schema.find((s) => s.name === sweepName) as NumberSpec;
    const box = (label: string, value: string, size = 7) => {
      const input = Object.assign(document.createElement("input"), { value, size, type: "text" });
      input.setAttribute("aria-label", `sweep ${label}`);
      return input;
    };
    const check = (label: string, checked: boolean) => {
      const input = Object.assign(document.createElement("input"), { type: "checkbox", checked });
      input.setAttribute("aria-label", label);
      return input;
    };
    const [a, b] = sweep ?? [];
    const lo = box("from", String(a?.lo ?? spec.default)),
      hi = box("to", String(a?.hi ?? spec.default * (spec.log ? 10 : 2))),
      n = box("values", String(a?.n ?? 7), 3),
      log = check("sweep on a log scale", a?.log ?? Boolean(spec.log));
    // The second axis: any other numeric parameter but the member count, none by default.
    const others = schema.filter(
      (s): s is NumberSpec => s.kind === "number" && ![sweepName, "seeds", "chains"].includes(s.name),
    );
    const which = document.createElement("select");
    which.setAttribute("aria-label", "sweep second parameter");
    which.append(new Option("nothing else", ""), ...others.map((s) => new Option(s.label, flagName(s.name))));
    which.value = b ? flagName(b.name) : "";
    const lo2 = box("second from", String(b?.lo ?? "")),
      hi2 = box("second to", String(b?.hi ?? "")),
      n2 = box("second values", String(b?.n ?? 4), 3),
      log2 = check("second sweep on a log scale", b?.log ?? false);
    which.onchange = () => {
      const s2 = others.find((s) => flagName(s.name) === which.value);
      if (!s2) return;
      const v = Number(current?.params[s2.name] ?? s2.default);
      // A range around the current value, inside the parameter's own.
      (lo2.value = String(Math.max(s2.min, s2.integer ? Math.max(1, Math.round(v / 2)) : v / 2))),
        (hi2.value = String(Math.min(s2.max, s2.integer ? Math.round(v * 2) : v * 2))),
        (log2.checked = Boolean(s2.log));
    };
    const go = Object.assign(document.createElement("button"), { type: "button", textContent: "Run sweep" });
    const off = Object.assign(document.createElement("button"), { type: "button", textContent: "Single run" });
    const text = (parts: string[], on: boolean) => parts.map((p) => p.trim()).join(":") + (on ? ":log" : "");
    go.onclick = () => {
      try {
        sweep = parseLiveSweep({
          experiment: name,
          sweep: text([flagName(sweepName), lo.value, hi.value, n.value], log.checked),
          sweep2: which.value ? text([which.value, lo2.value, hi2.value, n2.value], log2.checked) : null,
        });
        (from = null), bar.setNotice("");
      } catch (error) {
        return bar.setNotice((error as Error).message);
      }
      record(), (armed = true), guard.off(), start();
    };
    off.onclick = () => ((sweep = null), record(), (armed = true), guard.off(), start());
    const details = document.createElement("details");
    details.className = "run-sweep";
    details.open = sweep !== null;
    const summary = Object.assign(document.createElement("summary"), { textContent: `Sweep ${spec.label}` });
    const second = Object.assign(document.createElement("span"), { className: "run-sweep-second" });
    second.append("and ", which, " from ", lo2, " to ", hi2, ", ", n2, " values, log ", log2);
    details.append(summary, "from ", lo, " to ", hi, ", ", n, " values, log ", log, " ", second, " ", go, " ", off);
    bar.querySelector(".run-controls")!.after(details);
  }
  // "Branch here": continue the precomputed run from one of its checkpoints, with the form's settings.
  const picker = branchPicker({
    runs: checkpoints,
    preset: url.preset,
    from,
    // A branch is one run: it ends a sweep.
    onBranch: (step) => (
      (from = step), (sweep = null), record(), (armed = true), guard.off(), bar.setNotice(""), start()
    ),
  });
  bar.querySelector(".run-controls")!.append(picker.element);
  if (ask)
    bar.setNotice(
      `This link asks for a long run: about ${duration(cost)} at the js engine's pace on a laptop${points > 1 ? ` (${points} sweep points)` : ""}. Press Run to start it.`,
    );
  return {
    url,
    runner,
    bar,
    backendInput,
    /** The notice for link values that were refused, or nothing. */
    notice: url.errors.length ? urlErrors({ errors: url.errors }) : null,
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
      bar.setNotice(
        (at === null
          ? "This preset's run has no checkpoints: a branch would start from the beginning."
          : `Picked step ${at.toLocaleString("en")}, the checkpoint nearest to ${step.toLocaleString("en")}: Branch here continues the precomputed run from it with the form's settings.`) +
          (note ? ` ${note}` : ""),
      );
      return at;
    },
    dispose: () => runner.dispose(),
  };
}
export type LiveLab = ReturnType<typeof liveLab>;
