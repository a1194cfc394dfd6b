import { runLabel } from "../../app/cliCommand.js";
import { experimentNamed } from "../../sim/experiments/index.js";
import { MAX_PINS, type LiveRunner, type LiveState } from "./liveRunner.js";
import type { Reference } from "../../app/reproduce.js";
import { reproBadge } from "./reproBadge.js";
import { runDownloads } from "./runDownloads.js";

const fmt = (s: number | null) =>
  s == null ? "–" : s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

/** One line saying where the live run is: status, step, speed, ETA, backend, divergence. */
export function runStatusText(state: LiveState): string {
  if (state.status === "idle")
    return "Precomputed results shown. Change a parameter or press Run to train live in this page.";
  if (state.status === "error") return `Run failed: ${state.error}. Earlier results are kept.`;
  const choice = state.choice ? ` (${state.choice})` : "";
  const running = state.status === "starting" || state.status === "running";
  // Short reasons on the line ("webgpu: software adapter skipped"); the full ones in the tooltip.
  const skipped = state.skipped.length
    ? ` (passed over: ${state.skipped.map((s) => s.replace(/ \(.*$/, "")).join("; ")})`
    : "";
  const diverged = (state.summary?.members ?? [])
    .filter((m) => m.diverged)
    .map((m) => `member ${m.member} diverged at step ${m.divergedAt}`);
  const rate = state.stepsPerSecond ? Math.round(state.stepsPerSecond) : "–";
  return [
    state.status === "starting" ? "starting worker…" : state.status,
    `step ${state.step} / ${state.steps}`,
    `${rate} steps/s`,
    `ETA ${running ? fmt(state.etaSeconds) : "–"}`,
    `${state.backend ? `backend ${state.backend}` : ""}${choice}${skipped}`,
    ...(diverged.length ? [diverged.join("; ")] : []),
  ].join(" · ");
}

/**
 * What the run's live region says: its start, its end or stop, a divergence, an error; null while
 * nothing of that kind changed (progress is the progress bar's).
 */
export function runAnnouncement(state: LiveState): string | null {
  const diverged = (state.summary?.members ?? []).filter((m) => m.diverged);
  const steps = `${state.step.toLocaleString("en")} of ${state.steps.toLocaleString("en")} steps`;
  if (state.status === "starting") return "Run starting.";
  if (state.status === "running") return `Run started on ${state.backend ?? "?"}.`;
  if (state.status === "stopped") return `Run stopped at ${steps}.`;
  if (state.status === "error") return `Run failed: ${state.error}.`;
  if (state.status === "done")
    return `Run done: ${steps}${diverged.length ? `; ${diverged.map((m) => `member ${m.member} diverged at step ${m.divergedAt}`).join("; ")}` : ""}.`;
  return null;
}

/**
 * The run bar: Run / Stop, progress, backend, pin, downloads and the terminal line for the current
 * settings. Built once and updated in place as the run goes on, so a button keeps its focus and a
 * click is never lost to a re-render. `data-status` and `data-backend` let tests follow it.
 */
