/**
 * Automatic stage boundaries of a loss curve, the one rule set of docs/phenomena/multistage.md used by charts and
 * tests alike. `loss[t]` is the loss after t steps, every step (stages are defined on a 50-step
 * window, so a log-spaced sample would blur them).
 *  - a plateau ends at the first t with R(t) < `drop`·level (level = R(0) and drop = 0.99 for the
 *    initial plateau; the level at the descent's end and drop = 0.9 for later ones);
 *  - a descent ends at the first later t where R falls by less than `flat` (0.5 %) over `window` steps.
 */
export interface Stage {
  kind: "plateau" | "descent";
  label: string;
  start: number;
  end: number;
  /** The plateau's loss level (R(0) for the initial plateau). */
  level?: number;
}
export interface Stages {
  plateauEnd: number | null;
  descentEnd: number | null;
  secondaryLevel: number | null;
  secondaryEnd: number | null;
  stages: Stage[];
}

const plateauLabel = (i: number) => (i === 1 ? "initial plateau" : i === 2 ? "secondary plateau" : `plateau ${i}`);

export function detectStages({
  loss,
  window = 50,
  flat = 0.005,
  firstDrop = 0.99,
  laterDrop = 0.9,
  maxStages = 12,
}: {
  loss: ArrayLike<number>;
  window?: number;
  flat?: number;
  firstDrop?: number;
  laterDrop?: number;
  maxStages?: number;
}): Stages {
  const last = loss.length - 1;
  const firstWhere = (from: number, test: (t: number) => boolean) => {
    for (let t = from; t <= last; t++) if (test(t)) return t;
    return null;
  };
  const out: Stages = { plateauEnd: null, descentEnd: null, secondaryLevel: null, secondaryEnd: null, stages: [] };
  let start = 0; // where the current plateau began
  let level = loss[0]; // its level, as reported
  let from = 0; // where to look for its end
  let ref = level; // the level its end is measured against
  for (let i = 1; out.stages.length < maxStages; ) {
    const r = ref;
    const plateauEnd =
      i === 1 ? firstWhere(from, (t) => loss[t] <= firstDrop * r) : firstWhere(from, (t) => loss[t] < laterDrop * r);
    if (plateauEnd === null) {
      out.stages.push({ kind: "plateau", label: plateauLabel(i), start, end: last, level });
      break;
    }
    const descentEnd = firstWhere(plateauEnd, (t) => t + window <= last && loss[t] - loss[t + window] < flat * loss[t]);
    // From the third plateau on, a "descent" already flat within one window is the plateau drifting
    // down, not a new stage: keep the plateau open, measured from where it drifted to.
    if (i >= 3 && descentEnd !== null && descentEnd - plateauEnd < window) {
      from = descentEnd;
      ref = loss[descentEnd];
      continue;
    }
    out.stages.push({ kind: "plateau", label: plateauLabel(i), start, end: plateauEnd, level });
    out.stages.push({
      kind: "descent",
      label: i === 1 ? "initial descent" : `descent ${i}`,
      start: plateauEnd,
      end: descentEnd ?? last,
    });
    if (i === 1) Object.assign(out, { plateauEnd, descentEnd });
    if (i === 2) out.secondaryEnd = plateauEnd;
    if (descentEnd === null) break;
    start = from = descentEnd;
    level = ref = loss[descentEnd];
    if (i === 1) out.secondaryLevel = level;
    i++;
  }
  return out;
}
