import { pgliteTestDatabase } from './support/databases.js';
import { describeServer } from './support/server-suite.js';

describeServer('the server on embedded PGlite', pgliteTestDatabase);
