CREATE TABLE "device" (
	"slot" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"device_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_single_row" CHECK ("device"."slot" = 1)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"global_position" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_global_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"stream_version" bigint NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"meta" jsonb NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "streams" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_stream_id_streams_stream_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("stream_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "events_stream_version_unique" ON "events" USING btree ("stream_id","stream_version");