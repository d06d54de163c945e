DROP INDEX `events_ends_at_idx`;--> statement-breakpoint
CREATE INDEX `events_listing_idx` ON `events` (`archived_at`,`ends_at`,`starts_at`);--> statement-breakpoint
CREATE INDEX `posts_visible_idx` ON `posts` (`status`,`archived_at`);