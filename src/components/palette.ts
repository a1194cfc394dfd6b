/** Okabe–Ito colours: distinguishable under the common colour-vision deficiencies. */
export const palette = {
  precomputed: "#0072B2",
  live: "#D55E00",
  theory: "#009E73",
  marker: "#CC79A7",
  plateau: "#999999",
  descent: "#E69F00",
  diverged: "#000000",
  /** Gradient flow beside gradient descent (Okabe–Ito sky blue). */
  flow: "#56B4E9",
} as const;

/** One legend for every time chart: series name → colour. */
export const seriesColor = {
  domain: ["precomputed (median, range over seeds)", "live run", "theory", "plateau", "descent"],
  range: [palette.precomputed, palette.live, palette.theory, palette.plateau, palette.descent],
};
