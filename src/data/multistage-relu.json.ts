import { multistageDataset } from "../../loaders/multistage.js";
process.stdout.write(JSON.stringify(await multistageDataset({ preset: "relu" })));
