DROP INDEX `events_listing_idx`;--> statement-breakpoint
ALTER TABLE `events` ADD `draft` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `events_listing_idx` ON `events` (`archived_at`,`draft`,`ends_at`,`starts_at`);--> statement-breakpoint
ALTER TABLE `revisions` ADD `fields` text;