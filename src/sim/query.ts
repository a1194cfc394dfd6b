import { flagName, type Params, type ParamValue, type Schema } from "./params.js";

/**
 * URL state: every parameter under its flag name, so a copied link reproduces the run
 * (`?width=100&init-scale=0.0001`). Keys in `extra` (page-level state such as `backend`) are kept
 * apart from the experiment's params so they are never validated against its schema.
 */
export function paramsToQuery({
  schema,
  params,
  extra = {},
}: {
  schema: Schema;
  params: Params;
  extra?: Record<string, string>;
}): string {
  const q = new URLSearchParams();
  for (const s of schema) q.set(flagName(s.name), String(params[s.name]));
  for (const [k, v] of Object.entries(extra)) if (v !== "") q.set(k, v);
  return q.toString();
}

/** Raw values from a query string, keyed by param name; `extraKeys` come back separately. */
export function queryToValues({
  schema,
  query,
  extraKeys = [],
}: {
  schema: Schema;
  query: string;
  extraKeys?: readonly string[];
}): {
  values: Record<string, ParamValue>;
  extra: Record<string, string>;
} {
  const byFlag = new Map(schema.map((s) => [flagName(s.name), s.name]));
  const values: Record<string, ParamValue> = {};
  const extra: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    if (extraKeys.includes(k)) extra[k] = v;
    // Unknown keys keep their own spelling so validation can name them.
    else values[byFlag.get(k) ?? k] = v;
  }
  return { values, extra };
}
