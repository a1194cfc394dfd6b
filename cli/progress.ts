/**
 * Progress on stderr, never on stdout: steps (a sweep's points) done, their rate and the time
 * left, redrawn in place on a terminal at most every 200 ms, one line per second elsewhere (with --progress).
 */
export function progressReporter({
  stream = process.stderr,
  tty = process.stderr.isTTY === true,
  unit = "step",
}: {
  stream?: NodeJS.WriteStream;
  tty?: boolean;
  unit?: "step" | "point";
} = {}) {
  const t0 = performance.now();
  let last = 0;
  const line = (step: number, steps: number) => {
    const s = (performance.now() - t0) / 1000;
    const rate = s > 0 ? step / s : 0;
    const eta = rate > 0 ? (steps - step) / rate : null;
    const shown = unit === "point" ? rate.toPrecision(3) : Math.round(rate).toLocaleString("en");
    return `${unit} ${step} / ${steps} · ${shown} ${unit}s/s · ETA ${eta === null ? "–" : `${eta.toFixed(1)} s`}`;
  };
  return {
    update({ step, steps }: { step: number; steps: number }) {
      const now = performance.now();
      if (now - last < (tty ? 200 : 1000)) return;
      last = now;
      stream.write(tty ? `\r${line(step, steps)}\x1b[K` : `${line(step, steps)}\n`);
    },
    done({ step, steps }: { step: number; steps: number }) {
      stream.write(tty ? `\r${line(step, steps)}\x1b[K\n` : `${line(step, steps)}\n`);
    },
  };
}
