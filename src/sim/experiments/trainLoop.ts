import type { Sink } from "../types.js";
import type { LossRecorder } from "./lossRecorder.js";

/**
 * The one training loop of every experiment (docs/architecture.md). `step(t)` does the
 * experiment's work at step t — sample the weights of step t, record its loss, and for t < steps
 * take one update — and says whether t was a sampled step. The loop reads pending tensor losses
 * back every 100 steps, reports progress at samples and every 50 steps, ends early once every
 * member has diverged, and disposes the model however the run ends.
 */
export async function trainLoop({
  steps,
  losses,
  model,
  sink,
  step,
}: {
  steps: number;
  losses: LossRecorder;
  model: { dispose(): void };
  sink: Sink;
  step: (t: number) => Promise<boolean>;
}): Promise<void> {
  try {
    for (let t = 0; t <= steps; t++) {
      const sampled = await step(t);
      if (losses.pending >= 100) await losses.flush();
      if (sampled || t % 50 === 0) sink.progress?.({ step: t, steps });
      // Divergence is known only once a step's losses are read back.
      if (losses.pending === 0 && losses.allDiverged()) break;
    }
    await losses.flush();
  } finally {
    model.dispose();
  }
}
