-- A counter that every change to public content raises, in the same transaction: the key of
-- the response cache (src/lib/server/response-cache.ts). A write can never be missed, whatever
-- code path made it.
INSERT INTO `meta`(`key`, `value`) VALUES ('data_version', '1') ON CONFLICT(`key`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `events_insert_data_version` AFTER INSERT ON `events` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `events_update_data_version` AFTER UPDATE ON `events` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `events_delete_data_version` AFTER DELETE ON `events` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `event_texts_insert_data_version` AFTER INSERT ON `event_texts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `event_texts_update_data_version` AFTER UPDATE ON `event_texts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `event_texts_delete_data_version` AFTER DELETE ON `event_texts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `posts_insert_data_version` AFTER INSERT ON `posts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `posts_update_data_version` AFTER UPDATE ON `posts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `posts_delete_data_version` AFTER DELETE ON `posts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `post_texts_insert_data_version` AFTER INSERT ON `post_texts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `post_texts_update_data_version` AFTER UPDATE ON `post_texts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
--> statement-breakpoint
CREATE TRIGGER `post_texts_delete_data_version` AFTER DELETE ON `post_texts` BEGIN
	UPDATE `meta` SET `value` = CAST(`value` AS INTEGER) + 1 WHERE `key` = 'data_version';
END;
