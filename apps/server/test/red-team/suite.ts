import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, TestClient } from '../support/client.js';
import type { TestDatabase } from '../support/databases.js';
import { listenOnLoopback, OPEN_TIMEOUT_MS, testApp } from '../support/test-app.js';
import { buildWorld, type World } from '../support/world.js';
import { Arena } from './arena.js';
import { type Engine, RED_TEAM_CASES } from './cases.js';

/** Every red-team case meaningful on `engine`, each against the same app and world. */
export function describeRedTeam(name: string, engine: Engine, open: () => Promise<TestDatabase>): void {
  describe(name, () => {
    let testDb: TestDatabase;
    let app: FastifyInstance;
    let world: World;
    let base: string;
    const client = new TestClient(() => app);
    const arena = new Arena(
      client,
      () => app,
      () => testDb.db,
      () => world,
      () => base,
    );

    beforeAll(async () => {
      testDb = await open();
      app = testApp(testDb.db);
      base = `http://127.0.0.1:${await listenOnLoopback(app)}`;
      world = await buildWorld(client, testDb.db);
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
    });

    for (const attack of RED_TEAM_CASES.filter((entry) => (entry.engines ?? ['postgres', 'pglite']).includes(engine))) {
      it(`${attack.class}: ${attack.attack}`, async () => {
        const outcome = await attack.run(arena);
        if ('sql' in attack.refusal) expect(outcome).toEqual(attack.refusal);
        else if ('sql' in outcome) throw new Error(`expected an HTTP answer, got ${JSON.stringify(outcome)}`);
        else expectProblem(outcome, attack.refusal.status, attack.refusal.code);
      });
    }
  });
}
