import { slowTests } from '../../../../packages/core/test/support/slow.js';
import { pgliteTestDatabase, postgresTestDatabase } from '../support/databases.js';
import { describeRedTeam } from './suite.js';

// The corpus runs on PostgreSQL 15 (what a deployment uses) in the main job, on embedded PGlite too in
// the slow one (WEBNOVA_SLOW_TESTS=1): the routes and policies are the same code on both.
describeRedTeam('the red-team corpus on PostgreSQL 15', 'postgres', postgresTestDatabase);
if (slowTests) describeRedTeam('the red-team corpus on embedded PGlite', 'pglite', pgliteTestDatabase);
