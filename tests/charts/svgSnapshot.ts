import { expect } from "vitest";

/**
 * What the chart snapshot tests share (in vitest's jsdom environment). jsdom has no canvas, and
 * Plot's colour ramps and raster mark paint into one: a context that paints nothing keeps a
 * snapshot to what the chart itself draws (a ramp's image is a constant data URL).
 */
export function stubCanvas(): void {
  HTMLCanvasElement.prototype.getContext = (() => ({
    fillStyle: "",
    fillRect() {},
    createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    putImageData() {},
    drawImage() {},
  })) as unknown as HTMLCanvasElement["getContext"];
  HTMLCanvasElement.prototype.toDataURL = () => "data:image/png;base64,";
}

/** A chart's HTML with numbers rounded to two decimals (as Plot's own snapshot tests do) and caption ids fixed. */
export const rounded = (html: string) =>
  html
    .replace(/\d+\.\d{3,}/g, (x) => String(Math.round(Number(x) * 100) / 100))
    .replace(/chart-caption-\d+/g, "chart-caption");

/** Compare a drawn chart with its snapshot file, tests/charts/__snapshots__/NAME.html. */
export const snapshot = (el: Element, name: string) =>
  expect(rounded(el.outerHTML)).toMatchFileSnapshot(`__snapshots__/${name}.html`);
