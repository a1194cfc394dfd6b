import { branchCheckpoints, presetArg } from "../../loaders/checkpoints.js";
import { pathwaysBranch } from "../../loaders/pathways.js";

const file = await branchCheckpoints({ experiment: "pathways", branch: pathwaysBranch, preset: presetArg() });
process.stdout.write(JSON.stringify(file));
