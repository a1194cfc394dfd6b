import { bundleCli } from "../build/bundleCli.js";

/** The CLI tests run the bin as a user would: on a bundle of the current sources. */
export default async function setup() {
  await bundleCli();
}
