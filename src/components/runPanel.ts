import { toCsv } from "./csv.js";
import { cliCommand } from "../sim/cliCommand.js";
import { experiments } from "../sim/experiments/index.js";
import type { Params } from "../sim/params.js";
import type { LiveRunner, LiveState } from "./liveRunner.js";

const fmt = (s: number | null) => (s == null ? "–" : s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

function download(name: string, type: string, text: string) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * The live run's status line (step, steps/s, ETA, backend) with Run / Stop and the downloads.
 * `data-status` and `data-backend` let tests and screen readers follow it.
 */
export function runPanel({ state, runner, onRun, experiment, version, columns, params }: { state: LiveState; runner: LiveRunner; onRun: () => void; experiment: string; version: string; columns: string[]; params: Params }): HTMLElement {
  const el = document.createElement("div");
  el.className = "run-panel";
  el.dataset.status = state.status;
  el.dataset.backend = state.backend ?? "";
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  const button = (label: string, onclick: () => void, disabled = false) => Object.assign(document.createElement("button"), { textContent: label, onclick, disabled, type: "button" });
  const running = state.status === "starting" || state.status === "running";
  const text = document.createElement("span");
  text.className = "run-status";
  const backend = state.backend ? `backend ${state.backend}` : "";
  // Short reasons on the line ("webgpu: software adapter skipped"); the full ones in the tooltip.
  const skipped = state.skipped.length ? ` (passed over: ${state.skipped.map((s) => s.replace(/ \(.*$/, "")).join("; ")})` : "";
  el.title = state.skipped.join("\n");
  const diverged = (state.summary?.members ?? []).filter((m) => m.diverged).map((m) => `member ${m.member} diverged at step ${m.divergedAt}`);
  text.textContent =
    state.status === "idle" ? "Precomputed results shown. Change a parameter or press Run to train live in this page."
    : state.status === "error" ? `Run failed: ${state.error}. Earlier results are kept.`
    : `${state.status === "starting" ? "starting worker…" : state.status} · step ${state.step} / ${state.steps} · ${state.stepsPerSecond ? Math.round(state.stepsPerSecond) : "–"} steps/s · ETA ${running ? fmt(state.etaSeconds) : "–"} · ${backend}${skipped}${diverged.length ? " · " + diverged.join("; ") : ""}`;
  const payload = () => ({ experiment, version, params: state.params, backend: state.backend, samples: state.samples, summary: state.summary });
  el.append(
    button("Run", onRun, running),
    button("Stop", () => runner.stop(), !running),
    button("Download CSV", () => download(`${experiment}-live.csv`, "text/csv", toCsv({ rows: state.samples, columns })), state.samples.length === 0),
    button("Download JSON", () => download(`${experiment}-live.json`, "application/json", JSON.stringify(payload(), null, 1)), state.samples.length === 0),
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
  return el;
}
