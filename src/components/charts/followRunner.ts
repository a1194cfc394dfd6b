/** The part of the live runner (liveRunner.ts) a chart follows. */
export interface Subscribable<S> {
  subscribe(f: (s: S) => void): () => void;
}

/**
 * An element that redraws itself from the live runner's state while it is on the page: `render`
 * runs when any of `inputs(state)` is replaced (not at every announcement), and the element stops
 * following once a re-run of its cell (a new width…) has taken it off the page. A page cell that
 * read the live state instead would rebuild and re-insert its charts at every batch: 30–50 ms of
 * style and layout per chart on the main thread.
 *
 * With `defer`, every render after the first runs in a task of its own (the latest state only), so
 * that several charts following one runner never add up to one long task.
 */
export function followRunner<S>({
  runner,
  inputs,
  render,
  defer = false,
}: {
  runner: Subscribable<S>;
  inputs: (s: S) => unknown[];
  render: (opts: { state: S; holder: HTMLElement }) => void;
  defer?: boolean;
}): HTMLElement {
  const holder = document.createElement("div");
  holder.className = "chart-holder";
  let last: unknown[] = [],
    connected = false,
    done = false,
    first = true;
  let off: (() => void) | undefined, pending: S | undefined, timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    if (off) off();
    else done = true;
  };
  // Still on the page, or not there yet (a cell's output is attached after it returns).
  const wanted = () => {
    if (holder.isConnected) connected = true;
    return holder.isConnected || !connected;
  };
  off = runner.subscribe((state) => {
    if (!wanted()) return void stop();
    const now = inputs(state);
    if (now.length === last.length && now.every((v, i) => v === last[i])) return;
    last = now;
    if (!defer || first) {
      first = false;
      render({ state, holder });
      return;
    }
    pending = state;
    timer ??= setTimeout(() => {
      timer = undefined;
      if (wanted()) render({ state: pending!, holder });
      else stop();
    });
  });
  if (done) off();
  return holder;
}
