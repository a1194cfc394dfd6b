import type { WasmUrls } from "../../workers/trainCore.js";
import type { DataSetName } from "../../sim/data/labelledSet.js";
import type { BackendChoice } from "../../workers/backendChoices.js";
import type { Params } from "../../sim/params.js";
import type { SweepRow } from "../../sim/sweep/members.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import { autoCacheKey } from "../../app/engineChoice.js";
import { planEngine, siteStorage } from "./enginePlan.js";
import type { RunOptions } from "../../sim/types.js";
import { createLiveStore, pinOf, type Pin } from "./liveState.js";
import { createWatchdog } from "./watchdog.js";
import { runInWorker, startingPatch, type LaunchRequest } from "./liveLaunch.js";

export { MAX_PINS, type LiveState, type Pin } from "./liveState.js";

/** Checkpoints a live run continues from (all members at one step). */
type Resume = NonNullable<RunOptions["resume"]>;

/**
 * Owns at most one training worker. Starting a run (debounced) terminates the previous worker:
 * cancellation is termination, so nothing of an old run can leak into a new one. Results already
 * on screen stay until the new run's first samples arrive, and stay after a stop or an error.
 */
export function createLiveRunner({
  createWorker,
  wasmUrls,
  dataSets = {},
  debounceMs = 150,
  renderMs = 300,
  stallMs = 15_000,
}: {
  /** A training worker: with TensorFlow.js, or the js engine alone (no tfjs downloaded). */
  createWorker: (options: { tfjs: boolean }) => Worker;
  wasmUrls: WasmUrls;
  /** The data sets the page attached (the digits' bytes), handed to each worker. */
  dataSets?: Partial<Record<DataSetName, Uint8Array>>;
  debounceMs?: number;
  renderMs?: number;
  stallMs?: number;
}) {
  const store = createLiveStore({ renderMs });
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const kill = () => {
    worker?.terminate();
    worker = null;
  };
  let launches = 0;

  async function launch(req: LaunchRequest) {
    kill();
    store.flush(); // the old run's last progress, before the new run's state
    const token = ++launches;
    const plan = await planEngine(req);
    if (token !== launches) return; // a newer start came while the plan was made
    const runId = store.state.runId + 1;
    const w = createWorker({ tfjs: plan.tfjs });
    worker = w;
    const current = () => worker === w;
    const fail = (message: string) => {
      if (!current()) return;
      watchdog.stop();
      kill();
      store.flush();
      store.emit({ status: "error", error: message });
    };
    const watchdog = createWatchdog({ stallMs, onDead: fail });
    w.addEventListener("error", (e) => {
      e.preventDefault();
      fail(`the worker crashed: ${e.message || "unknown error"}`);
    });
    store.emit(startingPatch({ runId, req }));
    try {
      await runInWorker({ w, req, plan, store, watchdog, wasmUrls, dataSets, current, end: kill });
    } catch (error) {
      fail(String((error as Error)?.message ?? error));
    } finally {
      if (!current()) watchdog.stop();
    }
  }

  return {
    /** Start a run (debounced); with `resume`, from those checkpoints (a branch, on the js engine). */
    start({
      experiment,
      params,
      backend = "auto",
      resume,
      members,
      rows,
      sweep,
    }: {
      experiment: string;
      params: Params;
      backend?: BackendChoice;
      resume?: Resume;
      /** The ensemble's members (a live sweep); default: the params' seeds or chains. */
      members?: Params[];
      /** A sweep's ensembles, run one after another (sim/sweep/members.ts), in place of `members`. */
      rows?: SweepRow[];
      /** The axes `rows` were planned from, for the charts. */
      sweep?: GridAxis[];
    }) {
      clearTimeout(timer);
      const req = { experiment, params, backend: resume ? "js" : backend, resume, members, rows, sweep: sweep ?? null };
      timer = setTimeout(() => launch(req), debounceMs);
    },
    /** Forget auto's verdict for runs of this size, and measure again with the same settings. */
    remeasure({ experiment, params }: { experiment: string; params: Params }) {
      try {
        siteStorage()?.removeItem(autoCacheKey({ experiment, params }));
      } catch {}
      this.start({ experiment, params, backend: "auto" });
    },
    stop() {
      clearTimeout(timer);
      launches++; // a run whose engine is still being planned does not start
      if (!worker) return;
      kill();
      store.flush();
      store.emit({ status: "stopped" });
    },
    subscribe: store.subscribe,
    subscribeList: store.subscribeList,
    subscribeValue: store.subscribeValue,
    /**
     * Keep the current run's samples as a pin labelled `label`. Refuses (returns null) without
     * samples or when all pin styles are taken: remove a pin first.
     */
    pin({ label }: { label: string }): Pin | null {
      store.flush();
      const pin = pinOf(store.state, label);
      if (pin) store.emit({ pins: [...store.state.pins, pin] });
      return pin;
    },
    unpin(id: number) {
      store.emit({ pins: store.state.pins.filter((p) => p.id !== id) });
    },
    dispose() {
      clearTimeout(timer);
      store.dispose();
      kill();
    },
    get state() {
      return store.state;
    },
    /** How many workers this runner holds (0 or 1), for tests. */
    get workers() {
      return worker ? 1 : 0;
    },
  };
}
export type LiveRunner = ReturnType<typeof createLiveRunner>;
