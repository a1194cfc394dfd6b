import { pathwaysDigits } from "../../loaders/pathways.js";

process.stdout.write(JSON.stringify(await pathwaysDigits()));
