import type { EngineName, RunOptions } from "../types.js";

/**
 * A run's checkpoints, checked once: the member states it resumes from (null for a run from the
 * start), and whether step t saves a checkpoint (every K-th step and each step of `at`, but not the
 * one a resumed run starts from: its file has it). The js engine only: a checkpoint is float64 state
 * that tfjs would round. One state per member.
 */
export function checkpointPlan({
  resume,
  members,
  engine,
  every = 0,
  at,
}: {
  resume: RunOptions["resume"];
  members: number;
  engine: EngineName;
  every?: number;
  at?: number[];
}): { saved: Record<string, unknown>[] | null; due(t: number): boolean } {
  if ((resume || every > 0 || at?.length) && engine !== "js")
    throw new Error("checkpoints and resuming need the js engine");
  if (resume && resume.states.length !== members)
    throw new RangeError(`resume: the checkpoint holds ${resume.states.length} members, the run has ${members}`);
  const listed = new Set(at);
  return {
    saved: resume ? resume.states : null,
    due: (t) => ((every > 0 && t % every === 0) || listed.has(t)) && t !== resume?.step,
  };
}
