import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

export const LOCALES = ['fr', 'en'] as const;
export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
export const POST_KINDS = ['recap', 'article', 'podcast'] as const;
export const POST_STATUSES = ['draft', 'published'] as const;
/** Moderators are organisers; members (the forum's, to come) may only take part. */
export const ROLES = ['member', 'organiser', 'admin'] as const;
export const EMAIL_FREQUENCIES = ['hourly', 'daily', 'never'] as const;

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
		country: text('country'),
		// Who holds the event, as free text (the form's "Organised by").
		host: text('host'),
		status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
		// A draft is prepared out of sight: no page, feed, sitemap or search shows it, so no
		// subscriber's calendar hears of it before it is published. Once published, never again
		// a draft: calendars that have it must see it cancelled or archived, not vanish.
		draft: integer('draft', { mode: 'boolean' }).notNull().default(false),
		sequence: integer('sequence').notNull().default(0),
		// Rises at every save: a save made from an older version is a conflict, not an overwrite.
		version: integer('version').notNull().default(1),
		archivedAt: integer('archived_at'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		// Lists and counts of upcoming and past events read this index alone.
		index('events_listing_idx').on(t.archivedAt, t.draft, t.endsAt, t.startsAt),
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
		description: text('description').notNull().default(''),
		// Per language, like the texts: an English page, calendar and JSON-LD say "Brussels",
		// a French one "Bruxelles". Empty when not given (the other language's is shown then).
		venue: text('venue').notNull().default(''),
		city: text('city').notNull().default('')
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
		status: text('status', { enum: POST_STATUSES }).notNull().default('published'),
		version: integer('version').notNull().default(1),
		archivedAt: integer('archived_at'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('posts_event_idx').on(t.eventId),
		index('posts_published_idx').on(t.publishedOn, t.id),
		index('posts_updated_idx').on(t.updatedAt),
		index('posts_visible_idx').on(t.status, t.archivedAt),
		check('posts_kind_check', sql`${t.kind} in ('recap', 'article', 'podcast')`),
		check('posts_status_check', sql`${t.status} in ('draft', 'published')`)
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

/** Everyone who logs in: members, organisers (who moderate too) and admins. */
export const accounts = sqliteTable(
	'accounts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		// Stored lower-cased: one account per address, whatever the capitals typed.
		email: text('email').notNull().unique(),
		name: text('name').notNull(),
		role: text('role', { enum: ROLES }).notNull().default('member'),
		passwordHash: text('password_hash').notNull(),
		disabledAt: integer('disabled_at'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		// The interface language: the default language of the member's forum messages.
		locale: text('locale', { enum: LOCALES }).notNull().default('fr'),
		// The display name folded (accounts/names.ts foldName): one name per person, whatever
		// the capitals, accents or spaces. Null only until the database's opening computes it
		// for accounts older than it (migration 0009).
		nameKey: text('name_key').unique(),
		/*
		 * Moderation and email (issue 14). A member is "new" (trustedAt null) until enough of
		 * their messages were approved, or a moderator trusts them: a new member's messages wait
		 * in the queue. Accounts older than moderation were trusted by migration 0011.
		 */
		emailConfirmedAt: integer('email_confirmed_at'),
		trustedAt: integer('trusted_at'),
		// On hold: every new message waits for a moderator, whatever the member's trust.
		heldAt: integer('held_at'),
		holdReason: text('hold_reason'),
		// Banned: cannot sign in nor post until bannedUntil (null: for good).
		bannedAt: integer('banned_at'),
		bannedUntil: integer('banned_until'),
		banReason: text('ban_reason'),
		// How notifications are emailed: at most one per discussion an hour, a daily digest, or none.
		emailFrequency: text('email_frequency', { enum: EMAIL_FREQUENCIES }).notNull().default('hourly')
	},
	(t) => [
		check('accounts_role_check', sql`${t.role} in ('member', 'organiser', 'admin')`),
		check('accounts_locale_check', sql`${t.locale} in ('fr', 'en')`)
	]
);

/** Only a SHA-256 of each session token is kept: a leaked database opens no session. */
export const sessions = sqliteTable(
	'sessions',
	{
		tokenHash: text('token_hash').primaryKey(),
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull(),
		lastSeenAt: integer('last_seen_at').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('sessions_account_idx').on(t.accountId)]
);

/** Failed logins, per account and per address, kept so a restart does not reset the limit. */
export const loginFailures = sqliteTable(
	'login_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		key: text('key').notNull(),
		at: integer('at').notNull()
	},
	(t) => [index('login_failures_key_at_idx').on(t.key, t.at)]
);

/** Every save of an event or post, whole, so any of them can be looked at and restored. */
export const revisions = sqliteTable(
	'revisions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		entity: text('entity', { enum: ['event', 'post'] }).notNull(),
		entityId: integer('entity_id').notNull(),
		version: integer('version').notNull(),
		accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		// The content fields this save changed (JSON array of events.contentFields/posts.contentFields keys), for the
		// history to name them without reading every snapshot; null for revisions older than it.
		fields: text('fields'),
		snapshot: text('snapshot').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('revisions_entity_idx').on(t.entity, t.entityId, t.version)]
);

