import { multistageDigits } from "../../loaders/multistageDigits.js";

process.stdout.write(JSON.stringify(await multistageDigits()));
