import { pathwaysScalar } from "../../loaders/pathways.js";
process.stdout.write(JSON.stringify(await pathwaysScalar()));