/** Slugs an event or post had before: their old addresses answer 301 to the new ones. */
export const slugHistory = sqliteTable(
	'slug_history',
	{
		entity: text('entity', { enum: ['event', 'post'] }).notNull(),
		slug: text('slug').notNull(),
		entityId: integer('entity_id').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.entity, t.slug] })]
);

/** Small key/value facts about the database itself (which seed it has had). */
export const meta = sqliteTable('meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

/*
 * The forum (issue 13). Every event, every post and every topic has one discussion; an event's
 * or a post's is made when its first message is written. Counts and the latest activity are kept
 * on the discussion by triggers (drizzle/0010_forum.sql), so lists read one row per discussion
 * and no code path can forget them.
 */
export const DISCUSSION_KINDS = ['event', 'post', 'topic'] as const;
/**
 * `held` waits for a moderator (issue 14) and only its author and moderators see it; `hidden`
 * and `deleted` keep their place in the thread as a placeholder, so answers stay readable.
 */
export const MESSAGE_STATES = ['published', 'held', 'hidden', 'deleted'] as const;

export const discussions = sqliteTable(
	'discussions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: DISCUSSION_KINDS }).notNull(),
		eventId: integer('event_id').references(() => events.id, { onDelete: 'cascade' }),
		postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
		// Topics only: their address and title (events and posts lend theirs).
		slug: text('slug'),
		title: text('title'),
		locale: text('locale', { enum: LOCALES }),
		authorId: integer('author_id').references(() => accounts.id, { onDelete: 'set null' }),
		pinnedAt: integer('pinned_at'),
		closedAt: integer('closed_at'),
		/** Published messages: what lists count. */
		messageCount: integer('message_count').notNull().default(0),
		/** Messages that hold a place in the thread (all but held ones): what pages count. */
		listedCount: integer('listed_count').notNull().default(0),
		lastMessageId: integer('last_message_id'),
		lastActivityAt: integer('last_activity_at').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		uniqueIndex('discussions_event_idx').on(t.eventId),
		uniqueIndex('discussions_post_idx').on(t.postId),
		uniqueIndex('discussions_slug_idx').on(t.slug),
		index('discussions_activity_idx').on(t.lastActivityAt, t.id),
		index('discussions_pinned_idx').on(t.pinnedAt),
		check('discussions_kind_check', sql`${t.kind} in ('event', 'post', 'topic')`)
	]
);

export const messages = sqliteTable(
	'messages',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		discussionId: integer('discussion_id')
			.notNull()
			.references(() => discussions.id, { onDelete: 'cascade' }),
		authorId: integer('author_id').references(() => accounts.id, { onDelete: 'set null' }),
		// null: neither French nor English; such messages are never hidden by a language filter.
		locale: text('locale', { enum: LOCALES }),
		body: text('body').notNull(),
		replyToId: integer('reply_to_id'),
		// Words of the answered message, checked to be its own when written.
		quote: text('quote'),
		state: text('state', { enum: MESSAGE_STATES }).notNull().default('published'),
		version: integer('version').notNull().default(1),
		createdAt: integer('created_at').notNull(),
		editedAt: integer('edited_at'),
		deletedAt: integer('deleted_at'),
		// Why a moderator (or three flags, or a word list) hid or held it: readers of a hidden
		// message see it in place of its words.
		moderationReason: text('moderation_reason'),
		moderatedAt: integer('moderated_at')
	},
	(t) => [
		// Pages are cut and counted from this index alone; the triggers look for the latest
		// published message with the next.
		index('messages_thread_idx').on(t.discussionId, t.id, t.state, t.locale, t.authorId),
		index('messages_state_idx').on(t.discussionId, t.state, t.id),
		index('messages_author_idx').on(t.authorId, t.id),
		index('messages_created_idx').on(t.createdAt),
		check('messages_state_check', sql`${t.state} in ('published', 'held', 'hidden', 'deleted')`)
	]
);

