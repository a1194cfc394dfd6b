import { median } from "../metrics/quantiles.js";

type Member = Record<string, unknown>;

/** The median over members of a numeric summary field (members without it are left out). */
export function memberMedian({ members, key }: { members: readonly Member[]; key: string }): number {
  return median(members.map((m) => m[key]).filter((v): v is number => typeof v === "number"));
}

/** The median over members of the ratio of two summary fields, member by member. */
export function memberRatioMedian({
  members,
  num,
  den,
}: {
  members: readonly Member[];
  num: string;
  den: string;
}): number {
  return median(members.map((m) => (m[num] as number) / (m[den] as number)).filter(Number.isFinite));
}
