import { invariantMeasureDecay } from "../../loaders/invariantMeasure.js";
process.stdout.write(JSON.stringify(await invariantMeasureDecay()));
