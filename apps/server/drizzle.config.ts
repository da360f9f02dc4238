import { defineConfig } from 'drizzle-kit';

// `cd apps/server && npx drizzle-kit generate --name <what-changed>` writes a new migration into
// apps/server/drizzle after a schema change. Row-level security lives in a hand-written migration
// (`--custom`): drizzle's schema cannot say FORCE ROW LEVEL SECURITY.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
