import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * The Inputs stylesheet, self-hosted. Pages import @observablehq/inputs from node_modules (Framework
 * would fetch its implicit `Inputs` and their dependencies from a CDN), and Framework adds the
 * Inputs stylesheet only for the implicit `Inputs`: so the site serves it itself. Framework ships it
 * with a `__ns__` placeholder for the class prefix that the Inputs package stamps on its elements;
 * the prefix is read from the installed package, so the two cannot drift apart.
 */
export function inputsStylesheet(): string {
  const require = createRequire(import.meta.url);
  const framework = require.resolve("@observablehq/framework/package.json").replace(/package\.json$/, "");
  const css = readFileSync(`${framework}dist/client/stdlib/inputs.css`, "utf8");
  const inputs = readFileSync(require.resolve("@observablehq/inputs"), "utf8");
  const ns = /\binputs-[0-9a-f]{6}\b/.exec(inputs)?.[0];
  if (!ns) throw new Error("the Inputs package's class prefix (inputs-xxxxxx) was not found");
  return css.replace(/\b__ns__\b/g, ns);
}
