import { defineConfig } from 'drizzle-kit';

// `cd packages/core && npx drizzle-kit generate --name <what-changed>` writes a new migration into
// packages/core/drizzle after a change to the store's schema; the store applies them on open.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/store/schema.ts', './src/sync/schema.ts'],
  out: './drizzle',
});
