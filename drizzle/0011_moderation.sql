CREATE TABLE `account_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "account_tokens_purpose_check" CHECK("account_tokens"."purpose" in ('confirm', 'reset'))
);
--> statement-breakpoint
CREATE INDEX `account_tokens_account_idx` ON `account_tokens` (`account_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `follows` (
	`account_id` integer NOT NULL,
	`discussion_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `discussion_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`discussion_id`) REFERENCES `discussions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `follows_discussion_idx` ON `follows` (`discussion_id`);--> statement-breakpoint
CREATE TABLE `message_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "message_flags_reason_check" CHECK("message_flags"."reason" in ('spam', 'abuse', 'off_topic', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_flags_once_idx` ON `message_flags` (`message_id`,`account_id`);--> statement-breakpoint
CREATE INDEX `message_flags_waiting_idx` ON `message_flags` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `message_flags_account_idx` ON `message_flags` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `moderation_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer,
	`actor_name` text,
	`action` text NOT NULL,
	`message_id` integer,
	`discussion_id` integer,
	`member_id` integer,
	`reason` text,
	`snapshot` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `moderation_log_created_idx` ON `moderation_log` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `moderation_log_message_idx` ON `moderation_log` (`message_id`);--> statement-breakpoint
CREATE INDEX `moderation_log_member_idx` ON `moderation_log` (`member_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`discussion_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`discussion_id`) REFERENCES `discussions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notifications_reason_check" CHECK("notifications"."reason" in ('reply', 'follow'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_idx` ON `notifications` (`account_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `notifications_waiting_idx` ON `notifications` (`sent_at`,`account_id`,`discussion_id`);--> statement-breakpoint
CREATE INDEX `notifications_message_idx` ON `notifications` (`message_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer,
	`to_address` text NOT NULL,
	`kind` text NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`headers` text,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "outbox_state_check" CHECK("outbox"."state" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_account_idx` ON `outbox` (`account_id`);--> statement-breakpoint
CREATE TABLE `rate_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_hits_key_at_idx` ON `rate_hits` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trap_counts` (
	`kind` text NOT NULL,
	`day` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `day`)
);
--> statement-breakpoint
CREATE TABLE `word_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`locale` text NOT NULL,
	`word` text NOT NULL,
	`folded` text NOT NULL,
	`action` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "word_rules_locale_check" CHECK("word_rules"."locale" in ('fr', 'en')),
	CONSTRAINT "word_rules_action_check" CHECK("word_rules"."action" in ('block', 'hold'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `word_rules_once_idx` ON `word_rules` (`locale`,`folded`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `email_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `trusted_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `held_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `hold_reason` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `banned_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `banned_until` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `ban_reason` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `email_frequency` text DEFAULT 'hourly' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `moderation_reason` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `moderated_at` integer;--> statement-breakpoint
-- Members who signed up before moderation existed are not "new": their messages never waited.
UPDATE `accounts` SET `trusted_at` = `created_at`;--> statement-breakpoint
-- The key that signs forms' timestamps and unsubscribe links: one per database, never sent.
INSERT OR IGNORE INTO `meta` (`key`, `value`) VALUES ('secret', lower(hex(randomblob(32))));
--> statement-breakpoint
-- Authors follow the discussions they wrote in, as new authors will from their first message.
INSERT OR IGNORE INTO `follows` (`account_id`, `discussion_id`, `created_at`)
	SELECT `author_id`, `discussion_id`, min(`created_at`) FROM `messages`
	WHERE `author_id` IS NOT NULL GROUP BY `author_id`, `discussion_id`;