/** Every version of every message, the first included: an edit's public history. */
export const messageVersions = sqliteTable(
	'message_versions',
	{
		messageId: integer('message_id')
			.notNull()
			.references(() => messages.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		locale: text('locale', { enum: LOCALES }),
		body: text('body').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.messageId, t.version] })]
);

/*
 * Moderation, anti-abuse and email (issue 14), drizzle/0011_moderation.sql.
 */
export const FLAG_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export const WORD_ACTIONS = ['block', 'hold'] as const;
export const OUTBOX_STATES = ['queued', 'sent', 'failed'] as const;
export const TOKEN_PURPOSES = ['confirm', 'reset'] as const;
export const NOTIFICATION_REASONS = ['reply', 'follow'] as const;

/** A member's report of a message, once per member and message; three unresolved ones hide it. */
export const messageFlags = sqliteTable(
	'message_flags',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		messageId: integer('message_id')
			.notNull()
			.references(() => messages.id, { onDelete: 'cascade' }),
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		reason: text('reason', { enum: FLAG_REASONS }).notNull(),
		note: text('note'),
		createdAt: integer('created_at').notNull(),
		// A moderator decided on the message (approved, hid, deleted): the flag is no longer waiting.
		resolvedAt: integer('resolved_at')
	},
	(t) => [
		uniqueIndex('message_flags_once_idx').on(t.messageId, t.accountId),
		index('message_flags_waiting_idx').on(t.resolvedAt, t.createdAt),
		index('message_flags_account_idx').on(t.accountId, t.createdAt),
		check('message_flags_reason_check', sql`${t.reason} in ('spam', 'abuse', 'off_topic', 'other')`)
	]
);

/**
 * Every moderation action: who, what, when, why, and the message as it was then (a JSON
 * snapshot), so the log still says what was decided on after the message changes or goes.
 * No foreign keys on what it is about: the log outlives messages and discussions.
 */
export const moderationLog = sqliteTable(
	'moderation_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actorId: integer('actor_id').references(() => accounts.id, { onDelete: 'set null' }),
		// The moderator's name at the time (null: the hub itself, e.g. three flags).
		actorName: text('actor_name'),
		action: text('action').notNull(),
		messageId: integer('message_id'),
		discussionId: integer('discussion_id'),
		memberId: integer('member_id'),
		reason: text('reason'),
		snapshot: text('snapshot'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('moderation_log_created_idx').on(t.createdAt, t.id),
		index('moderation_log_message_idx').on(t.messageId),
		index('moderation_log_member_idx').on(t.memberId)
	]
);

/** Words per language that block a message or send it to the queue, kept folded for matching. */
export const wordRules = sqliteTable(
	'word_rules',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		locale: text('locale', { enum: LOCALES }).notNull(),
		word: text('word').notNull(),
		folded: text('folded').notNull(),
		action: text('action', { enum: WORD_ACTIONS }).notNull(),
		createdBy: integer('created_by').references(() => accounts.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		uniqueIndex('word_rules_once_idx').on(t.locale, t.folded),
		check('word_rules_locale_check', sql`${t.locale} in ('fr', 'en')`),
		check('word_rules_action_check', sql`${t.action} in ('block', 'hold')`)
	]
);

/** What admins change on the site (e.g. how many first messages wait for approval). */
export const settings = sqliteTable('settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: integer('updated_at').notNull()
});

