import type { Sink } from "../types.js";
import type { LossRecorder } from "./lossRecorder.js";

/**
 * The one training loop of every experiment (docs/architecture.md). `step(t)` does the
 * experiment's work at step t — sample the weights of step t, record its loss, and for t < steps
 * take one update — and says whether t was a sampled step. The loop reads pending tensor losses
 * back every 100 steps, reports progress at samples and every 50 steps, ends early once every
 * member has diverged or `signal` is aborted, and disposes the model however the run ends. It
 * returns the last step it took (−1 if none).
 */
export async function trainLoop({
  steps,
  losses,
  model,
  sink,
  step,
  signal,
  start = 0,
}: {
  steps: number;
  losses: LossRecorder;
  model: { dispose(): void };
  sink: Sink;
  step: (t: number) => Promise<boolean>;
  signal?: AbortSignal;
  /** The first step (a resumed run's checkpoint step). */
  start?: number;
}): Promise<{ lastStep: number }> {
  let lastStep = -1;
  let yielded = performance.now();
  try {
    for (let t = start; t <= steps; t++) {
      // An abort arrives only while the event loop runs: when asked to listen, let it run every 100 ms.
      if (signal && performance.now() - yielded > 100) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        yielded = performance.now();
      }
      if (signal?.aborted) break;
      const sampled = await step(t);
      lastStep = t;
      if (losses.pending >= 100) await losses.flush();
      if (sampled || t % 50 === 0) sink.progress?.({ step: t, steps });
      // Divergence is known only once a step's losses are read back.
      if (losses.pending === 0 && losses.allDiverged()) break;
    }
    await losses.flush();
  } finally {
    model.dispose();
  }
  return { lastStep };
}
