import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Card } from "../src/components/charts/card.js";
import { experiments } from "../src/sim/experiments/index.js";

const SRC = path.resolve(import.meta.dirname, "../src");

/** The index's front matter: its description is also what search results and shared links show. */
export const INDEX_FRONT = {
  title: "Training Dynamics Lab",
  description:
    "Reproduce what theory papers claim about how neural networks train: precomputed figures, theory lines computed in code, and every run re-runnable live in the page or from a terminal.",
} as const;

export interface Listed {
  name: string;
  card: Card<unknown>;
}

/** Every registered phenomenon's card (`src/cards/<name>.ts`), in the registry's order; a missing card names its file. */
export async function phenomenonCards(): Promise<Listed[]> {
  return Promise.all(
    Object.keys(experiments).map(async (name) => {
      const file = path.join(SRC, "cards", `${name}.ts`);
      const mod = await import(pathToFileURL(file).href).catch(() => {
        throw new Error(`phenomenon ${name} has no card: write src/cards/${name}.ts (docs/adding-a-phenomenon.md)`);
      });
      return { name, card: mod.card as Card<unknown> };
    }),
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One card: static text, and its preview drawn in the page from its precomputed file. */
function cardHtml({ name, card }: Listed, i: number): string {
  return `  <a class="card" href="./${name}">
    <h2>${escapeHtml(card.heading)}</h2>
    \${resize((width) => previewChart({...card${i}.preview(data${i}), width}))}
    <p>${escapeHtml(card.blurb)}</p>
    <p class="card-meta">${escapeHtml(card.source)}</p>
  </a>`;
}

/**
 * The index page's Markdown (src/index.md.ts, Framework's page loader): one card per phenomenon in
 * the registry, so a new phenomenon is listed with no edit here. Each card's file is attached by a
 * literal name, as Framework requires to include it in the build.
 */
export function indexMarkdown(list: Listed[]): string {
  const imports = list.map(({ name, card }, i) =>
    [
      `import {card as card${i}} from "./cards/${name}.js";`,
      `const data${i} = await FileAttachment(${JSON.stringify(card.data)}).json();`,
    ].join("\n"),
  );
  return `---
title: ${INDEX_FRONT.title}
toc: false
description: ${JSON.stringify(INDEX_FRONT.description)}
---

# Training Dynamics Lab

<p class="lede">Theory papers make precise claims about <em>how</em> neural networks train: when the loss stalls, where the weights go, what a large learning rate does. Each page here reproduces one claim with long training runs, draws the paper's predictions over them, and lets you change any parameter and re-run the training in the page, to see the claim hold, bend or break.</p>

\`\`\`js
import {previewChart} from "./components/charts/previewChart.js";
${imports.join("\n")}
\`\`\`

<div class="grid grid-cols-3 phenomena">
${list.map(cardHtml).join("\n")}
</div>

**What runs where.** Every figure is precomputed when the site is built, by the project's own float64 engine (hand-written, on WebAssembly SIMD kernels). A live run in a page trains in a Web Worker on the engine chosen in its run bar: \`js\` is that same float64 engine, and the TensorFlow.js backends (WebGPU, WebGL, WASM, CPU) train in float32. The command line (\`cli/tdlab.mjs\` in the repository) runs the same code in a terminal. To add a phenomenon of your own, see \`docs/adding-a-phenomenon.md\` there.
`;
}
