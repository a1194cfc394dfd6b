import { invariantMeasureDigits } from "../../loaders/invariantMeasureDigits.js";

process.stdout.write(JSON.stringify(await invariantMeasureDigits()));
