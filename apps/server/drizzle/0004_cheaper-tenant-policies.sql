-- Two roles instead of one OR in every policy. Tenant scope runs as webnova_app, whose only policy is
-- an equality the planner can use an index for and estimate well; installation scope (login, session
-- checks, bootstrap, ROOT_OWNER's tenant list) runs as webnova_installation, which sees every row. With
-- the OR, a tenant's queries were planned for a handful of rows and paid ~20-30% at p95 over 10,000 rows
-- (bench/server-rls.bench.mjs). The setting is read once per statement (a scalar subquery, an InitPlan).
-- Like webnova_app: NOLOGIN, no BYPASSRLS, owns nothing; the URL's role must be a member of both.
DO $$
BEGIN
  CREATE ROLE webnova_installation NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO webnova_installation;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO webnova_installation;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO webnova_installation;
--> statement-breakpoint
DROP POLICY tenant_isolation ON tenants;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants TO webnova_app
  USING (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY installation ON tenants TO webnova_installation USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY tenant_isolation ON users;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON users TO webnova_app
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY installation ON users TO webnova_installation USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY tenant_isolation ON sessions;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sessions TO webnova_app
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY installation ON sessions TO webnova_installation USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY tenant_isolation ON audit_entries;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_entries TO webnova_app
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY installation ON audit_entries TO webnova_installation USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY tenant_isolation ON decisions;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON decisions TO webnova_app
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY installation ON decisions TO webnova_installation USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY tenant_isolation ON decision_reviews;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON decision_reviews TO webnova_app
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY installation ON decision_reviews TO webnova_installation USING (true) WITH CHECK (true);
