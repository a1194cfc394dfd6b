import { provenance } from "../../build/provenance.js";
// The site's version and the commit it was built from: the live run's JSON download records both.
process.stdout.write(JSON.stringify(provenance()));
