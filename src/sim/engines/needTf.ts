import type { EngineChoice, Tf } from "../types.js";

/** The tfjs namespace a tfjs model needs, or a clear error when the caller gave none. */
export function needTf({ engine, tf }: EngineChoice): Tf {
  if (!tf) throw new Error(`engine ${engine} needs tfjs`);
  return tf;
}
