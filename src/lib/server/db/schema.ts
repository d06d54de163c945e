import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const LOCALES = ['fr', 'en'] as const;
export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
export const POST_KINDS = ['recap', 'article', 'podcast'] as const;

/**
 * `start`/`end` keep what the organiser meant: calendar dates (YYYY-MM-DD, end inclusive)
 * for all-day events, UTC instants (ISO 8601) for timed ones. `startsAt`/`endsAt` are the
 * same span as UTC milliseconds (end exclusive), derived on write, so lists can sort and
 * split upcoming/past with an index instead of parsing text.
 */
export const events = sqliteTable(
	'events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		slug: text('slug').notNull().unique(),
		// The iCalendar UID, fixed at creation: calendars must keep recognising the event when
		// its slug, language or the hub's address changes.
		uid: text('uid').notNull().unique(),
		allDay: integer('all_day', { mode: 'boolean' }).notNull(),
		start: text('start').notNull(),
		end: text('end').notNull(),
		timeZone: text('time_zone').notNull(),
		startsAt: integer('starts_at').notNull(),
		endsAt: integer('ends_at').notNull(),
		venue: text('venue'),
		city: text('city'),
		country: text('country'),
		organiser: text('organiser'),
		status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
		sequence: integer('sequence').notNull().default(0),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('events_ends_at_idx').on(t.endsAt, t.startsAt),
		index('events_starts_at_idx').on(t.startsAt),
		check('events_status_check', sql`${t.status} in ('scheduled', 'cancelled')`),
		check('events_span_check', sql`${t.endsAt} > ${t.startsAt}`)
	]
);

export const eventTexts = sqliteTable(
	'event_texts',
	{
		eventId: integer('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		locale: text('locale', { enum: LOCALES }).notNull(),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		description: text('description').notNull().default('')
	},
	(t) => [
		primaryKey({ columns: [t.eventId, t.locale] }),
		check('event_texts_locale_check', sql`${t.locale} in ('fr', 'en')`)
	]
);

export const posts = sqliteTable(
	'posts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		slug: text('slug').notNull().unique(),
		kind: text('kind', { enum: POST_KINDS }).notNull(),
		eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
		// A date (YYYY-MM-DD); null where the source does not say when it was published.
		publishedOn: text('published_on'),
		mediaUrl: text('media_url'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('posts_event_idx').on(t.eventId),
		index('posts_published_idx').on(t.publishedOn, t.id),
		check('posts_kind_check', sql`${t.kind} in ('recap', 'article', 'podcast')`)
	]
);

export const postTexts = sqliteTable(
	'post_texts',
	{
		postId: integer('post_id')
			.notNull()
			.references(() => posts.id, { onDelete: 'cascade' }),
		locale: text('locale', { enum: LOCALES }).notNull(),
		title: text('title').notNull(),
		body: text('body').notNull().default('')
	},
	(t) => [
		primaryKey({ columns: [t.postId, t.locale] }),
		check('post_texts_locale_check', sql`${t.locale} in ('fr', 'en')`)
	]
);

/** Small key/value facts about the database itself (which seed it has had). */
export const meta = sqliteTable('meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

export type Locale = (typeof LOCALES)[number];
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type PostKind = (typeof POST_KINDS)[number];
export type EventRow = typeof events.$inferSelect;
export type EventTextRow = typeof eventTexts.$inferSelect;
export type PostRow = typeof posts.$inferSelect;
export type PostTextRow = typeof postTexts.$inferSelect;
