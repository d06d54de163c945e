-- Venue and city move from the event to each of its texts, so each language names the place
-- its own way. Every existing text keeps the place the event had (written once for both).
ALTER TABLE `event_texts` ADD `venue` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `event_texts` ADD `city` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `event_texts` SET
	`venue` = coalesce((SELECT `venue` FROM `events` WHERE `events`.`id` = `event_texts`.`event_id`), ''),
	`city` = coalesce((SELECT `city` FROM `events` WHERE `events`.`id` = `event_texts`.`event_id`), '');--> statement-breakpoint
ALTER TABLE `events` DROP COLUMN `venue`;--> statement-breakpoint
ALTER TABLE `events` DROP COLUMN `city`;
