import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { experiments } from "../src/sim/experiments/index.js";
import { quote } from "../src/sim/params.js";

/** The repository this CLI belongs to (cli/ and dist-cli/ both sit at its top level). */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATES = "cli/templates/phenomenon";
const REGISTRY = "src/sim/experiments/registry.ts";

/** Names a page cannot take: the site's own pages and folders, and Framework's output folders. */
const RESERVED = new Set(["index", "data", "components", "cards", "sim", "workers", "text", "404"]);
// A camelCase name is a JavaScript identifier in the generated code.
const KEYWORDS = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(
    " ",
  ),
);

export interface NewCommand {
  command: "new";
  name: string;
  title: string;
}

/** The words of a phenomenon's name, three ways: kebab-case (its page), camelCase (its modules) and a title. */
export function nameForms(name: string) {
  const words = name.split("-");
  return {
    name,
    camel:
      words[0] +
      words
        .slice(1)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(""),
    title: words.join(" ").replace(/^./, (c) => c.toUpperCase()),
  };
}

/** `tdlab new NAME [--title TEXT]`: every refusal is a RangeError of one line naming what is wrong (exit 2). */
export function parseNew(argv: string[]): NewCommand {
  const [name, ...rest] = argv;
  if (name === undefined || name.startsWith("-")) throw new RangeError("new needs a NAME, e.g. tdlab new edge-demo");
  let title: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s);
    if (flag !== "--title") throw new RangeError(`unknown option ${quote(rest[i])} for new; allowed: --title`);
    title = inline ?? rest[++i] ?? null;
    if (!title || !/^[\p{L}\p{N}][\p{L}\p{N} ,.()'–-]*$/u.test(title) || title.length > 80)
      throw new RangeError("--title must be words: letters, digits, spaces and , . ( ) ' – -; 80 characters at most");
  }
  checkName(name);
  return { command: "new", name, title: title ?? nameForms(name).title };
}

/** A NAME that is kebab-case, not taken by an experiment, a page, a module or a reserved folder. */
function checkName(name: string) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40)
    throw new RangeError(`NAME ${quote(name)} must be kebab-case (a-z, 0-9, single hyphens; 40 characters at most)`);
  const { camel } = nameForms(name);
  if (Object.hasOwn(experiments, name)) throw new RangeError(`NAME ${quote(name)} is taken: an experiment has it`);
  if (RESERVED.has(name) || KEYWORDS.has(camel) || name.startsWith("_"))
    throw new RangeError(`NAME ${quote(name)} is reserved: the site or JavaScript uses it`);
  const taken = planFiles(nameForms(name)).find((f) => existsSync(path.join(ROOT, f.target)));
  const page = [`src/${name}.md.ts`, `src/${name}.md.js`, `src/${name}`].find((f) => existsSync(path.join(ROOT, f)));
  if (taken || page)
    throw new RangeError(`NAME ${quote(name)} would clash with ${taken?.target ?? page}, which exists`);
}

/** Every template file and where it goes for this name. */
function planFiles(forms: ReturnType<typeof nameForms>): { template: string; target: string }[] {
  const fill = (s: string) => s.replaceAll("__name__", forms.name).replaceAll("__camel__", forms.camel);
  const walk = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir)).flatMap((f) => {
      const p = `${dir}/${f}`;
      return statSync(path.join(ROOT, p)).isDirectory() ? walk(p) : [p];
    });
  return walk(TEMPLATES)
    .filter((f) => f.endsWith(".tmpl"))
    .sort()
    .map((template) => ({ template, target: fill(template.slice(TEMPLATES.length + 1, -".tmpl".length)) }));
}

/**
 * Writes a working phenomenon (docs/adding-a-phenomenon.md): its experiment, presets, page, card,
 * loaders, doc and tests, new files all, and one line in the experiments' registry. Returns the
 * paths written, relative to the repository.
 */
export function writePhenomenon({ name, title }: { name: string; title: string }): string[] {
  const forms = { ...nameForms(name), title };
  const fill = (s: string) =>
    s.replaceAll("__name__", forms.name).replaceAll("__camel__", forms.camel).replaceAll("__title__", forms.title);
  const files = planFiles(forms).map(({ template, target }) => ({
    target,
    text: fill(readFileSync(path.join(ROOT, template), "utf8")),
  }));
  for (const { target, text } of files) {
    mkdirSync(path.dirname(path.join(ROOT, target)), { recursive: true });
    writeFileSync(path.join(ROOT, target), text, { flag: "wx" });
  }
  formatted(files.map((f) => f.target).filter((f) => f.endsWith(".ts")));
  const registry = path.join(ROOT, REGISTRY);
  const lines = readFileSync(registry, "utf8").replace(/\n*$/, "\n");
  writeFileSync(registry, `${lines}export { ${forms.camel} } from "./${forms.camel}.js";\n`);
  return [...files.map((f) => f.target), REGISTRY];
}

/** The project's formatter over new code, where it is installed: a longer NAME makes longer lines. */
function formatted(files: string[]) {
  const biome = path.join(ROOT, "node_modules/.bin/biome");
  if (existsSync(biome)) spawnSync(biome, ["format", "--write", ...files], { cwd: ROOT, stdio: "ignore" });
}

/** `tdlab new`: the files, then the CLI rebuilt so that it knows the new experiment; what to do next. */
export async function newPhenomenon(cmd: NewCommand): Promise<string> {
  const written = writePhenomenon(cmd);
  // Loaded here only: the bundler needs esbuild from node_modules, which a compute node running the
  // bundle alone does not have.
  const { bundleCli } = await import("../build/bundleCli.js");
  await bundleCli();
  return `wrote ${cmd.name}:
${written.map((f) => `  ${f}`).join("\n")}
next: node cli/tdlab.mjs run ${cmd.name} --lr 0.21   (above 2/λ_max: it diverges)
      npm test; npm run dev, then open /${cmd.name}; docs/adding-a-phenomenon.md says what each file is for`;
}

export function newHelp(): string {
  return `tdlab new NAME [--title TEXT]: write a working phenomenon to start from.

NAME is kebab-case (edge-demo); its page is src/NAME.md, its experiment src/sim/experiments/<camelCase>.ts.
The example is real: gradient descent on a quadratic, its sharpness measured from Hessian-vector
products, converging below the step size 2/λ_max and diverging above. It writes new files only
(experiment, presets, page, card, loaders, doc, tests) and one line in ${REGISTRY}, then
rebuilds the CLI, so that tdlab run NAME works at once; npm test and npm run build include it.
A NAME that is taken, not kebab-case or would clash with a page is refused (exit 2), nothing written.
What each file is for: docs/adding-a-phenomenon.md.

Options:
  --title TEXT   the page's title (default: NAME in words)`;
}
