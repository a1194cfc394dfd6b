import { toCsv } from "../../text/csv.js";
import { download } from "./download.js";
import type { LiveState } from "./liveState.js";

const button = (label: string, onclick: () => void) =>
  Object.assign(document.createElement("button"), { textContent: label, onclick, type: "button" });

/**
 * The run bar's "Download CSV" (the samples, the page's columns then a sweep's swept values) and
 * "Download JSON" (everything the run streamed, as the CLI gives it, and what made it: version,
 * commit, params, a sweep's axes, a branch's step, the precision of its engine).
 */
export function runDownloads({
  experiment,
  version,
  commit,
  columns,
  state,
}: {
  experiment: string;
  version: string;
  commit: string;
  columns: string[];
  state: () => LiveState;
}) {
  const csvColumns = (s: LiveState) => [
    ...columns,
    ...(s.sweep ?? []).map((a) => a.name).filter((n) => !columns.includes(n)),
  ];
  const csv = button("Download CSV", () => {
    const s = state();
    download({
      name: `${experiment}-live.csv`,
      type: "text/csv",
      data: toCsv({ rows: s.samples, columns: csvColumns(s) }),
    });
  });
  const json = button("Download JSON", () => {
    const { params, backend, thinned, samples, snapshots, ensembles, summary, sweep, from } = state();
    // The js engine computes in float64; every TensorFlow.js backend in float32.
    const precision = backend === "js" ? "float64" : "float32";
    const run = {
      experiment,
      version,
      commit,
      params,
      sweep,
      from,
      backend,
      precision,
      thinned,
      samples,
      snapshots,
      ensembles,
      summary,
    };
    download({ name: `${experiment}-live.json`, type: "application/json", data: JSON.stringify(run, null, 1) });
  });
  return { csv, json };
}
