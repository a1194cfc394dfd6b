import { html } from "htl";
import { flagName, type NumberSpec, type Params } from "../../sim/params.js";
import type { Experiment } from "../../sim/types.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import { parseLiveSweep } from "../../sim/sweep/liveSweep.js";

/**
 * The run bar's "Sweep" form: the experiment's sweepable parameter's range, and optionally a second
 * numeric parameter's (a phase diagram), as the texts of a link's `sweep` and `sweep2`. The link's
 * sweep fills it; "Run sweep" hands the texts on, "Single run" goes back to one run.
 */
export function sweepForm({
  experiment,
  sweep,
  current,
  onSweep,
  onSingle,
  onError,
}: {
  experiment: Experiment;
  sweep: GridAxis[] | null;
  /** The form's params now: a second parameter's range is centred on its value. */
  current: () => Params | null;
  /** The axes the form's texts make (checked as a link's would be; a refusal goes to `onError`). */
  onSweep: (axes: GridAxis[]) => void;
  onSingle: () => void;
  onError: (message: string) => void;
}): HTMLDetailsElement {
  const name = experiment.ensemble.sweepable;
  const spec = experiment.schema.find((s) => s.name === name) as NumberSpec;
  const [a, b] = sweep ?? [];
  const first = axisInputs("", {
    lo: a?.lo ?? spec.default,
    hi: a?.hi ?? spec.default * (spec.log ? 10 : 2),
    n: a?.n ?? 7,
    log: a?.log ?? Boolean(spec.log),
  });
  const second = axisInputs("second ", { lo: b?.lo ?? "", hi: b?.hi ?? "", n: b?.n ?? 4, log: b?.log ?? false });
  // The second axis: any other numeric parameter but the member count, none by default.
  const others = experiment.schema.filter(
    (s): s is NumberSpec => s.kind === "number" && s.name !== name && s.name !== experiment.ensemble.count,
  );
  const which = html`<select aria-label="sweep second parameter" onchange=${() => centre()}>
    <option value="">nothing else</option>
    ${others.map((s) => html`<option value=${flagName(s.name)}>${s.label}</option>`)}
  </select>` as HTMLSelectElement;
  which.value = b ? flagName(b.name) : "";
  // A range around the parameter's current value, inside its own.
  const centre = () => {
    const s = others.find((o) => flagName(o.name) === which.value);
    if (!s) return;
    const v = Number(current()?.[s.name] ?? s.default);
    second.lo.value = String(Math.max(s.min, s.integer ? Math.max(1, Math.round(v / 2)) : v / 2));
    second.hi.value = String(Math.min(s.max, s.integer ? Math.round(v * 2) : v * 2));
    second.log.checked = Boolean(s.log);
  };
  const go = () => {
    const texts = { sweep: first.text(flagName(name)), sweep2: which.value ? second.text(which.value) : null };
    let axes: GridAxis[];
    try {
      axes = parseLiveSweep({ experiment: experiment.name, ...texts });
    } catch (error) {
      return onError((error as Error).message);
    }
    onSweep(axes);
  };
  return html`<details class="run-sweep" open=${sweep !== null}>
    <summary>Sweep ${spec.label}</summary>
    from ${first.lo} to ${first.hi}, ${first.n} values, log ${first.log}
    <span class="run-sweep-second">and ${which} from ${second.lo} to ${second.hi}, ${second.n} values, log ${second.log}</span>
    <button type="button" onclick=${go}>Run sweep</button>
    <button type="button" onclick=${onSingle}>Single run</button>
  </details>` as HTMLDetailsElement;
}

/** One axis's boxes (from, to, values, log) and its text as a link writes it ("lr:0.1:1:7:log"). */
function axisInputs(prefix: string, v: { lo: number | string; hi: number | string; n: number; log: boolean }) {
  const box = (label: string, value: number | string, size = 7) =>
    html`<input type="text" size=${size} value=${String(value)} aria-label=${`sweep ${prefix}${label}`}>` as HTMLInputElement;
  const lo = box("from", v.lo);
  const hi = box("to", v.hi);
  const n = box("values", v.n, 3);
  const log =
    html`<input type="checkbox" checked=${v.log} aria-label=${`${prefix}sweep on a log scale`}>` as HTMLInputElement;
  const text = (flag: string) =>
    [flag, lo.value, hi.value, n.value].map((p) => p.trim()).join(":") + (log.checked ? ":log" : "");
  return { lo, hi, n, log, text };
}
