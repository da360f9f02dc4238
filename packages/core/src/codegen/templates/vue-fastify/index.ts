import { defineTemplate } from '../../stack.js';
import { fastifyApi } from './api.js';
import { vueWeb } from './web.js';

export const vueFastifyTemplate = defineTemplate({
  name: 'vue-fastify',
  version: '1.0.0',
  description: 'Vue 3 + Vite front end, Fastify API, drizzle-orm on PostgreSQL (embedded PGlite by default).',
  stackLabel: 'Vue 3 + Vite, Fastify, drizzle-orm on PostgreSQL/PGlite',
  api: fastifyApi,
  web: vueWeb,
});
