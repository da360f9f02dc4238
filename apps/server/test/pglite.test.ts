import { describeAuthorizationMatrix } from './support/authorization-matrix.js';
import { pgliteTestDatabase } from './support/databases.js';
import { describeGovernance } from './support/governance-suite.js';
import { describeServer } from './support/server-suite.js';

describeServer('the server on embedded PGlite', pgliteTestDatabase);
describeGovernance('decisions, audit, TOTP and permissions on embedded PGlite', pgliteTestDatabase);
describeAuthorizationMatrix('the authorization matrix on embedded PGlite', pgliteTestDatabase);
