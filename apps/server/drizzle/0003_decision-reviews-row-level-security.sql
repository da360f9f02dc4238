-- decision_reviews is a tenant table like the others (see 0001): RLS enabled, forced, keyed on app.tenant_id.
GRANT SELECT, INSERT, UPDATE, DELETE ON decision_reviews TO webnova_app;
--> statement-breakpoint
ALTER TABLE decision_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE decision_reviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON decision_reviews
  USING (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true))
  WITH CHECK (current_setting('app.scope', true) = 'installation' OR tenant_id::text = current_setting('app.tenant_id', true));
