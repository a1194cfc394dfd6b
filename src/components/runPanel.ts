import { toCsv } from "../text/csv.js";
import { download } from "./download.js";
import { cliCommand, runLabel } from "../sim/cliCommand.js";
import { experiments } from "../sim/experiments/index.js";
import type { Params } from "../sim/params.js";
import { MAX_PINS, type LiveRunner, type LiveState } from "./liveRunner.js";

const fmt = (s: number | null) =>
  s == null ? "–" : s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

/**
 * The live run's status line (step, steps/s, ETA, backend) with Run / Stop and the downloads.
 * `data-status` and `data-backend` let tests and screen readers follow it.
 */
export function runPanel({
  state,
  runner,
  onRun,
  experiment,
  version,
  columns,
  params,
}: {
  state: LiveState;
  runner: LiveRunner;
  onRun: () => void;
  experiment: string;
  version: string;
  columns: string[];
  params: Params;
}): HTMLElement {
  const el = document.createElement("div");
  el.className = "run-panel";
  el.dataset.status = state.status;
  el.dataset.backend = state.backend ?? "";
  el.dataset.runId = String(state.runId);
  // tfjs tensors in the worker after init / after the run: equal when the run leaked none (tests read it).
  if (state.tensors) el.dataset.tensors = `${state.tensors.baseline}/${state.tensors.after ?? ""}`;
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  const button = (label: string, onclick: () => void, disabled = false) =>
    Object.assign(document.createElement("button"), { textContent: label, onclick, disabled, type: "button" });
  const running = state.status === "starting" || state.status === "running";
  const text = document.createElement("span");
  text.className = "run-status";
  const backend = state.backend ? `backend ${state.backend}` : "";
  // Short reasons on the line ("webgpu: software adapter skipped"); the full ones in the tooltip.
  const skipped = state.skipped.length
    ? ` (passed over: ${state.skipped.map((s) => s.replace(/ \(.*$/, "")).join("; ")})`
    : "";
  el.title = state.skipped.join("\n");
  const diverged = (state.summary?.members ?? [])
    .filter((m) => m.diverged)
    .map((m) => `member ${m.member} diverged at step ${m.divergedAt}`);
  text.textContent =
    state.status === "idle"
      ? "Precomputed results shown. Change a parameter or press Run to train live in this page."
      : state.status === "error"
        ? `Run failed: ${state.error}. Earlier results are kept.`
        : `${state.status === "starting" ? "starting worker…" : state.status} · step ${state.step} / ${state.steps} · ${state.stepsPerSecond ? Math.round(state.stepsPerSecond) : "–"} steps/s · ETA ${running ? fmt(state.etaSeconds) : "–"} · ${backend}${skipped}${diverged.length ? ` · ${diverged.join("; ")}` : ""}`;
  const payload = () => ({
    experiment,
    version,
    params: state.params,
    backend: state.backend,
    samples: state.samples,
    summary: state.summary,
  });
  el.append(
    button("Run", onRun, running),
    button("Stop", () => runner.stop(), !running),
    button(
      "Pin this run",
      () => runner.pin({ label: runLabel({ experiment: experiments[experiment], params: state.params! }) }),
      !state.samples.length || !state.params || state.pins.length >= MAX_PINS,
    ),
    button(
      "Download CSV",
      () =>
        download({ name: `${experiment}-live.csv`, type: "text/csv", data: toCsv({ rows: state.samples, columns }) }),
      state.samples.length === 0,
    ),
    button(
      "Download JSON",
      () =>
        download({
          name: `${experiment}-live.json`,
          type: "application/json",
          data: JSON.stringify(payload(), null, 1),
        }),
      state.samples.length === 0,
    ),
    text,
  );
  // The terminal line for the current settings: the same code, the same numbers.
  const command = cliCommand({ experiment: experiments[experiment], params });
  const cli = document.createElement("div");
  cli.className = "cli-command";
  const code = Object.assign(document.createElement("code"), { textContent: command });
  const copy = button("Copy CLI command", () => {
    navigator.clipboard?.writeText(command).then(
      () => (copy.textContent = "Copied"),
      () => (copy.textContent = "Select the line to copy"),
    );
  });
  cli.append(copy, code);
  el.append(cli);
  if (state.pins.length) el.append(pinList({ state, runner }));
  return el;
}

/** The pinned runs' legend: each pin's line style and label, with a button that removes it. */
function pinList({ state, runner }: { state: LiveState; runner: LiveRunner }): HTMLElement {
  const list = document.createElement("ul");
  list.className = "pins";
  list.setAttribute("aria-label", "Pinned runs");
  for (const pin of state.pins) {
    const item = document.createElement("li");
    item.innerHTML = `<svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" stroke-width="2"/></svg>`;
    const line = item.querySelector("line")!;
    line.setAttribute("stroke", pin.color);
    line.setAttribute("stroke-dasharray", pin.dash);
    const remove = Object.assign(document.createElement("button"), {
      type: "button",
      textContent: "Remove",
      onclick: () => runner.unpin(pin.id),
    });
    remove.setAttribute("aria-label", `Remove ${pin.label.split(":")[0]}`);
    item.append(
      Object.assign(document.createElement("span"), {
        textContent: `${pin.label} (${pin.backend ?? "?"}, ${pin.samples.length} samples)`,
      }),
      remove,
    );
    list.append(item);
  }
  return list;
}
