import { bundleWorker } from "../../loaders/bundleWorker.js";
process.stdout.write(await bundleWorker());
