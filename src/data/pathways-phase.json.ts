import { pathwaysPhase } from "../../loaders/pathways.js";
process.stdout.write(JSON.stringify(await pathwaysPhase()));
