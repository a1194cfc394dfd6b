import type { EngineName, RunOptions } from "../types.js";

/**
 * The member states a run resumes from, checked: the js engine only (a checkpoint is float64 state
 * that tfjs would round), one state per member. Null for a run from the start.
 */
export function checkpointsOf({
  resume,
  members,
  engine,
  checkpointEvery,
  checkpointAt,
}: {
  resume: RunOptions["resume"];
  members: number;
  engine: EngineName;
  checkpointEvery: number;
  checkpointAt?: number[];
}): Record<string, unknown>[] | null {
  if ((resume || checkpointEvery > 0 || checkpointAt?.length) && engine !== "js")
    throw new Error("checkpoints and resuming need the js engine");
  if (!resume) return null;
  if (resume.states.length !== members)
    throw new RangeError(`resume: the checkpoint holds ${resume.states.length} members, the run has ${members}`);
  return resume.states;
}

/**
 * Whether step t saves a checkpoint: every K-th step and each step of `at`, but not the one a
 * resumed run starts from (its file has it).
 */
export function checkpointDue({
  t,
  every,
  at,
  resume,
}: {
  t: number;
  every: number;
  at?: number[];
  resume: RunOptions["resume"];
}): boolean {
  return ((every > 0 && t % every === 0) || (at?.includes(t) ?? false)) && t !== resume?.step;
}
