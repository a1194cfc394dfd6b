import * as Inputs from "@observablehq/inputs";
import { validateParams, type ParamGroup, type ParamSpec, type Params, type Schema } from "../../sim/params.js";

const GROUPS: Record<ParamGroup, string> = { model: "Model", data: "Data", optimizer: "Optimizer", run: "Run" };

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

/**
 * One control per schema entry, as a single form whose value is the params object. A typed value
 * the schema rejects never reaches the value (Inputs keeps the last valid one); the form says why,
 * with the same message as the URL and the CLI.
 */
export function paramForm({ schema, values }: { schema: Schema; values: Params }): HTMLElement {
  const problems = new Map<string, string>();
  const alert = Object.assign(document.createElement("div"), { className: "errors form-errors", hidden: true });
  alert.setAttribute("role", "alert");
  const show = () => {
    alert.hidden = problems.size === 0;
    alert.textContent = [...problems.values()].join("; ");
  };
  const controls = schema.map((spec) => {
    const c = control(spec, values[spec.name]) as HTMLElement;
    if ("help" in spec && spec.help) c.title = spec.help;
    // Inputs labels a range's number box; its slider needs a name of its own.
    const slider = c.querySelector("input[type=range]");
    if (slider) slider.setAttribute("aria-label", `${spec.label} (slider)`);
    const box = c.querySelector("input[type=number]") as HTMLInputElement | null;
    if (box) box.dataset.param = spec.name;
    return [spec.name, c] as const;
  });
  const form = Inputs.form(Object.fromEntries(controls), {
    template: (inputs: Record<string, HTMLElement>) => layout({ schema, inputs }),
  });
  form.classList.add("param-form");
  form.append(alert);
  // Chromium's range input keeps 15 significant digits, so an untouched 0.25 / 0.3 came back 3e-16
  // off and showed as a changed value in the CLI line and the address bar: the view gives back the
  // exact value it was handed while a control still shows it. (Inputs' own value is not redefinable.)
  const view = document.createElement("div");
  view.append(form);
  commitTypedNumbers({
    root: view,
    check: (box) => {
      const name = box.dataset.param!;
      const { errors } = validateParams({ schema, values: { [name]: box.value } });
      if (errors.length) problems.set(name, `${errors[0]}; the last valid value is kept`);
      else problems.delete(name);
      show();
    },
  });
  Object.defineProperty(view, "value", {
    get: () => {
      const now = { ...(form as unknown as { value: Params }).value };
      for (const [k, v] of Object.entries(now)) {
        const given = values[k];
        if (typeof v === "number" && typeof given === "number" && Math.abs(v - given) <= 1e-14 * Math.abs(given))
          now[k] = given;
      }
      return now;
    },
  });
  return view;
}

/**
 * The controls grouped as a paper describes a run (model, data, optimizer, run), the key parameters
 * in view and the rest folded under "More parameters", in the same groups.
 */
function layout({ schema, inputs }: { schema: Schema; inputs: Record<string, HTMLElement> }): HTMLElement {
  const sets = (more: boolean) =>
    (Object.keys(GROUPS) as ParamGroup[]).flatMap((group) => {
      const specs = schema.filter((s) => (s.group ?? "run") === group && Boolean(s.more) === more);
      if (!specs.length) return [];
      const set = document.createElement("fieldset");
      set.className = `param-group param-group-${group}`;
      set.append(
        Object.assign(document.createElement("legend"), { textContent: GROUPS[group] }),
        ...specs.map((s) => inputs[s.name]),
      );
      return [set];
    });
  const out = document.createElement("div");
  out.append(...sets(false));
  const rest = sets(true);
  if (rest.length) {
    const details = document.createElement("details");
    details.className = "param-more";
    details.append(Object.assign(document.createElement("summary"), { textContent: "More parameters" }), ...rest);
    out.append(details);
  }
  return out;
}

/** How long typing must pause before a typed number counts. */
export const TYPING_PAUSE_MS = 1000;

/**
 * A number typed into a box counts on Enter, on leaving the box, or after a pause of
 * TYPING_PAUSE_MS, never keystroke by keystroke: typing 5000 must not run with 5, 50 and 500 first.
 * The box's input events are held back (stopped on their way down, before Inputs sees them) and
 * one is sent again when the number is committed. `check` runs at every keystroke, so a bad value
 * is named at once.
 */
function commitTypedNumbers({ root, check }: { root: HTMLElement; check: (box: HTMLInputElement) => void }) {
  const ours = new WeakSet<Event>();
  const timers = new Map<HTMLInputElement, ReturnType<typeof setTimeout>>();
  const typedBox = (e: Event) =>
    e.target instanceof HTMLInputElement && e.target.type === "number" && e.target.dataset.param ? e.target : null;
  const commit = (box: HTMLInputElement) => {
    clearTimeout(timers.get(box));
    if (!timers.delete(box)) return; // nothing typed since the last commit
    const event = new Event("input", { bubbles: true });
    ours.add(event);
    box.dispatchEvent(event);
  };
  root.addEventListener(
    "input",
    (e) => {
      const box = typedBox(e);
      if (!box || ours.has(e)) return;
      e.stopPropagation();
      check(box);
      clearTimeout(timers.get(box));
      timers.set(
        box,
        setTimeout(() => commit(box), TYPING_PAUSE_MS),
      );
    },
    true,
  );
  root.addEventListener("change", (e) => typedBox(e) && commit(typedBox(e)!), true);
  root.addEventListener("keydown", (e) => e.key === "Enter" && typedBox(e) && commit(typedBox(e)!), true);
}
