import { invariantMeasureEnsemble } from "../../loaders/invariantMeasure.js";
process.stdout.write(JSON.stringify(await invariantMeasureEnsemble()));
