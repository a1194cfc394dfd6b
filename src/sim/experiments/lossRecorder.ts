import type * as TF from "@tensorflow/tfjs-core";
import type { LossValues, Sample, Tf } from "../types.js";

const isTensor = (x: LossValues): x is TF.Tensor => typeof (x as TF.Tensor).dataSync === "function";

/**
 * Keeps every step's per-member loss without a GPU read-back per step: tensor losses wait on the
 * device and are read in one stacked transfer at `flush`. A member diverges at the first step whose
 * loss is non-finite or above `blowup`× its initial loss (NaN never throws in tfjs; docs/architecture.md).
 * `tf` is needed only when tensors are pushed.
 */
export function createLossRecorder({
  tf,
  members,
  steps,
  blowup = 1e6,
}: {
  tf?: Tf;
  members: number;
  steps: number;
  blowup?: number;
}) {
  const history = Array.from({ length: members }, () => new Float64Array(steps + 1).fill(NaN));
  const divergedAt: (number | null)[] = Array(members).fill(null);
  let pending: { step: number; loss: TF.Tensor }[] = [];

  const record = (step: number, values: ArrayLike<number>, offset: number) => {
    for (let j = 0; j < members; j++) {
      if (divergedAt[j] !== null) continue;
      const v = values[offset + j];
      history[j][step] = v;
      if (!Number.isFinite(v) || v > blowup * history[j][0]) divergedAt[j] = step;
    }
  };

  async function flush() {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const stacked = tf!.stack(batch.map((p) => p.loss));
    const values = (await stacked.data()) as Float32Array;
    stacked.dispose();
    batch.forEach((p, i) => {
      p.loss.dispose();
      record(p.step, values, i * members);
    });
  }

  /**
   * A resumed run's losses before `from`, from the source run's samples: each sampled loss at its
   * step and linear between them, on to this run's loss at `from` (stages read every step; the
   * samples are every step early, then log-spaced: docs/phenomena/multistage.md).
   */
  function seed({ samples, from }: { samples?: Sample[][]; from: number }) {
    samples?.forEach((list, j) => {
      const h = history[j];
      if (!h) return;
      const points = list.filter((s) => typeof s.loss === "number" && s.step < from && s.step >= 0);
      points.push({ member: j, step: from, loss: h[from] });
      for (let i = 0; i < points.length; i++) {
        const { step, loss } = points[i] as { step: number; loss: number };
        if (i === points.length - 1 || !Number.isFinite(loss)) continue;
        const next = points[i + 1] as { step: number; loss: number };
        for (let t = step; t < next.step; t++) h[t] = loss + ((next.loss - loss) * (t - step)) / (next.step - step);
      }
    });
  }

  return {
    history,
    divergedAt,
    seed,
    /** Takes ownership of a tensor `loss` (shape [members]), read at the next flush; plain numbers are recorded at once. */
    push(step: number, loss: LossValues) {
      if (isTensor(loss)) pending.push({ step, loss });
      else record(step, loss, 0);
    },
    get pending() {
      return pending.length;
    },
    flush,
    alive: (j: number) => divergedAt[j] === null,
    allDiverged: () => divergedAt.every((d) => d !== null),
    /** What a member's summary says of its divergence. */
    outcome: (j: number) => ({ diverged: divergedAt[j] !== null, divergedAt: divergedAt[j] }),
    /** The member's loss history up to (excluding) its divergence. */
    finite: (j: number) => history[j].subarray(0, divergedAt[j] ?? steps + 1),
  };
}

export type LossRecorder = ReturnType<typeof createLossRecorder>;
