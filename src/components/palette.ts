/**
 * Okabe–Ito colours: distinguishable under the common colour-vision deficiencies. Each is a CSS
 * variable of the page (src/style.css) with a value per theme, so that every mark keeps at least
 * 3:1 against the page's background in light and in dark mode (WCAG 1.4.11): on white the orange,
 * sky blue and grey are darkened. The fallback inside each is the dark theme's, for drawings made
 * outside the page (SVG snapshots in Node). "Diverged" is the text colour itself.
 */
export const palette = {
  precomputed: "var(--tdlab-precomputed, #0072B2)",
  live: "var(--tdlab-live, #D55E00)",
  theory: "var(--tdlab-theory, #009E73)",
  marker: "var(--tdlab-marker, #CC79A7)",
  plateau: "var(--tdlab-plateau, #999999)",
  descent: "var(--tdlab-descent, #E69F00)",
  diverged: "currentColor",
  /** Gradient flow beside gradient descent (Okabe–Ito sky blue). */
  flow: "var(--tdlab-flow, #56B4E9)",
} as const;

/** One legend for every time chart: series name → colour. */
export const seriesColor = {
  domain: ["precomputed (median, range over seeds)", "live run", "theory", "plateau", "descent"],
  range: [palette.precomputed, palette.live, palette.theory, palette.plateau, palette.descent],
};
