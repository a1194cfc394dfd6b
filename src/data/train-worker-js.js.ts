import { bundleWorker } from "../../build/bundleWorker.js";
process.stdout.write(await bundleWorker({ entry: "trainJs" }));
