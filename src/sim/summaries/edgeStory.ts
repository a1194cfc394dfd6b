import { median } from "../metrics/quantiles.js";

/**
 * What a pathways run did, over its seeds: the median final top-mode share, the median final
 * sharpness, and the median over seeds of the highest sharpness seen (a catapult's peak).
 */
export function edgeStory({
  members,
  traces,
}: {
  members: readonly { finalShare: (number | null)[]; finalSharpness: number | null }[];
  traces: readonly { sharpness: (number | null)[] }[];
}) {
  const finite = (v: (number | null)[]) => v.filter((x): x is number => typeof x === "number");
  return {
    share: median(finite(members.map((m) => m.finalShare[0]))),
    sharpness: median(finite(members.map((m) => m.finalSharpness))),
    peak: median(traces.map((t) => Math.max(...finite(t.sharpness)))),
  };
}
