-- Full-text index of every event and post text, in both languages. Accents and case are
-- ignored (unicode61, remove_diacritics 2). Its rowid encodes what it indexes, so triggers can
-- replace a row directly: id * 4 + (0 event | 2 post) + (0 fr | 1 en).
CREATE VIRTUAL TABLE `search_index` USING fts5(`title`, `body`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `search_index`(rowid, `title`, `body`)
	SELECT `event_id` * 4 + (CASE `locale` WHEN 'en' THEN 1 ELSE 0 END), `title`, `summary` || char(10) || `description` FROM `event_texts`;
--> statement-breakpoint
INSERT INTO `search_index`(rowid, `title`, `body`)
	SELECT `post_id` * 4 + 2 + (CASE `locale` WHEN 'en' THEN 1 ELSE 0 END), `title`, `body` FROM `post_texts`;
--> statement-breakpoint
CREATE TRIGGER `event_texts_search_insert` AFTER INSERT ON `event_texts` BEGIN
	INSERT INTO `search_index`(rowid, `title`, `body`)
	VALUES (new.`event_id` * 4 + (CASE new.`locale` WHEN 'en' THEN 1 ELSE 0 END), new.`title`, new.`summary` || char(10) || new.`description`);
END;
--> statement-breakpoint
CREATE TRIGGER `event_texts_search_delete` AFTER DELETE ON `event_texts` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.`event_id` * 4 + (CASE old.`locale` WHEN 'en' THEN 1 ELSE 0 END);
END;
--> statement-breakpoint
CREATE TRIGGER `event_texts_search_update` AFTER UPDATE ON `event_texts` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.`event_id` * 4 + (CASE old.`locale` WHEN 'en' THEN 1 ELSE 0 END);
	INSERT INTO `search_index`(rowid, `title`, `body`)
	VALUES (new.`event_id` * 4 + (CASE new.`locale` WHEN 'en' THEN 1 ELSE 0 END), new.`title`, new.`summary` || char(10) || new.`description`);
END;
--> statement-breakpoint
CREATE TRIGGER `post_texts_search_insert` AFTER INSERT ON `post_texts` BEGIN
	INSERT INTO `search_index`(rowid, `title`, `body`)
	VALUES (new.`post_id` * 4 + 2 + (CASE new.`locale` WHEN 'en' THEN 1 ELSE 0 END), new.`title`, new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `post_texts_search_delete` AFTER DELETE ON `post_texts` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.`post_id` * 4 + 2 + (CASE old.`locale` WHEN 'en' THEN 1 ELSE 0 END);
END;
--> statement-breakpoint
CREATE TRIGGER `post_texts_search_update` AFTER UPDATE ON `post_texts` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.`post_id` * 4 + 2 + (CASE old.`locale` WHEN 'en' THEN 1 ELSE 0 END);
	INSERT INTO `search_index`(rowid, `title`, `body`)
	VALUES (new.`post_id` * 4 + 2 + (CASE new.`locale` WHEN 'en' THEN 1 ELSE 0 END), new.`title`, new.`body`);
END;
