import { describe, expect, it } from "vitest";
import { createRng } from "../../src/sim/rng.js";
import {
  amplitudes,
  condensedFraction,
  cosineMatrix,
  meanAbsCosTo,
  orientations,
} from "../../src/sim/metrics/condensation.js";

describe("condensation metrics", () => {
  it("computes amplitudes |a|·‖(w, b)‖ and orientations", () => {
    expect(Array.from(amplitudes({ a: [2, -1], w: [3, 0], b: [4, -2] }))).toEqual([10, 2]);
    expect(Array.from(orientations({ w: [1, 0, -1], b: [0, 1, 0] }))).toEqual([0, Math.PI / 2, Math.PI]);
  });

  it("counts aligned and anti-aligned pairs as condensed, orthogonal ones not", () => {
    // u0 ∥ u1 (same direction), u2 = −u0, u3 ⟂ u0: pairs (0,1), (0,2), (1,2) condensed of 6
    const neurons = { w: [1, 2, -1, 0], b: [1, 2, -1, 5] };
    expect(condensedFraction({ ...neurons })).toBeCloseTo(3 / 6, 12);
    expect(condensedFraction({ w: [1, 0], b: [0, 1] })).toBe(0);
  });

  it("counts the same pairs as the m²/2 cosines, across the wrap at π and with zero neurons", () => {
    const rng = createRng({ seed: 7 });
    for (const threshold of [0, 0.5, 0.9, 0.99, 0.9999]) {
      for (const spread of [0.02, 0.3, 3]) {
        // Clusters around a few directions, some straddling angle 0 ≡ π, plus zero neurons.
        const m = 120,
          w: number[] = [],
          b: number[] = [];
        for (let k = 0; k < m; k++) {
          if (k % 17 === 0) {
            w.push(0);
            b.push(0);
          } else {
            const angle = [0, 1, 2.5, Math.PI - 0.01][k % 4] + spread * rng.normal(),
              r = 0.1 + rng.uniform();
            w.push(r * Math.cos(angle));
            b.push(r * Math.sin(angle));
          }
        }
        const cos = cosineMatrix({ w, b });
        let brute = 0;
        for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) if (Math.abs(cos[k * m + l]) > threshold) brute++;
        expect(condensedFraction({ w, b, threshold })).toBeCloseTo(brute / ((m * (m - 1)) / 2), 12);
      }
    }
  });

  it("builds a symmetric cosine matrix with unit diagonal", () => {
    const m = cosineMatrix({ w: [1, 0, 3], b: [0, 2, 4] });
    for (let k = 0; k < 3; k++) {
      expect(m[k * 3 + k]).toBeCloseTo(1, 12);
      for (let l = 0; l < 3; l++) expect(m[k * 3 + l]).toBeCloseTo(m[l * 3 + k], 12);
    }
    expect(m[0 * 3 + 2]).toBeCloseTo(3 / 5, 12);
  });

  it("measures alignment with a direction M", () => {
    expect(meanAbsCosTo({ w: [2, -1, 0], b: [0, 0, 1], direction: [1, 0] })).toBeCloseTo(2 / 3, 12);
  });
});
