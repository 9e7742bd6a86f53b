import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vitest can otherwise load graphql twice ("another module or realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests share one Neo4j (Community has one user database): run files one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ['reflect-metadata'],
    globalSetup: ['test/support/global-setup.ts'],
  },
});
