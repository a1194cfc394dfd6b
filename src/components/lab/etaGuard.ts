import type { LiveRunner, LiveState } from "./liveRunner.js";

/** Seconds as a reader says them: "45 s", "12 min", "3 h", "2 days". */
export const duration = (s: number) =>
  s < 120
    ? `${Math.round(s)} s`
    : s < 7200
      ? `${Math.round(s / 60)} min`
      : s < 172800
        ? `${Math.round(s / 3600)} h`
        : `${Math.round(s / 86400)} days`;

/**
 * Watches the run a link started by itself: it lets the run warm up for `measureMs` (a GPU backend
 * compiles its kernels first), measures its pace over the next `measureMs`, and when that pace says
 * the whole run would take more than `limit` seconds, stops the run (what was drawn stays) and says
 * so. `off` when the reader asks for a run themselves (Run, a change): theirs runs as long as it takes.
 */
export function etaGuard({ active, limit, measureMs = 2000 }: { active: boolean; limit: number; measureMs?: number }) {
  let on = active;
  let started: number | null = null;
  let mark: { at: number; step: number } | null = null;
  return {
    off() {
      on = false;
    },
    watch({ runner, onStop }: { runner: LiveRunner; onStop: (text: string) => void }) {
      runner.subscribe((s: LiveState) => {
        if (!on) return;
        if (s.status === "done" || s.status === "stopped" || s.status === "error") {
          on = false;
          return;
        }
        if (s.status !== "running") return;
        const now = performance.now();
        started ??= now;
        if (now - started < measureMs) return;
        if (!mark) {
          mark = { at: now, step: s.step };
          return;
        }
        if (now - mark.at < measureMs || s.step <= mark.step) return;
        const rate = (s.step - mark.step) / ((now - mark.at) / 1000);
        const total = (now - started) / 1000 + (s.steps - s.step) / rate;
        if (total <= limit) return;
        on = false;
        runner.stop();
        onStop(
          `This link's run would take about ${duration(total)} at its pace over steps ${mark.step.toLocaleString("en")}–${s.step.toLocaleString("en")}, so it stopped there. Press Run to run it whole.`,
        );
      });
    },
  };
}
