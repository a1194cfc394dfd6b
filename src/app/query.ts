import { flagName, quote, unknownParameter, type Params, type ParamValue, type Schema } from "../sim/params.js";

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

/**
 * Raw values from a query string, keyed by param name; `extraKeys` come back separately. Strict, as
 * the CLI is: one spelling per parameter (its flag name), one value per key; every other key and
 * every repeated one is an error naming it. Values are validated later, by the schema.
 */
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
  errors: string[];
} {
  const byFlag = new Map(schema.map((s) => [flagName(s.name), s.name]));
  // No prototype: a key such as __proto__ is a key like any other (and then an unknown one).
  const values: Record<string, ParamValue> = Object.create(null);
  const extra: Record<string, string> = Object.create(null);
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const twice = new Set<string>();
  for (const [k, v] of new URLSearchParams(query)) {
    if (seen.has(k)) {
      if (!twice.has(k))
        errors.push(`${quote(k).slice(1, -1)} is given twice (${quote(seen.get(k))} and ${quote(v)}); give it once`);
      twice.add(k);
      continue;
    }
    seen.set(k, v);
    if (extraKeys.includes(k)) extra[k] = v;
    else if (byFlag.has(k)) values[byFlag.get(k)!] = v;
    else errors.push(unknownParameter({ schema, key: k }));
  }
  // A repeated key keeps none of its values: the link is ambiguous, so nothing runs with either.
  for (const k of twice) {
    delete values[byFlag.get(k) ?? k];
    delete extra[k];
  }
  return { values, extra, errors };
}
