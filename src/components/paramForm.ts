import * as Inputs from "@observablehq/inputs";
import type { ParamSpec, Params, Schema } from "../sim/params.js";

function control(spec: ParamSpec, value: Params[string]) {
  const label = spec.kind === "number" && spec.unit ? `${spec.label} (${spec.unit})` : spec.label;
  if (spec.kind === "choice") return Inputs.select(spec.choices, { label, value });
  if (spec.kind === "boolean") return Inputs.toggle({ label, value });
  // Log-scaled sliders for values spanning decades; the number box still takes any exact value.
  return Inputs.range([spec.min, spec.max], {
    label,
    value,
    step: spec.integer ? 1 : undefined,
    ...(spec.log ? { transform: Math.log, invert: Math.exp } : {}),
  });
}

/** One control per schema entry, as a single form whose value is the params object. */
export function paramForm({ schema, values }: { schema: Schema; values: Params }): HTMLElement {
  const form = Inputs.form(Object.fromEntries(schema.map((s) => [s.name, control(s, values[s.name])])));
  form.classList.add("param-form");
  for (const s of schema) {
    const help = "help" in s ? s.help : undefined;
    if (help) form.querySelector(`[name="${s.name}"]`)?.closest("form, div")?.setAttribute("title", help);
  }
  return form;
}
