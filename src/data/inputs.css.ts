import { inputsStylesheet } from "../../build/inputsStylesheet.js";
process.stdout.write(inputsStylesheet());
