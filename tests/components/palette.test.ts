import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { palette } from "../../src/components/palette.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const css = readFileSync(path.join(ROOT, "src/style.css"), "utf8");
const theme = (name: string) =>
  readFileSync(path.join(ROOT, `node_modules/@observablehq/framework/dist/style/theme-${name}.css`), "utf8");

/** WCAG 2.x relative luminance and contrast ratio of two #rrggbb colours. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
/** The values the page's CSS gives the palette's variables: light (:root), and dark (the media query's :root over it). */
function themeValues() {
  const darkAt = css.indexOf("@media (prefers-color-scheme: dark)");
  const vars = (text: string) =>
    Object.fromEntries([...text.matchAll(/(--tdlab-[\w-]+):\s*(#[\da-f]{6})/gi)].map((m) => [m[1], m[2]]));
  const light = vars(css.slice(0, darkAt));
  return { light, dark: { ...light, ...vars(css.slice(darkAt, css.indexOf("}\n}", darkAt))) } };
}

describe("the charts' colours against both themes' backgrounds", () => {
  // Framework's themes the page imports: air (light) and near-midnight (dark).
  const backgrounds = {
    light: /--theme-background-a:\s*(#[\da-f]{6})/i.exec(theme("air"))![1],
    dark: /--theme-background-b:\s*(#[\da-f]{6})/i.exec(theme("near-midnight"))![1],
  };
  const values = themeValues();

  it.each(Object.entries(palette))("%s keeps 3:1 or more in light and in dark mode", (name, value) => {
    if (value === "currentColor") {
      // the text colour itself: the theme's foreground
      for (const [mode, t] of [
        ["light", "air"],
        ["dark", "near-midnight"],
      ] as const) {
        const fg = /--theme-foreground:\s*(#[\da-f]{6})/i.exec(theme(t))![1];
        expect(contrast(fg, backgrounds[mode]), `${name} ${mode}`).toBeGreaterThanOrEqual(3);
      }
      return;
    }
    const variable = /^var\((--tdlab-[\w-]+), (#[\dA-F]{6})\)$/.exec(value)!;
    expect(variable, value).not.toBeNull();
    for (const mode of ["light", "dark"] as const) {
      const hex = values[mode][variable[1]];
      expect(hex, `${variable[1]} in ${mode}`).toBeDefined();
      expect(contrast(hex, backgrounds[mode]), `${name} (${hex}) on ${backgrounds[mode]}`).toBeGreaterThanOrEqual(3);
    }
    // the fallback (drawings outside the page) is the dark theme's value
    expect(variable[2].toLowerCase()).toBe(values.dark[variable[1]].toLowerCase());
  });

  it("computes contrast as WCAG does (black on white 21:1, the Okabe–Ito orange on white 2.25:1)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#E69F00", "#ffffff")).toBeCloseTo(2.25, 2);
  });
});
