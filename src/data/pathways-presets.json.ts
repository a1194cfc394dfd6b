import { pathwaysPresets } from "../../loaders/pathways.js";

process.stdout.write(JSON.stringify(pathwaysPresets()));
