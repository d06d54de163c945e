-- Issue 13: the forum. One discussion per event, per post and per topic; messages with every
-- version kept; a full-text index of the published messages. No trigger here touches
-- meta.data_version: a new message must not empty the response cache of the whole site (the
-- forum invalidates what shows it, src/lib/server/forum/changes.ts).
CREATE TABLE `discussions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`event_id` integer REFERENCES `events`(`id`) ON DELETE cascade,
	`post_id` integer REFERENCES `posts`(`id`) ON DELETE cascade,
	`slug` text,
	`title` text,
	`locale` text,
	`author_id` integer REFERENCES `accounts`(`id`) ON DELETE set null,
	`pinned_at` integer,
	`closed_at` integer,
	`message_count` integer DEFAULT 0 NOT NULL,
	`listed_count` integer DEFAULT 0 NOT NULL,
	`last_message_id` integer,
	`last_activity_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "discussions_kind_check" CHECK("discussions"."kind" in ('event', 'post', 'topic')),
	-- Each kind names its subject and nothing else: a topic has a slug and a title.
	CONSTRAINT "discussions_subject_check" CHECK(
		("discussions"."kind" = 'event' AND "discussions"."event_id" IS NOT NULL AND "discussions"."post_id" IS NULL AND "discussions"."slug" IS NULL)
		OR ("discussions"."kind" = 'post' AND "discussions"."post_id" IS NOT NULL AND "discussions"."event_id" IS NULL AND "discussions"."slug" IS NULL)
		OR ("discussions"."kind" = 'topic' AND "discussions"."slug" IS NOT NULL AND "discussions"."title" IS NOT NULL AND "discussions"."event_id" IS NULL AND "discussions"."post_id" IS NULL)
	),
	CONSTRAINT "discussions_locale_check" CHECK("discussions"."locale" IS NULL OR "discussions"."locale" in ('fr', 'en'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussions_event_idx` ON `discussions` (`event_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussions_post_idx` ON `discussions` (`post_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussions_slug_idx` ON `discussions` (`slug`);
--> statement-breakpoint
CREATE INDEX `discussions_activity_idx` ON `discussions` (`last_activity_at`, `id`);
--> statement-breakpoint
CREATE INDEX `discussions_pinned_idx` ON `discussions` (`pinned_at`);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`discussion_id` integer NOT NULL REFERENCES `discussions`(`id`) ON DELETE cascade,
	`author_id` integer REFERENCES `accounts`(`id`) ON DELETE set null,
	`locale` text,
	`body` text NOT NULL,
	`reply_to_id` integer,
	`quote` text,
	`state` text DEFAULT 'published' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	CONSTRAINT "messages_state_check" CHECK("messages"."state" in ('published', 'held', 'hidden', 'deleted')),
	CONSTRAINT "messages_locale_check" CHECK("messages"."locale" IS NULL OR "messages"."locale" in ('fr', 'en'))
);
--> statement-breakpoint
-- A thread's pages are cut and counted from this index alone: offsets and filters never read
-- the messages themselves (10,000 messages in one discussion: 25 ms a page without it).
CREATE INDEX `messages_thread_idx` ON `messages` (`discussion_id`, `id`, `state`, `locale`, `author_id`);
--> statement-breakpoint
CREATE INDEX `messages_state_idx` ON `messages` (`discussion_id`, `state`, `id`);
--> statement-breakpoint
CREATE INDEX `messages_author_idx` ON `messages` (`author_id`, `id`);
--> statement-breakpoint
CREATE INDEX `messages_created_idx` ON `messages` (`created_at`);
--> statement-breakpoint
CREATE TABLE `message_versions` (
	`message_id` integer NOT NULL REFERENCES `messages`(`id`) ON DELETE cascade,
	`version` integer NOT NULL,
	`locale` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`message_id`, `version`)
);
--> statement-breakpoint
-- The counts lists show and pages need, and the latest activity, kept by the database itself.
-- Approving a held message (issue 14) counts as activity at the time it was written.
CREATE TRIGGER `messages_counts_insert` AFTER INSERT ON `messages` BEGIN
	UPDATE `discussions` SET
		`message_count` = `message_count` + (new.`state` = 'published'),
		`listed_count` = `listed_count` + (new.`state` <> 'held'),
		`last_message_id` = CASE WHEN new.`state` = 'published' THEN new.`id` ELSE `last_message_id` END,
		`last_activity_at` = CASE WHEN new.`state` = 'published' THEN max(`last_activity_at`, new.`created_at`) ELSE `last_activity_at` END
	WHERE `id` = new.`discussion_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_counts_update` AFTER UPDATE OF `state` ON `messages` WHEN old.`state` <> new.`state` BEGIN
	UPDATE `discussions` SET
		`message_count` = `message_count` + (new.`state` = 'published') - (old.`state` = 'published'),
		`listed_count` = `listed_count` + (new.`state` <> 'held') - (old.`state` <> 'held'),
		`last_message_id` = (SELECT max(`id`) FROM `messages` WHERE `discussion_id` = new.`discussion_id` AND `state` = 'published'),
		`last_activity_at` = CASE WHEN new.`state` = 'published' THEN max(`last_activity_at`, new.`created_at`) ELSE `last_activity_at` END
	WHERE `id` = new.`discussion_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_counts_delete` AFTER DELETE ON `messages` BEGIN
	UPDATE `discussions` SET
		`message_count` = `message_count` - (old.`state` = 'published'),
		`listed_count` = `listed_count` - (old.`state` <> 'held'),
		`last_message_id` = (SELECT max(`id`) FROM `messages` WHERE `discussion_id` = old.`discussion_id` AND `state` = 'published')
	WHERE `id` = old.`discussion_id`;
END;
--> statement-breakpoint
-- Only published messages can be found, accents and case ignored, as search_index does. A topic's
-- first message carries the topic's title too, so a topic is found by the words of its title.
CREATE VIRTUAL TABLE `message_index` USING fts5(`title`, `body`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `messages_search_insert` AFTER INSERT ON `messages` WHEN new.`state` = 'published' BEGIN
	INSERT INTO `message_index`(rowid, `title`, `body`) VALUES (new.`id`, coalesce((
		SELECT d.`title` FROM `discussions` d WHERE d.`id` = new.`discussion_id` AND d.`kind` = 'topic'
		AND NOT EXISTS (SELECT 1 FROM `messages` o WHERE o.`discussion_id` = new.`discussion_id` AND o.`id` < new.`id`)
	), ''), new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_search_update` AFTER UPDATE OF `body`, `state` ON `messages` BEGIN
	DELETE FROM `message_index` WHERE rowid = old.`id`;
	INSERT INTO `message_index`(rowid, `title`, `body`) SELECT new.`id`, coalesce((
		SELECT d.`title` FROM `discussions` d WHERE d.`id` = new.`discussion_id` AND d.`kind` = 'topic'
		AND NOT EXISTS (SELECT 1 FROM `messages` o WHERE o.`discussion_id` = new.`discussion_id` AND o.`id` < new.`id`)
	), ''), new.`body` WHERE new.`state` = 'published';
END;
--> statement-breakpoint
CREATE TRIGGER `messages_search_delete` AFTER DELETE ON `messages` BEGIN
	DELETE FROM `message_index` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
-- Rises with every forum write, whatever made it: the server drops its cached forum answers when
-- another process (a script, a second server) wrote, as data_version does for content.
INSERT INTO `meta`(`key`, `value`) VALUES ('forum_version', '1') ON CONFLICT(`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `messages_insert_forum_version` AFTER INSERT ON `messages` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'forum_version';
END;
--> statement-breakpoint
CREATE TRIGGER `messages_update_forum_version` AFTER UPDATE ON `messages` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'forum_version';
END;
--> statement-breakpoint
CREATE TRIGGER `messages_delete_forum_version` AFTER DELETE ON `messages` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'forum_version';
END;
--> statement-breakpoint
CREATE TRIGGER `discussions_update_forum_version` AFTER UPDATE OF `closed_at`, `pinned_at`, `title` ON `discussions` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'forum_version';
END;
--> statement-breakpoint
CREATE TRIGGER `discussions_delete_forum_version` AFTER DELETE ON `discussions` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'forum_version';
END;
--> statement-breakpoint
-- A member's new name shows beside every message they wrote: the forum's pages change too.
CREATE TRIGGER `accounts_name_forum_version` AFTER UPDATE OF `name` ON `accounts` WHEN old.`name` <> new.`name` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'forum_version';
END;
