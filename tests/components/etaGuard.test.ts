import { describe, expect, it, vi } from "vitest";
import { etaGuard } from "../../src/components/lab/etaGuard.js";
import type { LiveRunner, LiveState } from "../../src/components/lab/liveRunner.js";

/** A runner stand-in: the test sends states; `stop` is recorded. */
function fakeRunner() {
  let listener: ((s: LiveState) => void) | null = null;
  const stop = vi.fn();
  const runner = {
    subscribe(f: (s: LiveState) => void) {
      listener = f;
      return () => {};
    },
    stop,
  } as unknown as LiveRunner;
  const send = (s: Partial<LiveState>) =>
    listener!({ status: "running", step: 0, etaSeconds: null, ...s } as LiveState);
  return { runner, stop, send };
}

describe("the ETA guard of a link's own run", () => {
  it("stops a run whose pace after its warm-up projects past the limit, and says so", () => {
    vi.useFakeTimers();
    const { runner, stop, send } = fakeRunner();
    const guard = etaGuard({ active: true, limit: 60, measureMs: 2000 });
    const said: string[] = [];
    guard.watch({ runner, onStop: (t) => said.push(t) });
    send({ step: 0, steps: 100_000 });
    vi.advanceTimersByTime(1000);
    send({ step: 5, steps: 100_000 }); // warming up: its pace says nothing yet
    vi.advanceTimersByTime(1000);
    send({ step: 10, steps: 100_000 }); // the pace is measured from here
    vi.advanceTimersByTime(1000);
    send({ step: 110, steps: 100_000 });
    expect(stop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    send({ step: 210, steps: 100_000 }); // 100 steps/s: 4 s + 99,790 steps ≈ 1,002 s
    expect(stop).toHaveBeenCalledTimes(1);
    expect(said).toEqual([
      "This link's run would take about 17 min at its pace over steps 10–210, so it stopped there. Press Run to run it whole.",
    ]);
    send({ step: 300, steps: 100_000 });
    expect(stop).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it("lets a run that was slow only while warming up go on, and never guards the reader's own runs", () => {
    vi.useFakeTimers();
    const warm = fakeRunner();
    etaGuard({ active: true, limit: 60 }).watch({ runner: warm.runner, onStop: () => {} });
    warm.send({ step: 0, steps: 10_000 });
    vi.advanceTimersByTime(2000);
    warm.send({ step: 10, steps: 10_000 }); // 5 steps/s so far: 2,000 s at that pace
    vi.advanceTimersByTime(2000);
    warm.send({ step: 2010, steps: 10_000 }); // then 1,000 steps/s: 4 s + 8 s
    expect(warm.stop).not.toHaveBeenCalled();
    const reader = fakeRunner();
    const guard = etaGuard({ active: true, limit: 60 });
    guard.watch({ runner: reader.runner, onStop: () => {} });
    guard.off();
    reader.send({ step: 0, steps: 1e6 });
    vi.advanceTimersByTime(5000);
    reader.send({ step: 1, steps: 1e6 });
    vi.advanceTimersByTime(5000);
    reader.send({ step: 2, steps: 1e6 });
    expect(reader.stop).not.toHaveBeenCalled();
    vi.useRealTimers();
  });
});
