import { readFileSync } from "node:fs";
// The site's version, from package.json: the live run's JSON download records it.
const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
process.stdout.write(JSON.stringify({ version }));
