import { defineTemplate } from '../../stack.js';
import { expressApi } from './api.js';
import { reactWeb } from './web.js';

export const reactExpressTemplate = defineTemplate({
  name: 'react-express',
  version: '1.0.0',
  description: 'React + Vite front end, Express API, drizzle-orm on PostgreSQL (embedded PGlite by default).',
  stackLabel: 'React + Vite, Express, drizzle-orm on PostgreSQL/PGlite',
  api: expressApi,
  web: reactWeb,
});
