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
    // Sized for a 2-core machine kept busy by other work (`npm run test:load`): a test's own waits
    // have no deadline (they wait for the event, the output, the process: test/support/until.ts), so
    // these are the only ones, and a slow machine must not reach them. At a load average of 20 nearly
    // every test takes under 10 s; the few heavier ones (a generated project's npm install, the fuzz)
    // set their own. Hooks open cores and databases and generate projects.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // expect.poll waits as long as the test may (its default of 1 s is a guess a loaded machine misses).
    expect: { poll: { timeout: 90_000 } },
    // Every answer core gives in a test is held to its method's output schema (the table never lies).
    env: { WEBNOVA_CHECK_ANSWERS: '1' },
  },
});
