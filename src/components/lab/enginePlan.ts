import { autoCacheKey } from "../../app/engineChoice.js";
import type { Params } from "../../sim/params.js";
import type { BackendChoice, BackendName } from "../../workers/backendChoices.js";
import { gpuCandidates } from "../../workers/gpuProbe.js";

/** How a run gets its engine: which worker (with tfjs or not), and what `auto` measures or reuses. */
export interface EnginePlan {
  /** Whether the run needs the worker with TensorFlow.js. */
  tfjs: boolean;
  /** The backend the worker starts on (its chain falls down from a tfjs one that fails). */
  backend: BackendChoice;
  /** For `auto` with a hardware GPU and no verdict yet: the engines to measure, js first. */
  calibrate: ("js" | BackendName)[] | null;
  /** What the page says about the choice. */
  note: string | null;
  /** Why GPU backends were passed over. */
  skipped: string[];
  /** The verdict came from an earlier measurement (localStorage): the page offers to measure again. */
  cached: boolean;
  /** Where the verdict is kept. */
  key: string | null;
}

let probe: ReturnType<typeof gpuCandidates> | null = null;

/**
 * The page's localStorage, or null where the reader's browser blocks site data: reading the
 * property itself then throws (a SecurityError), and no run may depend on it.
 */
export function siteStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The engine plan for a run. A named backend is taken as asked (js in the worker without tfjs).
 * `auto` measures, on this workload, js and each hardware GPU backend, and keeps the fastest; with
 * no hardware GPU (software adapters are skipped) js is the only candidate and no tfjs loads at all.
 * A verdict is kept per experiment and size class, and reused until the reader asks to measure again.
 */
export async function planEngine({
  experiment,
  params,
  backend,
  storage = siteStorage(),
  gpus,
}: {
  experiment: string;
  params: Params;
  backend: BackendChoice;
  storage?: Pick<Storage, "getItem"> | null;
  /** The hardware GPU backends here (default: probed once per page, gpuProbe.ts). */
  gpus?: () => ReturnType<typeof gpuCandidates>;
}): Promise<EnginePlan> {
  const plan = { calibrate: null, note: null, skipped: [], cached: false, key: null };
  if (backend === "js") return { ...plan, tfjs: false, backend: "js" };
  if (backend !== "auto") return { ...plan, tfjs: true, backend };
  // Probed once per page: a second run asks the probe it already made.
  if (!gpus) probe ??= gpuCandidates();
  const { candidates, skipped } = await (gpus ? gpus() : probe!);
  if (!candidates.length)
    return {
      ...plan,
      tfjs: false,
      backend: "js",
      skipped,
      note: "auto: js, the only candidate here (no hardware GPU)",
    };
  const key = autoCacheKey({ experiment, params });
  let verdict: string | null = null;
  try {
    verdict = storage?.getItem(key) ?? null;
  } catch {} // storage blocked mid-session: measure as if never measured
  if (verdict === "js" || (candidates as string[]).includes(verdict ?? ""))
    return {
      ...plan,
      tfjs: verdict !== "js",
      backend: verdict as BackendChoice,
      skipped,
      key,
      cached: true,
      note: `auto: ${verdict}, measured earlier for runs of this size`,
    };
  return { ...plan, tfjs: true, backend: "js", skipped, key, calibrate: ["js", ...candidates] };
}
