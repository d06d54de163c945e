-- Issue 12: one identity. `organisers` becomes `accounts`, whose role may also be `member`
-- (the forum's, to come); sessions and revisions point at it through `account_id`; the
-- event's free-text `organiser` column becomes `host`. SQLite cannot change a CHECK
-- constraint or a foreign key in place, so the three tables are rebuilt, keeping every id.
--
-- Written by hand, in an order that is safe with foreign_keys ON (the migrator runs in one
-- transaction, where that pragma cannot be changed): the children are copied to tables that
-- point at `accounts` and dropped before `organisers` is, so dropping it cascades to nothing.
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`password_hash` text NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "accounts_role_check" CHECK("accounts"."role" in ('member', 'organiser', 'admin'))
);
--> statement-breakpoint
INSERT INTO `accounts` (`id`, `email`, `name`, `role`, `password_hash`, `disabled_at`, `created_at`, `updated_at`)
SELECT `id`, `email`, `name`, `role`, `password_hash`, `disabled_at`, `created_at`, `updated_at` FROM `organisers`;
--> statement-breakpoint
-- AUTOINCREMENT never hands out an id again: carry the counter over, not just the highest id kept.
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'organisers'), 0))
WHERE `name` = 'accounts';
--> statement-breakpoint
CREATE TABLE `sessions_new` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `sessions_new` (`token_hash`, `account_id`, `created_at`, `last_seen_at`, `expires_at`)
SELECT `token_hash`, `organiser_id`, `created_at`, `last_seen_at`, `expires_at` FROM `sessions`;
--> statement-breakpoint
CREATE TABLE `revisions_new` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`version` integer NOT NULL,
	`account_id` integer,
	`action` text NOT NULL,
	`fields` text,
	`snapshot` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `revisions_new` (`id`, `entity`, `entity_id`, `version`, `account_id`, `action`, `fields`, `snapshot`, `created_at`)
SELECT `id`, `entity`, `entity_id`, `version`, `organiser_id`, `action`, `fields`, `snapshot`, `created_at` FROM `revisions`;
--> statement-breakpoint
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'revisions'), 0))
WHERE `name` = 'revisions_new';
--> statement-breakpoint
DROP TABLE `sessions`;
--> statement-breakpoint
DROP TABLE `revisions`;
--> statement-breakpoint
DROP TABLE `organisers`;
--> statement-breakpoint
ALTER TABLE `sessions_new` RENAME TO `sessions`;
--> statement-breakpoint
ALTER TABLE `revisions_new` RENAME TO `revisions`;
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);
--> statement-breakpoint
CREATE INDEX `revisions_entity_idx` ON `revisions` (`entity`,`entity_id`,`version`);
--> statement-breakpoint
ALTER TABLE `events` RENAME COLUMN `organiser` TO `host`;
