import * as Comlink from "comlink";
import { trainApi } from "./trainCore.js";

/** The training worker without TensorFlow.js: the js engine alone, so a js run downloads no tfjs. */
Comlink.expose(trainApi());
