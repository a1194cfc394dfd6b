import { provenance, type Provenance } from "../build/provenance.js";

declare const __TDLAB_PROVENANCE__: Provenance | undefined;

/** The version and commit this CLI was built from: stamped into the bundle, or read from the checkout. */
export const PROVENANCE: Provenance = typeof __TDLAB_PROVENANCE__ !== "undefined" ? __TDLAB_PROVENANCE__ : provenance();
