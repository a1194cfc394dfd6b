/**
 * A worker that dies silently (closed, killed for memory) sends nothing more and fires no event. The
 * watchdog calls the run dead after a silence of `stallMs`, or of 10× the longest gap between
 * batches so far when that is longer: a slow backend (a software GPU computing a sharpness) is slow
 * steadily, and a dead worker stops at once. `start()` begins the first gap; `beat()` (each batch)
 * arms it.
 */
export function createWatchdog({ stallMs, onDead }: { stallMs: number; onDead: (message: string) => void }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastBeat = 0;
  let longestGap = 0;
  return {
    start() {
      lastBeat = performance.now();
    },
    beat() {
      const now = performance.now();
      if (lastBeat) longestGap = Math.max(longestGap, now - lastBeat);
      lastBeat = now;
      const limit = Math.max(stallMs, 10 * longestGap);
      clearTimeout(timer);
      timer = setTimeout(
        () => onDead(`the worker stopped responding (no progress for ${Math.round(limit / 1000)} s)`),
        limit,
      );
    },
    stop: () => clearTimeout(timer),
  };
}
