import { defineConfig } from 'vitest/config';
import { apiNamesDefine } from './apps/desktop/build/api-names';

// The preload's copy of the API table's names, as the build writes them in.
const apiNames = await apiNamesDefine();

export default defineConfig({
  // The preload's names of the API table, as its build writes them in.
  define: apiNames,
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'apps/*/test/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs'],
    environment: 'node',
    // Many suites wait on subprocesses, sockets and disk (npm install, git, Postgres): two workers
    // overlap that waiting even on a 2-core machine, where the default would run one.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Every answer core gives in a test is held to its method's output schema (the table never lies).
    env: { WEBNOVA_CHECK_ANSWERS: '1' },
  },
});
