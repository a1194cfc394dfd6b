// worker_threads entry: Node cannot start a thread on a .ts file, so register tsx here first.
import { register } from "tsx/esm/api";
register();
await import("./runJob.ts");
