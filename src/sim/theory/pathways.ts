/**
 * Theory of multi-pathway deep linear networks (Kim & Lee 2026; docs/phenomena/pathways.md), loss
 * ½‖Σ_k Ω_k − T‖²_F with whitened inputs. At a global minimum where mode α (target singular value
 * s) is split with shares q_k over the pathways, each balanced, the top Hessian eigenvalue is
 *   λ = L · s^(2−2/L) · Σ_k q_k^(2−2/L);
 * a single path (q = 1) gives λ_single = L·s^(2−2/L), the equal split λ_single·ρ(K, L) with
 * ρ = K^(2/L−1). GD at step η is stable only where λ < 2/η, so 2/λ_single < η < 2/λ_equal forces a split.
 */
export const lambdaSplit = ({ s, L, shares }: { s: number; L: number; shares: number[] }) =>
  L * s ** (2 - 2 / L) * shares.reduce((acc, q) => acc + q ** (2 - 2 / L), 0);
export const lambdaSingle = ({ s, L }: { s: number; L: number }) => L * s ** (2 - 2 / L);
export const reductionFactor = ({ K, L }: { K: number; L: number }) => K ** (2 / L - 1);
export const lambdaEqual = ({ s, L, K }: { s: number; L: number; K: number }) =>
  lambdaSingle({ s, L }) * reductionFactor({ K, L });

export function pathwaysTheory({ s, L, K, lr }: { s: number; L: number; K: number; lr: number }) {
  const single = lambdaSingle({ s, L }),
    equal = lambdaEqual({ s, L, K });
  return {
    lambdaSingle: single,
    lambdaEqual: equal,
    windowLow: 2 / single,
    windowHigh: 2 / equal,
    edge: 2 / lr,
    rho: reductionFactor({ K, L }),
    forcedToSplit: single > 2 / lr,
  };
}

/**
 * For two pathways, the share q ≥ ½ at which the split minimum's sharpness equals 2/η — where GD at
 * the edge of stability settles (from below) when η is inside the window; 1 below the window, ½ above.
 */
export function edgeShare({ s, L, lr }: { s: number; L: number; lr: number }): number {
  const target = 2 / lr;
  const f = (q: number) => lambdaSplit({ s, L, shares: [q, 1 - q] }) - target;
  if (f(1) <= 0) return 1;
  if (f(0.5) >= 0) return 0.5;
  let lo = 0.5,
    hi = 1; // f(lo) < 0 < f(hi): λ grows with the imbalance for L ≥ 3
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Gradient flow of the balanced scalar model, dP_k/dt = L·P_k^(2−2/L)·(s − Σ_j P_j) (t = η·step),
 * integrated by RK4: the winner-takes-all prediction for flow-like steps. Returns P_k at each `times`.
 */
export function flowShares({
  s,
  L,
  P0,
  times,
  dt = 1e-3,
}: {
  s: number;
  L: number;
  P0: number[];
  times: number[];
  dt?: number;
}): number[][] {
  const rate = (P: number[]) => {
    const r = s - P.reduce((a, b) => a + b, 0);
    return P.map((p) => L * Math.max(p, 0) ** (2 - 2 / L) * r);
  };
  const out: number[][] = [];
  let P = P0.slice(),
    t = 0;
  for (const target of times) {
    while (t < target - 1e-12) {
      const h = Math.min(dt, target - t);
      const k1 = rate(P),
        k2 = rate(P.map((p, i) => p + (h / 2) * k1[i])),
        k3 = rate(P.map((p, i) => p + (h / 2) * k2[i])),
        k4 = rate(P.map((p, i) => p + h * k3[i]));
      P = P.map((p, i) => p + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
      t += h;
    }
    out.push(P.slice());
  }
  return out;
}
