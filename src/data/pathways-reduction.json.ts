import { pathwaysReduction } from "../../loaders/pathways.js";
process.stdout.write(JSON.stringify(await pathwaysReduction()));