export function runBar({
  runner,
  onRun,
  experiment,
  version,
  commit = "unknown",
  columns,
  backendInput,
  references = [],
}: {
  runner: LiveRunner;
  onRun: () => void;
  experiment: string;
  version: string;
  /** The git commit the site was built from (build/provenance.ts), recorded in the JSON download. */
  commit?: string;
  columns: string[];
  backendInput: HTMLElement;
  /** Precomputed runs a live run with the same settings is compared with (app/reproduce.ts). */
  references?: Reference[];
}): HTMLElement & { setCommand(line: string): void; setNotice(text: string): void } {
  const el = document.createElement("div") as HTMLDivElement & {
    setCommand(line: string): void;
    setNotice(text: string): void;
  };
  el.className = "run-panel";
  el.setAttribute("aria-label", "Run bar");
  const button = (label: string, onclick: () => void) =>
    Object.assign(document.createElement("button"), { textContent: label, onclick, type: "button" });
  let state = runner.state;
  const run = button("Run", onRun);
  run.classList.add("run-button");
  const stop = button("Stop", () => runner.stop());
  const pin = button("Pin this run", () =>
    runner.pin({ label: runLabel({ experiment: experimentNamed(experiment), params: state.params! }) }),
  );
  const { csv, json } = runDownloads({ experiment, version, commit, columns, state: () => state });
  const remeasure = button(
    "Re-measure engines",
    () => state.params && runner.remeasure({ experiment, params: state.params }),
  );
  remeasure.title = "auto reused an earlier measurement for runs of this size: measure the engines again";
  const progress = document.createElement("progress");
  progress.className = "run-progress";
  progress.max = 1;
  progress.value = 0;
  progress.setAttribute("aria-label", "Run progress");
  // The status line changes with every batch; a screen reader hears only what happens to the run
  // (runAnnouncement), from a live region of its own, not an update every 300 ms.
  const text = document.createElement("span");
  text.className = "run-status";
  const announce = Object.assign(document.createElement("span"), { className: "visually-hidden" });
  announce.setAttribute("role", "status");
  announce.setAttribute("aria-live", "polite");
  backendInput.classList.add("run-backend");
  const controls = document.createElement("div");
  controls.className = "run-controls";
  controls.append(run, stop, progress, backendInput, remeasure, pin, csv, json);
  // The terminal line for the current settings: the same code, the same numbers.
  const cli = document.createElement("div");
  cli.className = "cli-command";
  const code = document.createElement("code");
  let command = "";
  const copy = button("Copy CLI command", () => {
    navigator.clipboard?.writeText(command).then(
      () => (copy.textContent = "Copied"),
      () => (copy.textContent = "Select the line to copy"),
    );
  });
  copy.title = "Runs the same code in a terminal, from a checkout of this project's repository (after npm ci)";
  cli.append(copy, code);
  const pins = document.createElement("ul");
  pins.className = "pins";
  pins.setAttribute("aria-label", "Pinned runs");
  const notice = Object.assign(document.createElement("p"), { className: "run-notice", hidden: true });
  const badge = reproBadge({ schema: experimentNamed(experiment).schema, references });
  el.append(controls, text, announce, badge.element, notice, cli, pins);

  let pinsShown: LiveState["pins"] | null = null;
  let announced = "";
  const render = (s: LiveState) => {
    state = s;
    const running = s.status === "starting" || s.status === "running";
    // The key that started or stopped the run keeps working: focus goes to the other button
    // (a disabled button drops it to the page's body).
    const focused = document.activeElement;
    const [from, to] = running ? [run, stop] : [stop, run];
    if (focused === from) {
      to.disabled = false;
      to.focus();
    }
    const said = runAnnouncement(s);
    if (said !== null && said !== announced) {
      announced = said;
      announce.textContent = said;
    }
    markPanel(el, s);
    run.disabled = running;
    remeasure.hidden = !s.choiceCached;
    stop.disabled = !running;
    pin.disabled = !s.samples.length || !s.params || s.pins.length >= MAX_PINS;
    csv.disabled = json.disabled = s.samples.length === 0;
    progress.value = s.steps > 0 ? s.step / s.steps : 0;
    const line = runStatusText(s);
    if (text.textContent !== line) text.textContent = line;
    badge.show(s);
    if (s.pins !== pinsShown) {
      pinsShown = s.pins;
      pins.replaceChildren(...s.pins.map((p) => pinItem({ pin: p, runner })));
    }
    pins.hidden = s.pins.length === 0;
  };
  // One bar per runner for the page's life: the runner's dispose ends the subscription.
  runner.subscribe(render);
  el.setNotice = (line: string) => {
    notice.textContent = line;
    notice.hidden = !line;
  };
  /** The terminal line for what the page runs: a run, a sweep or a branch (app/cliCommand.ts). */
  el.setCommand = (line: string) => {
    command = line;
    code.textContent = line;
  };
  return el;
}

/**
 * The run's state on the panel's attributes, for tests and tools: status, backend, run, how many
 * samples the page holds (bounded per member whatever the run), and the worker's tfjs tensors
 * after init / after the run (equal when the run leaked none); the passed-over backends as its title.
 */
function markPanel(el: HTMLElement, s: LiveState) {
  el.dataset.status = s.status;
  el.dataset.backend = s.backend ?? "";
  el.dataset.runId = String(s.runId);
  el.dataset.samples = String(s.samples.length);
  el.dataset.ensembles = String(s.ensembles.length);
  if (s.tensors) el.dataset.tensors = `${s.tensors.baseline}/${s.tensors.after ?? ""}`;
  else delete el.dataset.tensors;
  el.title = s.skipped.join("\n");
}

/** A pinned run's legend entry: its line style and label, with a button that removes it. */
function pinItem({ pin, runner }: { pin: LiveState["pins"][number]; runner: LiveRunner }): HTMLElement {
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
  const label = `${pin.label} (${pin.backend ?? "?"}, ${pin.samples.length} samples)`;
  item.append(Object.assign(document.createElement("span"), { textContent: label }), remove);
  return item;
}
