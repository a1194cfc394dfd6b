import { experiments } from "../src/sim/experiments/index.js";
import { describeRange, flagName } from "../src/sim/params.js";
import { loadPresets } from "../loaders/presets.js";

/** Rows as aligned columns, two spaces apart, each line indented by `indent`. */
export function columns({ rows, indent = "  " }: { rows: string[][]; indent?: string }): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) => indent + r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]) : cell)).join("  "))
    .join("\n");
}

export function mainHelp({ version }: { version: string }): string {
  return `tdlab ${version}: run the Training Dynamics Lab simulations from a terminal.

Usage:
${columns({
  rows: [
    ["tdlab list", "every experiment with its parameters and presets"],
    ["tdlab run EXPERIMENT [flags]", "train, and stream JSON lines (or CSV) of what it measures"],
    ["tdlab help [COMMAND [EXPERIMENT]]", "this help, a command's, or an experiment's flags"],
    ["tdlab --version", "the version"],
  ],
})}

Experiments: ${Object.keys(experiments).join(", ")}. \`tdlab run EXPERIMENT --help\` lists its flags.`;
}

export function listHelp(): string {
  return `tdlab list: every experiment, its parameters (flag, default, allowed values) and presets.`;
}

export function runHelp({ experiment }: { experiment: string | null }): string {
  const common = columns({
    rows: [
      ["--preset NAME", "start from a paper's settings (tdlab list shows them)"],
      [
        "--format jsonl|csv",
        "JSON lines (default): header, sample, snapshot, ensemble, summary; or CSV of the samples",
      ],
      ["--out FILE", "write to FILE (complete or untouched: written beside it, moved into place at the end)"],
      ["--backend js|wasm|cpu", "js (default): the float64 engine; wasm, cpu: TensorFlow.js in float32"],
      ["--progress", "step, steps/s and ETA on stderr (on by default when stderr is a terminal)"],
    ],
  });
  const head = `tdlab run ${experiment ?? "EXPERIMENT"} [flags]: train and stream what the run measures.
Ctrl-C stops cleanly: what was computed is written, then {"type":"interrupted","step":N}; exit code 130.
Bad input exits with code 2 and one line naming the flag and its allowed range.

Options:
${common}`;
  if (!experiment)
    return `${head}\n\nExperiments: ${Object.keys(experiments).join(", ")}; tdlab run EXPERIMENT --help lists its flags.`;
  return `${head}\n\n${experimentFlags({ experiment })}`;
}

/** An experiment's flags: name, default, allowed range with its unit, and label. */
export function experimentFlags({ experiment }: { experiment: string }): string {
  const exp = experiments[experiment];
  const rows = exp.schema.map((s) => [
    `--${flagName(s.name)}`,
    String(s.default),
    `${describeRange(s)}${s.kind === "number" && s.unit ? ` (${s.unit})` : ""}`,
    s.label,
  ]);
  const presets = Object.entries(loadPresets({ experiment }));
  return `${exp.name}: ${exp.title}
  ${exp.description}
${columns({ rows: [["flag", "default", "allowed", "meaning"], ...rows] })}${
  presets.length
    ? `\n  presets:\n${columns({ rows: presets.map(([name, p]) => [`--preset ${name}`, p.label]), indent: "    " })}`
    : ""
}`;
}
