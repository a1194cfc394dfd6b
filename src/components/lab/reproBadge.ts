import { reproductionBadge, type Reference } from "../../app/reproduce.js";
import type { Schema } from "../../sim/params.js";
import type { LiveState } from "./liveState.js";

/**
 * The run bar's note that a finished live run reproduces a precomputed one (app/reproduce.ts), or
 * how far a float32 engine is from it; hidden for runs the precomputed data does not hold. Compared
 * once per finished run: a finished run's samples no longer change.
 */
export function reproBadge({ schema, references }: { schema: Schema; references: Reference[] }) {
  const element = Object.assign(document.createElement("p"), { className: "repro-badge", hidden: true });
  let shownFor: LiveState["summary"] = null;
  const show = (s: LiveState) => {
    if (s.summary === shownFor) return;
    shownFor = s.summary;
    const { params, samples, backend } = s;
    const found = s.summary
      ? references.map((reference) => reproductionBadge({ schema, reference, params, samples, backend })).find(Boolean)
      : null;
    element.hidden = !found;
    element.textContent = found?.text ?? "";
    element.dataset.matches = String(found?.matches ?? false);
    if (found) element.dataset.maxRelDiff = String(found.maxRelDiff);
  };
  return { element, show };
}
