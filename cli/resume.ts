import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Params } from "../src/sim/params.js";
import type { Checkpoint, Experiment, Sample } from "../src/sim/types.js";
import { OutputError } from "./output.js";
import { UsageError } from "./parseArgs.js";

export interface Resume {
  step: number;
  states: Record<string, unknown>[];
  /** Each member's samples before `step`: the summary of the resumed run covers them too. */
  history: Sample[][];
  params: Params;
}

/**
 * The checkpoints of `file` at `step`, one per member, the samples before it and the parameters of
 * the run that wrote them. Read line by line (a long run's file may be larger than memory), each
 * line as JSON whatever its spacing; lines that are not JSON objects are skipped.
 */
export async function readResume({
  file,
  step,
  experiment,
}: {
  file: string;
  step: number;
  experiment: string;
}): Promise<Resume> {
  let header: { experiment?: string; params?: Params } | null = null;
  const states: Record<string, unknown>[] = [];
  const history: Sample[][] = [];
  const steps = new Set<number>();
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const text of lines) {
      const o = parseLine(text);
      if (o?.type === "header") header ??= o;
      else if (o?.type === "checkpoint") {
        steps.add(o.step);
        if (o.step === step && Number.isInteger(o.member) && o.member >= 0) states[o.member] = o.state;
      } else if (o?.type === "sample" && o.step < step && Number.isInteger(o.member) && o.member >= 0) {
        history[o.member] ??= [];
        history[o.member].push(o);
      }
    }
  } catch (error) {
    throw new OutputError(
      `cannot read --resume ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!header || header.experiment !== experiment)
    throw new UsageError(`--resume ${file} is not a tdlab run of ${experiment}`);
  if (!steps.has(step))
    throw new UsageError(
      `--resume ${file} has no checkpoint at step ${step}; it has ${steps.size ? [...steps].join(", ") : "none (run it with --checkpoint-every K)"}`,
    );
  return { step, states, history, params: header.params ?? {} };
}

function parseLine(text: string) {
  if (!text.trim()) return null;
  try {
    const o = JSON.parse(text);
    return o && typeof o === "object" && !Array.isArray(o) ? o : null;
  } catch {
    return null;
  }
}

/**
 * Checks a resume's states against those the experiment itself writes at step 0 for the same
 * parameters: one per member, the same fields, arrays of the same lengths, finite numbers where it
 * has numbers (JSON writes NaN as null). A null of its own (a value not drawn yet) takes any numbers.
 * The first difference is a UsageError naming the member and the field.
 */
export async function checkStates({ exp, params, resume }: { exp: Experiment; params: Params; resume: Resume }) {
  const reference: Checkpoint[] = [];
  await exp.run({ params: { ...params, steps: 1 }, checkpointAt: [0], sink: { checkpoint: (c) => reference.push(c) } });
  const where = `--resume: the checkpoint at step ${resume.step}`;
  if (resume.states.length !== reference.length || resume.states.some((s) => s === undefined))
    throw new UsageError(
      `${where} holds ${resume.states.filter(Boolean).length} of ${Math.max(resume.states.length, reference.length)} members; the run has ${reference.length}`,
    );
  reference.forEach((ref, j) => {
    // As the file holds it: a value not known yet (the loss before the first step) is NaN, written null.
    const problem = differs(JSON.parse(JSON.stringify(ref.state)), resume.states[j], "state");
    if (problem) throw new UsageError(`${where}, member ${j}: ${problem}`);
  });
}

function differs(ref: unknown, got: unknown, at: string): string | null {
  if (ref === null) return numeric(got) ? null : `${at} is not numbers`;
  if (typeof ref === "number")
    return typeof got === "number" && Number.isFinite(got)
      ? null
      : `${at} is ${JSON.stringify(got)}, not a finite number`;
  if (Array.isArray(ref)) {
    if (!Array.isArray(got) || got.length !== ref.length)
      return `${at} should hold ${ref.length} values, not ${Array.isArray(got) ? got.length : typeof got}`;
    for (let i = 0; i < ref.length; i++) {
      const p = differs(ref[i], got[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (ref && typeof ref === "object") {
    if (!got || typeof got !== "object" || Array.isArray(got)) return `${at} is missing or not an object`;
    for (const key of Object.keys(ref)) {
      const p = differs((ref as Record<string, unknown>)[key], (got as Record<string, unknown>)[key], `${at}.${key}`);
      if (p) return p;
    }
    return null;
  }
  return got === ref ? null : `${at} is ${JSON.stringify(got)}, not ${JSON.stringify(ref)}`;
}

/** null, a finite number, or arrays and objects of them. */
function numeric(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(numeric);
  if (typeof v === "object") return Object.values(v as object).every(numeric);
  return false;
}
