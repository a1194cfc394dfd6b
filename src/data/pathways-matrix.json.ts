import { pathwaysRuns, headlineRuns } from "../../loaders/pathways.js";
process.stdout.write(JSON.stringify(await pathwaysRuns({ runs: headlineRuns })));