/** Hits against a rate limit (messages, sign-ups, flags), kept so a restart resets nothing. */
export const rateHits = sqliteTable(
	'rate_hits',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		key: text('key').notNull(),
		at: integer('at').notNull()
	},
	(t) => [index('rate_hits_key_at_idx').on(t.key, t.at)]
);

/** Forms caught by a trap (honeypot filled, sent too fast, bad signature), counted per kind and day. */
export const trapCounts = sqliteTable(
	'trap_counts',
	{
		kind: text('kind').notNull(),
		day: text('day').notNull(),
		count: integer('count').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.kind, t.day] })]
);

/**
 * Emails waiting to be sent, written in the same transaction as what caused them; the worker
 * sends them and retries with backoff. Rendered when queued, in the recipient's language.
 */
export const outbox = sqliteTable(
	'outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
		toAddress: text('to_address').notNull(),
		kind: text('kind').notNull(),
		locale: text('locale', { enum: LOCALES }).notNull(),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		htmlBody: text('html_body').notNull(),
		// Extra headers as JSON (List-Unsubscribe, List-Unsubscribe-Post).
		headers: text('headers'),
		state: text('state', { enum: OUTBOX_STATES }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: integer('next_attempt_at').notNull(),
		lastError: text('last_error'),
		createdAt: integer('created_at').notNull(),
		sentAt: integer('sent_at')
	},
	(t) => [
		index('outbox_due_idx').on(t.state, t.nextAttemptAt),
		index('outbox_account_idx').on(t.accountId),
		check('outbox_state_check', sql`${t.state} in ('queued', 'sent', 'failed')`)
	]
);

/** Single-use tokens sent by email (confirmation, password reset): only their SHA-256 is kept. */
export const accountTokens = sqliteTable(
	'account_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: TOKEN_PURPOSES }).notNull(),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		usedAt: integer('used_at')
	},
	(t) => [
		index('account_tokens_account_idx').on(t.accountId, t.purpose),
		check('account_tokens_purpose_check', sql`${t.purpose} in ('confirm', 'reset')`)
	]
);

/** Discussions a member follows: authors follow theirs from their first message. */
export const follows = sqliteTable(
	'follows',
	{
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		discussionId: integer('discussion_id')
			.notNull()
			.references(() => discussions.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.accountId, t.discussionId] }),
		index('follows_discussion_idx').on(t.discussionId)
	]
);

/**
 * What a member is to hear of (a reply to them, a message where they follow), written in the
 * same transaction as the message; the mailer gathers them into emails (one per discussion an
 * hour, or a daily digest) and marks them sent.
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		discussionId: integer('discussion_id')
			.notNull()
			.references(() => discussions.id, { onDelete: 'cascade' }),
		messageId: integer('message_id')
			.notNull()
			.references(() => messages.id, { onDelete: 'cascade' }),
		reason: text('reason', { enum: NOTIFICATION_REASONS }).notNull(),
		createdAt: integer('created_at').notNull(),
		// Null while waiting; set when an email (or a digest) carried it, or it was dropped.
		sentAt: integer('sent_at')
	},
	(t) => [
		uniqueIndex('notifications_once_idx').on(t.accountId, t.messageId),
		index('notifications_waiting_idx').on(t.sentAt, t.accountId, t.discussionId),
		index('notifications_message_idx').on(t.messageId),
		check('notifications_reason_check', sql`${t.reason} in ('reply', 'follow')`)
	]
);

export type Locale = (typeof LOCALES)[number];
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type PostKind = (typeof POST_KINDS)[number];
export type PostStatus = (typeof POST_STATUSES)[number];
export type Role = (typeof ROLES)[number];
export type AccountRow = typeof accounts.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type EventTextRow = typeof eventTexts.$inferSelect;
export type PostRow = typeof posts.$inferSelect;
export type PostTextRow = typeof postTexts.$inferSelect;
export type DiscussionKind = (typeof DISCUSSION_KINDS)[number];
export type MessageState = (typeof MESSAGE_STATES)[number];
export type DiscussionRow = typeof discussions.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number];
export type FlagReason = (typeof FLAG_REASONS)[number];
export type WordAction = (typeof WORD_ACTIONS)[number];
export type OutboxRow = typeof outbox.$inferSelect;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];
