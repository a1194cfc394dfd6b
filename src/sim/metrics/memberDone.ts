/**
 * Whether a member of a live ensemble is done: the run ended, the member reached its last step, or
 * it fell behind the ensemble and so stopped (a diverged member ends there, experiments/lossRecorder.ts).
 * The members of one ensemble sample on one schedule (schedule.ts: every step to 300, then 100 per
 * decade, 2.3 % apart), so a live member's latest sample trails the leader's by at most that; one
 * more than 10 % (and 10 steps) behind has stopped.
 */
export function memberDone({
  step,
  lead,
  last,
  ended,
}: {
  /** The member's latest sampled step. */
  step: number;
  /** The latest sampled step of any member of its ensemble. */
  lead: number;
  /** The ensemble's last step. */
  last: number;
  /** The run is over. */
  ended: boolean;
}): boolean {
  return ended || step >= last || (step < 0.9 * lead && lead - step > 10);
}

/** Each member's first and latest sample, from samples that arrive in step order per member. */
export function memberEnds<T extends { member: number }>(
  samples: Iterable<T>,
): { first: Map<number, T>; latest: Map<number, T> } {
  const first = new Map<number, T>(),
    latest = new Map<number, T>();
  for (const s of samples) {
    latest.set(s.member, s);
    if (!first.has(s.member)) first.set(s.member, s);
  }
  return { first, latest };
}
