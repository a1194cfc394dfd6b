import { branchCheckpoints, presetArg } from "../../loaders/checkpoints.js";
import { invariantMeasureBranch } from "../../loaders/invariantMeasure.js";

const file = await branchCheckpoints({
  experiment: "invariant-measure",
  branch: invariantMeasureBranch,
  preset: presetArg(),
});
process.stdout.write(JSON.stringify(file));
