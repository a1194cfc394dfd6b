// Every phenomenon's experiment: one line each (`tdlab new` adds one). The site lists them by name.
export { invariantMeasure } from "./invariantMeasure.js";
export { multistage } from "./multistage.js";
export { pathways } from "./pathways.js";
