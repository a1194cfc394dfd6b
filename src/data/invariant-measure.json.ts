import { invariantMeasureDataset } from "../../loaders/invariantMeasure.js";
process.stdout.write(JSON.stringify(await invariantMeasureDataset()));
