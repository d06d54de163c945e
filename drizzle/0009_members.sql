-- Issue 13: anyone may become a member. Each account gets its interface language (the forum's
-- default language for its messages) and the folded form of its display name, unique, so
-- "Élise Durand" and "elise  durand" cannot be two people.
--
-- Written by hand. SQLite cannot fold Unicode (NFKC, case, accents), so `name_key` is left
-- NULL here for the accounts that exist: the database's opening computes it for every row
-- without one (src/lib/server/accounts/names.ts, backfillNameKeys), right after the
-- migrations, before any account can be added. A UNIQUE index admits any number of NULLs.
ALTER TABLE `accounts` ADD `locale` text DEFAULT 'fr' NOT NULL CONSTRAINT "accounts_locale_check" CHECK(`locale` in ('fr', 'en'));
--> statement-breakpoint
ALTER TABLE `accounts` ADD `name_key` text;
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_name_key_unique` ON `accounts` (`name_key`);
