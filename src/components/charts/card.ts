import type { previewChart } from "./previewChart.js";

/** A preview chart's options, less its size (the card and the Open Graph image size it). */
export type PreviewOptions = Omit<Parameters<typeof previewChart>[0], "width" | "height" | "scale" | "document">;

/**
 * What the index shows of a phenomenon, from its own module (`src/cards/<name>.ts`): a heading, a
 * sentence, its source and what a reader can change, and its hero in miniature drawn from one of its
 * precomputed files. The build draws the same preview as the page's Open Graph image.
 */
export interface Card<D = never> {
  heading: string;
  blurb: string;
  /** The paper, and what a reader can change. */
  source: string;
  /** The precomputed file the preview reads, as the page attaches it ("data/multistage-tanh.json"). */
  data: string;
  preview(data: D): PreviewOptions;
}
