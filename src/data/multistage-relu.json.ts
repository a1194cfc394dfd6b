import { multistageDataset } from "../../loaders/multistage.js";
// 10^5 steps: the ReLU preset keeps gaining condensed orientations from 10^2 to 10^5 (docs/phenomena/multistage.md).
process.stdout.write(JSON.stringify(await multistageDataset({ preset: "relu", steps: 100000 })));
