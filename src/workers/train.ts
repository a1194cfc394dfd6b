import * as Comlink from "comlink";
import * as tf from "@tensorflow/tfjs-core";
import { chooseBackend } from "./backends.js";
import { trainApi } from "./trainCore.js";

/** The training worker with TensorFlow.js: for a tfjs backend, or `auto` measuring a hardware GPU. */
Comlink.expose(trainApi({ tfjs: { tf, chooseBackend } }));
