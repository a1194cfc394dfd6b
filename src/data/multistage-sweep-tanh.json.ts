import { multistageSweep } from "../../loaders/multistage.js";
process.stdout.write(JSON.stringify(await multistageSweep({ preset: "tanh" })));
