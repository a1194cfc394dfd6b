/**
 * Automatic stage boundaries of a loss curve, the one rule set of multistage.md used by charts and
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

export function detectStages({ loss, window = 50, flat = 0.005, firstDrop = 0.99, laterDrop = 0.9, maxStages = 12 }: {
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
  let start = 0;
  let level = loss[0];
  // Alternate plateau → descent; a boundary that never comes closes the stage at the last step.
  for (let i = 1; out.stages.length < maxStages; i++) {
    const lvl = level;
    const plateauEnd = i === 1 ? firstWhere(0, (t) => loss[t] <= firstDrop * lvl) : firstWhere(start, (t) => loss[t] < laterDrop * lvl);
    out.stages.push({ kind: "plateau", label: plateauLabel(i), start, end: plateauEnd ?? last, level });
    if (i === 1) out.plateauEnd = plateauEnd;
    if (i === 2) out.secondaryEnd = plateauEnd;
    if (plateauEnd === null) break;
    const descentEnd = firstWhere(plateauEnd, (t) => t + window <= last && loss[t] - loss[t + window] < flat * loss[t]);
    out.stages.push({ kind: "descent", label: i === 1 ? "initial descent" : `descent ${i}`, start: plateauEnd, end: descentEnd ?? last });
    if (i === 1) out.descentEnd = descentEnd;
    if (descentEnd === null) break;
    start = descentEnd;
    level = loss[descentEnd];
    if (i === 1) out.secondaryLevel = level;
  }
  return out;
}
