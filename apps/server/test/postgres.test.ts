import { describeAuthorizationMatrix } from './support/authorization-matrix.js';
import { postgresTestDatabase } from './support/databases.js';
import { describeGovernance } from './support/governance-suite.js';
import { describeServer } from './support/server-suite.js';

describeServer('the server on PostgreSQL 15', postgresTestDatabase);
describeGovernance('decisions, audit, TOTP and permissions on PostgreSQL 15', postgresTestDatabase);
describeAuthorizationMatrix('the authorization matrix on PostgreSQL 15', postgresTestDatabase);
