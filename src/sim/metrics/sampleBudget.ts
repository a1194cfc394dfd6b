/** Per member, how many samples (and ensemble statistics) a page holds at most during a live run. */
export const LIVE_BUDGET = { budget: 1000, head: 200 };

/** What a page holds of a run at most, however many members: samples, and numbers in ensemble statistics. */
export const LIVE_TOTAL = { samples: 64_000, ensembleValues: 400_000 };

/**
 * The budgets of a live run of `members` members: 1,000 samples a member up to 64 members, fewer
 * beyond so that the page holds at most LIVE_TOTAL (256 chains: 250 each; never under 2, so a
 * sweep of 65,536 members holds 131,072); ensemble statistics,
 * each an array across members, as many as keep their numbers under LIVE_TOTAL's. The worker and
 * the page build their budgets from the same count, so they keep the same items.
 */
export function liveBudgets({ members }: { members: number }) {
  const of = (budget: number) => ({ budget, head: Math.floor(budget / 5) });
  // At least the first and the latest item of each member: a sweep's chart reads each member's latest.
  const clamp = (n: number) => Math.max(2, Math.min(LIVE_BUDGET.budget, Math.floor(n)));
  const m = Math.max(1, members);
  const samples = of(clamp(LIVE_TOTAL.samples / m));
  // A statistic holds two arrays across the members (‖V‖ and the loss of each chain); snapshots count as samples.
  return { samples, ensembles: of(clamp(LIVE_TOTAL.ensembleValues / (2 * m))), snapshots: samples };
}

/**
 * Keeps at most about `budget` of a stream's items per member, whatever the run's length: the first
 * `head` items of a member (its early, fast-changing steps) and then every S-th item, S a power of
 * two that doubles whenever the member holds more than `budget`. The latest item is always held,
 * so a live curve reaches the current step. The rule depends only on each item's arrival index
 * within its member: the worker sends only what it keeps, with each item's index, and the page, told
 * those indices, keeps the same items. Full resolution stays with the CLI and the loaders.
 */
export function createSampleBudget<T extends object>({
  budget = 1000,
  head = 200,
  store = true,
}: {
  budget?: number;
  head?: number;
  /** Hold the items (the page); without, only say which to keep (the worker). */
  store?: boolean;
} = {}) {
  if (!(budget > head && head >= 0)) throw new RangeError(`invalid budget ${budget} for head ${head}`);
  const members = new Map<number, { seen: number; stride: number; kept: { i: number; item: T }[]; count: number }>();
  const keeps = (i: number, stride: number) => i < head || (i - head) % stride === 0;
  let thinned = false;
  return {
    /**
     * Take the next item of its member (its arrival index in the full stream is `index`, when the
     * stream reaching here is already thinned); true when it is kept for good, not only as the latest.
     */
    add(item: T, index?: number): boolean {
      const key = (item as { member?: number }).member ?? 0;
      if (!members.has(key)) members.set(key, { seen: 0, stride: 1, kept: [], count: 0 });
      const m = members.get(key)!;
      const i = index ?? m.seen;
      m.seen = i + 1;
      // The previous latest item leaves unless the rule keeps it.
      const last = m.kept.at(-1);
      if (last && !keeps(last.i, m.stride)) m.kept.pop();
      const kept = keeps(i, m.stride);
      m.count = Math.min(m.seen, head) + Math.ceil(Math.max(0, m.seen - head) / m.stride);
      if (store) m.kept.push({ i, item });
      const stride = m.stride;
      while (m.count > budget) {
        m.stride *= 2;
        thinned = true;
        m.count = Math.min(m.seen, head) + Math.ceil(Math.max(0, m.seen - head) / m.stride);
      }
      // Only a doubled stride drops held items: one pass then, not one per item (a live run adds thousands a second).
      if (store && m.stride !== stride)
        m.kept = m.kept.filter((k, j) => keeps(k.i, m.stride) || j === m.kept.length - 1);
      return kept && keeps(i, m.stride);
    },
    /** Every held item, member by member, each member's in arrival order. */
    list(): T[] {
      const out: T[] = [];
      for (const m of members.values()) for (const k of m.kept) out.push(k.item);
      return out;
    },
    /** Whether any member has been thinned (a download then says so). */
    get thinned() {
      return thinned;
    },
  };
}
export type SampleBudget<T extends object> = ReturnType<typeof createSampleBudget<T>>;
