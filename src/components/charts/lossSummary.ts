/** One sentence on the precomputed loss curve, computed from the data (chart text summary). */
export function lossSummary({
  data,
}: {
  data: {
    stages: { kind: string; label: string; start: number; end: number; level?: number }[];
    theory: { tInit: number; lLin: number };
    params: { activation: unknown; seeds: unknown };
  };
}): string {
  const [plateau, descent, secondary] = data.stages;
  if (!plateau || !descent || !secondary)
    return "The loss has not left its initial plateau within the precomputed steps.";
  const drop = plateau.level! / secondary.level!;
  const theory = data.params.activation === "tanh" ? ` (theory T_init ≈ ${data.theory.tInit.toFixed(0)})` : "";
  const lin = data.params.activation === "tanh" ? ` (linear-fit loss L_lin = ${data.theory.lLin.toPrecision(3)})` : "";
  return `Median over ${data.params.seeds} seeds: the loss stays within 1 % of its start until step ${plateau.end}${theory}, falls ${drop.toFixed(0)}× by step ${descent.end}, and rests near ${secondary.level!.toPrecision(3)}${lin} until step ${secondary.end}.`;
}
