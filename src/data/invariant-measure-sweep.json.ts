import { invariantMeasureSweep } from "../../loaders/invariantMeasure.js";
process.stdout.write(JSON.stringify(await invariantMeasureSweep()));
