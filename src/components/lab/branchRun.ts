import type { Params, Schema } from "../../sim/params.js";
import { branchConflicts } from "../../sim/experiments/branchConflicts.js";
import type { BranchPoint } from "./branchPicker.js";
import type { LiveRunner } from "./liveRunner.js";

const en = (n: number) => n.toLocaleString("en");

/**
 * The run a branch from checkpoint `ck` makes: the form's params from its step on, with the
 * checkpoint's members. Steps that end before the branch point (the form's live default is short,
 * the precomputed run long) run to the precomputed run's end, or that many steps past its last
 * checkpoint: a rule, not a prompt, so a link reproduces the same branch (`note` says so). A
 * parameter that shaped the saved state may not change: then `refused` names it.
 */
export function branchRun({
  schema,
  memberKey,
  form,
  ck,
}: {
  schema: Schema;
  /** The parameter that counts the members (seeds, chains). */
  memberKey: string;
  form: Params;
  ck: BranchPoint;
}): { params: Params; note: string } | { refused: string } {
  let params: Params = { ...form, [memberKey]: ck.states.length };
  let note = "";
  const formSteps = Number(form.steps);
  const runSteps = Number(ck.params.steps);
  if (formSteps <= ck.step) {
    const steps = ck.step < runSteps ? runSteps : ck.step + formSteps;
    const until = ck.step < runSteps ? "where the precomputed run ends" : `${en(formSteps)} steps past it`;
    note = `Steps (${en(formSteps)}) ends before step ${en(ck.step)}: this branch runs to step ${en(steps)}, ${until}.`;
    params = { ...params, steps };
  }
  const conflicts = branchConflicts({ schema, from: ck.params, to: params });
  return conflicts.length ? { refused: `Not branched: ${conflicts.join("; ")}.` } : { params, note };
}

/**
 * Fetches the checkpoint at `step` of `preset`'s run and starts the branch from it on the js engine.
 * Refused, or its file failed to load: a notice, and what is on screen stays. `stale()` says a later
 * start superseded this one while the file was loading: then nothing starts.
 */
export async function startBranch({
  picker,
  runner,
  notice,
  experiment,
  schema,
  memberKey,
  params,
  preset,
  step,
  stale,
}: {
  picker: { checkpoint(o: { preset: string; step: number }): Promise<BranchPoint> };
  runner: Pick<LiveRunner, "start">;
  notice: (text: string) => void;
  experiment: string;
  schema: Schema;
  memberKey: string;
  params: Params;
  preset: string;
  step: number;
  stale: () => boolean;
}): Promise<void> {
  let ck: BranchPoint;
  try {
    ck = await picker.checkpoint({ preset, step });
  } catch (error) {
    if (!stale()) notice(`Not branched: ${(error as Error).message}.`);
    return;
  }
  if (stale()) return;
  const run = branchRun({ schema, memberKey, form: params, ck });
  if ("refused" in run) return notice(run.refused);
  runner.start({ experiment, params: run.params, backend: "js", resume: { step: ck.step, states: ck.states } });
  if (run.note) notice(run.note);
}

/** What the run bar says of a step picked on a chart: the checkpoint nearest to it, where a branch would start. */
export function pickNotice({ at, step, note }: { at: number | null; step: number; note: string }): string {
  const said =
    at === null
      ? "This preset's run has no checkpoints: a branch would start from the beginning."
      : `Picked step ${en(at)}, the checkpoint nearest to ${en(step)}: Branch here continues the precomputed run from it with the form's settings.`;
  return note ? `${said} ${note}` : said;
}
