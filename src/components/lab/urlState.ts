import { BACKEND_CHOICES } from "../../workers/backendChoices.js";
import { quote, validateParams, type Params, type Schema } from "../../sim/params.js";
import { queryToValues, paramsToQuery } from "../../app/query.js";

export const PAGE_KEYS = ["backend", "preset", "t", "from", "sweep", "sweep2"] as const;
const BACKENDS: readonly string[] = BACKEND_CHOICES;

/**
 * The page's state from its URL: validated params over `base` (a preset), page keys (backend,
 * preset, snapshot time `t`), every problem as one message, and whether the link asks for a run
 * (it names at least one parameter, and all are valid).
 */
export function readUrlState({
  schema,
  search,
  base,
  presets,
}: {
  schema: Schema;
  search: string;
  base: (preset: string) => Params;
  presets: readonly string[];
}) {
  const { values, extra, errors } = queryToValues({ schema, query: search, extraKeys: PAGE_KEYS });
  let preset = extra.preset ?? presets[0];
  if (!presets.includes(preset)) {
    errors.push(`preset must be one of ${presets.join(", ")} (got ${quote(preset)})`);
    preset = presets[0];
  }
  let backend = extra.backend ?? "auto";
  if (!BACKENDS.includes(backend)) {
    errors.push(`backend must be one of ${BACKENDS.join(", ")} (got ${quote(backend)})`);
    backend = "auto";
  }
  // Each value alone, so a bad one keeps the preset's value: nothing runs with a bad value.
  const good: Params = {};
  for (const [name, raw] of Object.entries(values)) {
    const checked = validateParams({ schema, values: { [name]: raw } });
    if (checked.errors.length) errors.push(...checked.errors);
    else good[name] = checked.params[name];
  }
  // The snapshot time: a step number; the page then shows the snapshot nearest to it.
  let t: number | null = extra.t === undefined ? null : Number(extra.t);
  if (t !== null && !(/^\d+$/.test(extra.t!) && Number.isSafeInteger(t))) {
    errors.push(`t must be a step number, an integer from 0 (got ${quote(extra.t)})`);
    t = null;
  }
  return {
    params: { ...base(preset), ...good },
    preset,
    backend,
    t,
    errors,
    autorun: (Object.keys(values).length > 0 || extra.from !== undefined) && errors.length === 0,
    /** The link's `from` as given: a page checks it against the checkpoints it has. */
    from: extra.from ?? null,
    /** The link's live sweep as given (NAME:LO:HI:N[:log]): a page checks it. */
    sweep: extra.sweep ?? null,
    /** The sweep's second axis as given: a page checks it. */
    sweep2: extra.sweep2 ?? null,
  };
}

/** Write the page's state into the address bar without a navigation. */
export function writeUrlState({
  schema,
  params,
  preset,
  backend,
  t,
  from,
  sweep,
  sweep2,
}: {
  schema: Schema;
  params: Params;
  preset: string;
  backend: string;
  t?: number | null;
  /** The checkpoint step a branch starts from. */
  from?: number | null;
  /** The live sweep, NAME:LO:HI:N[:log]. */
  sweep?: string | null;
  /** The sweep's second axis, the same form. */
  sweep2?: string | null;
}) {
  const query = paramsToQuery({
    schema,
    params,
    extra: {
      preset,
      ...(backend !== "auto" ? { backend } : {}),
      ...(t != null ? { t: String(t) } : {}),
      ...(from != null ? { from: String(from) } : {}),
      ...(sweep ? { sweep } : {}),
      ...(sweep && sweep2 ? { sweep2 } : {}),
    },
  });
  const next = `${location.pathname}?${query}${location.hash}`;
  // replaceState costs a round trip to the browser process; cells re-run on every live batch.
  if (next !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", next);
}
