import { branchCheckpoints, presetArg } from "../../loaders/checkpoints.js";
process.stdout.write(JSON.stringify(await branchCheckpoints({ experiment: "pathways", preset: presetArg() })));
