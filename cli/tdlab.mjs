#!/usr/bin/env node
// The `tdlab` command: register tsx so the TypeScript CLI runs without a build step.
import { register } from "tsx/esm/api";
register();
const { main } = await import("./main.ts");
process.exitCode = await main({ argv: process.argv.slice(2) });
