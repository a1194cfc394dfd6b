import { branchCheckpoints, presetArg } from "../../loaders/checkpoints.js";
import { multistageBranch } from "../../loaders/multistage.js";

const file = await branchCheckpoints({ experiment: "multistage", branch: multistageBranch, preset: presetArg() });
process.stdout.write(JSON.stringify(file));
