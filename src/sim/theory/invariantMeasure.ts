/**
 * Theory for a scale-invariant block V trained by SGD with weight decay (docs/phenomena/invariant-measure.md;
 * van Laarhoven 2017, Li & Arora 2020, Wan et al. 2020). Since ⟨∇_V f, V⟩ = 0,
 * ‖V_{t+1}‖² = (1−ηλ)²‖V_t‖² + η²‖g_t‖², so at equilibrium 2λ‖V‖² ≈ η E‖g_V‖² (ratio → 1), the
 * angular update per step is ≈ √(2ηλ), and with ‖g_V‖ = G(V̂)/‖V‖ the equilibrium norm scales as
 * (η/λ)^{1/4}: an LR cut by `factor` shrinks ‖V‖ by factor^{1/4} and raises ‖g_V‖ by factor^{−1/4}.
 */
export function invariantMeasureTheory({
  lr,
  weightDecay,
  lrDecayFactor = 1,
}: {
  lr: number;
  weightDecay: number;
  lrDecayFactor?: number;
}) {
  return {
    eqRatio: 1,
    angle: Math.sqrt(2 * lr * weightDecay),
    angleAfterDecay: Math.sqrt(2 * lr * lrDecayFactor * weightDecay),
    vNormDecayFactor: lrDecayFactor ** 0.25,
    gradNormDecayFactor: lrDecayFactor ** -0.25,
    /** d ln‖V‖_eq / d ln λ at fixed η. */
    vNormSlopeInWeightDecay: -0.25,
    equilibriumSteps: weightDecay > 0 ? 1 / (2 * lr * weightDecay) : Infinity,
  };
}

/**
 * The equilibrium identity 2λ‖V‖² = η E‖g_V‖² with the noise scale G = ‖g_V‖·‖V‖ measured rather
 * than assumed fixed: ‖V‖⁴ = ηG²/(2λ) (docs/phenomena/invariant-measure.md).
 */
export function equilibriumNorm({
  lr,
  weightDecay,
  noiseScale,
}: {
  lr: number;
  weightDecay: number;
  noiseScale: number;
}): number {
  return ((lr * noiseScale ** 2) / (2 * weightDecay)) ** 0.25;
}
