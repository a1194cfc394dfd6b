import { pathwaysRuns, controlRuns } from "../../loaders/pathways.js";
process.stdout.write(JSON.stringify(await pathwaysRuns({ runs: controlRuns })));
