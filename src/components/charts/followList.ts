import { followRunner } from "./followRunner.js";
import type { LiveRunner, LiveState } from "../lab/liveRunner.js";

/**
 * An element drawn from one list of the live state (its ensemble statistics, say), drawn again
 * when the list gains or loses entries or a new run starts, each time in a task of its own. A page
 * cell that read the list instead would rebuild all its charts in one task at every change: with
 * 256 chains that was a quarter of a second per batch.
 */
export function followList<K extends "ensembles" | "snapshots">({
  runner,
  key,
  draw,
}: {
  runner: LiveRunner;
  key: K;
  draw: (list: LiveState[K]) => Node;
}): HTMLElement {
  return followRunner({
    runner,
    inputs: (s) => [s[key].length, s.runId],
    render: ({ state, holder }) => holder.replaceChildren(draw(state[key])),
    defer: true,
  });
}
