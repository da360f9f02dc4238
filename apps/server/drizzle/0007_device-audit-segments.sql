ALTER TABLE "devices" ADD COLUMN "audit_seq" integer;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "audit_head" text;--> statement-breakpoint
CREATE INDEX "sync_events_chain_hash_idx" ON "sync_events" USING btree ("tenant_id","chain_hash") WHERE "sync_events"."chain_hash" is not null;