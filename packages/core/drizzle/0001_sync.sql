CREATE TABLE "sync_log" (
	"position" bigint PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"device_id" uuid,
	"seq" bigint,
	"stream_id" text NOT NULL,
	"stream_version" bigint NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"occurred_at" timestamp(3) with time zone NOT NULL,
	"received_at" timestamp(3) with time zone NOT NULL,
	"chain_hash" text,
	CONSTRAINT "sync_log_event_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "sync_outbox" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"status" text,
	"position" bigint,
	"refusal" jsonb,
	"answered_at" timestamp (3) with time zone,
	CONSTRAINT "sync_outbox_event_unique" UNIQUE("event_id"),
	CONSTRAINT "sync_outbox_seq_check" CHECK ("sync_outbox"."seq" > 0),
	CONSTRAINT "sync_outbox_status_check" CHECK ("sync_outbox"."status" in ('accepted', 'duplicate', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"slot" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"tenant_id" uuid NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"numbered_through" bigint DEFAULT 0 NOT NULL,
	"pulled_at" timestamp (3) with time zone,
	"pushed_at" timestamp (3) with time zone,
	CONSTRAINT "sync_state_single_row" CHECK ("sync_state"."slot" = 1)
);
--> statement-breakpoint
CREATE INDEX "sync_outbox_waiting_idx" ON "sync_outbox" USING btree ("seq") WHERE "sync_outbox"."status" is null;