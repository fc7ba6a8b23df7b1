import { defineConfig } from "vitest/config";

// Tests live in test/ (mirroring the source tree). dist/ and node_modules are never collected,
// so a compiled copy of a test cannot run twice.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
