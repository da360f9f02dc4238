import { postgresTestDatabase } from './support/databases.js';
import { describeServer } from './support/server-suite.js';

describeServer('the server on PostgreSQL 15', postgresTestDatabase);
