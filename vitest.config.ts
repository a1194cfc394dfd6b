import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // The e2e file builds the site (all loaders) while unit files run beside it on the other core.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
