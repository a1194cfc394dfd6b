import { pathwaysDigitsTanh } from "../../loaders/pathwaysTanh.js";

process.stdout.write(JSON.stringify(await pathwaysDigitsTanh()));
