import type { Params } from "../../sim/params.js";

/** One preset's precomputed run to branch from: its params, its checkpoint steps, the file holding the states. */
export interface BranchRun {
  params: Params;
  steps: number[];
  /** Framework's FileAttachment of data/<page>-checkpoints-<preset>.json: fetched on the first branch only. */
  file: { json(): Promise<{ checkpoints: { step: number; states: Record<string, unknown>[] }[] }> };
}

/** A checkpoint ready to resume: all members' states at one step, with the params of the run they come from. */
export interface BranchPoint {
  step: number;
  params: Params;
  states: Record<string, unknown>[];
}

/**
 * The run bar's "Branch from [step] · Branch here": the current preset's checkpoint steps, a way to
 * pick one from elsewhere (a click on the hero chart, the time scrubber), and the checkpoints
 * themselves, fetched once per preset when a reader first branches: the page loads only step lists.
 */
export function branchPicker({
  runs,
  preset,
  from,
  onBranch,
}: {
  runs: Record<string, BranchRun | null | undefined>;
  preset: string;
  /** The step selected at first (the link's `from`), or null for the start. */
  from: number | null;
  /** "Branch here" was pressed: the selected step, or null for a run from the start. */
  onBranch: (step: number | null) => void;
}) {
  const element = document.createElement("form");
  element.className = "run-branch";
  element.addEventListener("submit", (e) => e.preventDefault());
  const id = `branch-${Math.random().toString(36).slice(2)}`;
  const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: "Branch from" });
  const select = Object.assign(document.createElement("select"), { id });
  const button = Object.assign(document.createElement("button"), { type: "button", textContent: "Branch here" });
  button.onclick = () => onBranch(select.value === "" ? null : Number(select.value));
  element.append(label, select, " ", button);
  const files = new Map<string, ReturnType<BranchRun["file"]["json"]>>();
  let current = preset;
  const stepsOf = (name: string) => runs[name]?.steps ?? [];
  const fill = (step: number | null) => {
    const steps = stepsOf(current);
    select.replaceChildren(
      new Option("the start", ""),
      ...steps.map((s) => new Option(`step ${s.toLocaleString("en")}`, String(s))),
    );
    select.value = step !== null && steps.includes(step) ? String(step) : "";
    element.hidden = steps.length === 0;
  };
  fill(from);
  return {
    element,
    /** The checkpoint steps of a preset (none: the page cannot branch there). */
    steps: stepsOf,
    /** Show another preset's steps; keep the selected step where that preset has it too. */
    setPreset(name: string) {
      if (name === current) return;
      const step = select.value === "" ? null : Number(select.value);
      current = name;
      fill(step);
    },
    /**
     * Select the checkpoint nearest to `step` (a click on a chart, the scrubber), by `distance`:
     * on a chart, the distance on screen, so a log axis picks what the eye sees as nearest.
     * The start when the preset has none.
     */
    pick(step: number, distance: (s: number) => number = (s) => Math.abs(s - step)) {
      const steps = stepsOf(current);
      const at = steps.length ? steps.reduce((a, b) => (distance(b) < distance(a) ? b : a)) : null;
      select.value = at === null ? "" : String(at);
      return at;
    },
    /** The selected step, or null for the start. */
    get value(): number | null {
      return select.value === "" ? null : Number(select.value);
    },
    /** The checkpoint at `step` of a preset's run: its file fetched once, its states checked to be there. */
    async checkpoint({ preset: name, step }: { preset: string; step: number }): Promise<BranchPoint> {
      const run = runs[name];
      if (!run) throw new Error(`the ${name} preset has no checkpoints to branch from`);
      if (!files.has(name)) files.set(name, run.file.json());
      let data: Awaited<ReturnType<BranchRun["file"]["json"]>>;
      try {
        data = await files.get(name)!;
      } catch (error) {
        files.delete(name); // a failed fetch is tried again at the next branch
        throw new Error(`could not load the checkpoints (${(error as Error).message})`);
      }
      const found = data.checkpoints.find((c) => c.step === step);
      if (!found) throw new Error(`the checkpoint file has no step ${step}`);
      return { step, params: run.params, states: found.states };
    },
  };
}
export type BranchPicker = ReturnType<typeof branchPicker>;
