-- Tenant isolation. The server runs its queries as webnova_app: no BYPASSRLS, owns no table, and every
-- transaction says whose rows it may see with set_config('app.tenant_id', <uuid>, true). The
-- installation scope (app.scope = 'installation') is for what no single tenant owns: login, session
-- checks, bootstrap and ROOT_OWNER's administration. FORCE makes the policies bind the tables' owner too.
DO $$
BEGIN
  CREATE ROLE webnova_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO webnova_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO webnova_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO webnova_app;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants
  USING (current_setting('app.scope', true) = 'installation' OR id::text = current_setting('app.tenant_id', true))
  WITH CHECK (current_setting('app.scope', true) = 'installation' OR id::text = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON users
  USING (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true))
  WITH CHECK (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sessions
  USING (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true))
  WITH CHECK (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_entries
  USING (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true))
  WITH CHECK (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE decisions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON decisions
  USING (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true))
  WITH CHECK (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true));
