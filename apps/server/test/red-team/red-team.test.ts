import { pgliteTestDatabase, postgresTestDatabase } from '../support/databases.js';
import { describeRedTeam } from './suite.js';

describeRedTeam('the red-team corpus on PostgreSQL 15', 'postgres', postgresTestDatabase);
describeRedTeam('the red-team corpus on embedded PGlite', 'pglite', pgliteTestDatabase);
