import { HUB_TIME_ZONE, type ContentLocale } from '$lib/content';
import { formatPosted } from '$lib/format';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { paths } from '$lib/paths';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { markdownToText } from '../formats/markdown';
import * as messages from '../forum/messages';
import { compose } from './compose';
import * as follows from './follows';
import * as outbox from './outbox';
import { sending } from './sending';
import * as unsubscribe from './unsubscribe';

/*
 * The gatherer: turns waiting notifications into emails, at the pace each member chose.
 * - hourly: per discussion, at most one email an hour; when the last one for that discussion
 *   is an hour old (or there was none), one email lists every message waiting there;
 * - daily: one digest across discussions, once the oldest waiting message has waited a day
 *   (so each waits a day at most, and digests are a day apart at least).
 * Each email is queued in the outbox in the transaction that marks what it carries as sent, so
 * two gatherers (two processes) never send the same message twice. Only messages still
 * published, in discussions readers may still see, are sent; the others are dropped.
 */

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
/** Sent rows are kept this long: the hourly pace reads the last one. */
const KEEP_SENT = 2 * DAY;
/** A notification still waiting after this (an address never confirmed, a server without SMTP) is dropped. */
const STALE = 7 * DAY;
/** Messages of one discussion an email lists; the rest are counted (and read in the discussion). */
const LISTED_PER_DISCUSSION = 20;
/** Characters of a message shown in an email. */
const EXCERPT = 280;

type Options = { origin: string; now?: number };

/** Whose address may receive notifications: confirmed, as a guard against signing up with another's. */
const REACHABLE = `a.email_confirmed_at is not null and a.disabled_at is null
	and (a.banned_at is null or (a.banned_until is not null and a.banned_until <= @now))`;

/** One pass: drops what can no longer be sent, then queues what is due. Returns the emails queued. */
export function gather(db: Db, { origin, now = Date.now() }: Options): number {
	drop(db, now);
	if (!sending()) return 0;
	let queued = 0;
	for (const due of dueHourly(db, now))
		if (sendOne(db, due.accountId, due.discussionId, origin, now)) queued++;
	for (const accountId of dueDaily(db, now)) if (sendDigest(db, accountId, origin, now)) queued++;
	return queued;
}

/** Rows that will never be sent, and sent rows past use. */
function drop(db: Db, now: number) {
	db.$client.transaction(() => {
		// Read from the waiting rows (few), never by scanning messages or accounts.
		prepared(
			db,
			`delete from notifications where sent_at is null and (created_at < @stale
			 or exists (select 1 from messages m where m.id = notifications.message_id
				and m.state <> 'published')
			 or exists (select 1 from accounts a where a.id = notifications.account_id
				and (a.email_frequency = 'never' or a.disabled_at is not null
				or (a.banned_at is not null and (a.banned_until is null or a.banned_until > @now)))))`
		).run({ stale: now - STALE, now });
		prepared(db, 'delete from notifications where sent_at is not null and sent_at < ?').run(
			now - KEEP_SENT
		);
	})();
}

/** When the last email about a discussion went to a member (null: none kept). */
function lastSent(db: Db, accountId: number, discussionId: number | null): number | null {
	const row = prepared(
		db,
		`select max(sent_at) as at from notifications where account_id = @account
		 and (@discussion is null or discussion_id = @discussion) and sent_at is not null`
	).get({ account: accountId, discussion: discussionId }) as { at: number | null };
	return row.at;
}

function dueHourly(db: Db, now: number): { accountId: number; discussionId: number }[] {
	const rows = prepared(
		db,
		`select n.account_id, n.discussion_id,
			(select max(s.sent_at) from notifications s where s.account_id = n.account_id
			 and s.discussion_id = n.discussion_id and s.sent_at is not null) as last_sent
		 from notifications n join accounts a on a.id = n.account_id
		 where n.sent_at is null and a.email_frequency = 'hourly' and ${REACHABLE}
		 group by n.account_id, n.discussion_id`
	).all({ now }) as { account_id: number; discussion_id: number; last_sent: number | null }[];
	return rows
		.filter((r) => r.last_sent === null || r.last_sent <= now - HOUR)
		.map((r) => ({ accountId: r.account_id, discussionId: r.discussion_id }));
}

function dueDaily(db: Db, now: number): number[] {
	return (
		prepared(
			db,
			`select n.account_id from notifications n join accounts a on a.id = n.account_id
			 where n.sent_at is null and a.email_frequency = 'daily' and ${REACHABLE}
			 group by n.account_id having min(n.created_at) <= @due`
		).all({ now, due: now - DAY }) as { account_id: number }[]
	).map((r) => r.account_id);
}

type Recipient = { id: number; email: string; locale: ContentLocale };

type Item = {
	notification: number;
	reason: 'reply' | 'follow';
	message: messages.Message;
};

type Group = { discussion: follows.Followed; items: Item[] };

function recipient(db: Db, accountId: number): Recipient | null {
	return (
		(prepared(db, 'select id, email, locale from accounts where id = ?').get(accountId) as
			Recipient | undefined) ?? null
	);
}

/** The waiting notifications of an account (of one discussion), by discussion, still sendable. */
function waitingGroups(
	db: Db,
	accountId: number,
	locale: ContentLocale,
	discussionId: number | null
): { groups: Group[]; unsendable: number[] } {
	const rows = prepared(
		db,
		`select id, discussion_id, message_id, reason from notifications
		 where account_id = @account and sent_at is null
		 and (@discussion is null or discussion_id = @discussion) order by message_id`
	).all({ account: accountId, discussion: discussionId }) as {
		id: number;
		discussion_id: number;
		message_id: number;
		reason: 'reply' | 'follow';
	}[];
	const groups = new Map<number, Group>();
	const unsendable: number[] = [];
	for (const row of rows) {
		const message = messages.findById(db, row.message_id);
		let group = groups.get(row.discussion_id);
		if (!group) {
			const discussion = follows.describe(db, row.discussion_id, locale);
			if (discussion) groups.set(row.discussion_id, (group = { discussion, items: [] }));
		}
		if (!group || !message || message.state !== 'published') unsendable.push(row.id);
		else group.items.push({ notification: row.id, reason: row.reason, message });
	}
	return { groups: [...groups.values()].filter((g) => g.items.length > 0), unsendable };
}

/** A message's words as plain text, cut on a word near EXCERPT characters. */
export function excerpt(markdown: string): string {
	const text = markdownToText(markdown).replace(/\s+/g, ' ').trim();
	if (text.length <= EXCERPT) return text;
	const cut = text.slice(0, EXCERPT);
	const space = cut.lastIndexOf(' ');
	return `${(space > EXCERPT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const howMany = (count: number, locale: ContentLocale) =>
	count === 1
		? m.notify_messages_one({}, { locale })
		: m.notify_messages_many({ count }, { locale });

function absolute(origin: string, path: string, locale: ContentLocale) {
	return `${origin.replace(/\/$/, '')}${href(path, locale)}`;
}

function itemParagraph(item: Item, origin: string, locale: ContentLocale): string {
	const author = item.message.authorName ?? m.notify_former_member({}, { locale });
	const when = formatPosted(item.message.createdAt, HUB_TIME_ZONE, locale);
	const said =
		item.reason === 'reply'
			? m.notify_item_reply({ author, when }, { locale })
			: m.notify_item_follow({ author, when }, { locale });
	return `${said}\n${excerpt(item.message.body)}\n${absolute(origin, paths.message(item.message.id), locale)}`;
}

/** A discussion's messages as paragraphs: the first ones, then how many more. */
function listed(items: Item[], origin: string, locale: ContentLocale): string[] {
	// Never "and 1 more": one more is simply listed.
	const shown = items.length > LISTED_PER_DISCUSSION + 1 ? LISTED_PER_DISCUSSION : items.length;
	const more = items.length - shown;
	return [
		...items.slice(0, shown).map((item) => itemParagraph(item, origin, locale)),
		...(more > 0 ? [m.notify_more({ count: more }, { locale })] : [])
	];
}

function footer(db: Db, to: Recipient, origin: string, discussion: number | null) {
	const { locale } = to;
	const lines =
		discussion === null
			? [m.notify_footer_daily({}, { locale })]
			: [
					m.notify_footer_hourly({}, { locale }),
					m.notify_footer_stop_discussion(
						{
							url: unsubscribe.urlFor(db, origin, locale, { accountId: to.id, scope: discussion })
						},
						{ locale }
					)
				];
	return [
		...lines,
		m.notify_footer_stop_all(
			{ url: unsubscribe.urlFor(db, origin, locale, { accountId: to.id, scope: 'all' }) },
			{ locale }
		),
		m.notify_footer_settings({ url: absolute(origin, '/account', locale) }, { locale })
	];
}

/** Queues the email of one discussion for an hourly member, marking what it carries. */
export function sendOne(
	db: Db,
	accountId: number,
	discussionId: number,
	origin: string,
	now: number
): boolean {
	return db.$client
		.transaction(() => {
			const to = recipient(db, accountId);
			if (!to) return false;
			// Again inside the transaction: another process may have sent one meanwhile.
			const last = lastSent(db, accountId, discussionId);
			if (last !== null && last > now - HOUR) return false;
			const { locale } = to;
			const { groups, unsendable } = waitingGroups(db, accountId, locale, discussionId);
			forget(db, unsendable);
			const group = groups[0];
			if (!group) return false;
			const { title } = group.discussion;
			const content = compose({
				lang: locale,
				subject: m.notify_subject({ what: howMany(group.items.length, locale), title }, { locale }),
				paragraphs: [
					m.notify_intro_discussion({ title }, { locale }),
					...listed(group.items, origin, locale)
				],
				action: {
					label: m.notify_read_discussion({}, { locale }),
					url: absolute(origin, paths.message(group.items[0]!.message.id), locale)
				},
				footer: footer(db, to, origin, discussionId)
			});
			const url = unsubscribe.urlFor(db, origin, locale, { accountId, scope: discussionId });
			outbox.enqueue(
				db,
				{
					to: to.email,
					accountId,
					kind: 'notification',
					locale,
					...content,
					headers: unsubscribe.headersFor(url)
				},
				now
			);
			markSent(
				db,
				group.items.map((i) => i.notification),
				now
			);
			return true;
		})
		.immediate();
}

/** Queues a daily member's digest of every discussion with something waiting. */
export function sendDigest(db: Db, accountId: number, origin: string, now: number): boolean {
	return db.$client
		.transaction(() => {
			const to = recipient(db, accountId);
			if (!to) return false;
			// Again inside the transaction: another process may have sent the digest meanwhile.
			const last = lastSent(db, accountId, null);
			if (last !== null && last > now - DAY) return false;
			const { locale } = to;
			const { groups, unsendable } = waitingGroups(db, accountId, locale, null);
			forget(db, unsendable);
			if (groups.length === 0) return false;
			const count = groups.reduce((n, g) => n + g.items.length, 0);
			const title = groups[0]!.discussion.title;
			const content = compose({
				lang: locale,
				subject:
					groups.length === 1
						? m.notify_digest_subject_one({ what: howMany(count, locale), title }, { locale })
						: m.notify_digest_subject_many({ what: howMany(count, locale), title }, { locale }),
				paragraphs: [
					m.notify_intro_digest({}, { locale }),
					...groups.flatMap((group) => [
						`${group.discussion.title}\n${absolute(origin, group.discussion.path, locale)}`,
						...listed(group.items, origin, locale)
					])
				],
				footer: footer(db, to, origin, null)
			});
			const url = unsubscribe.urlFor(db, origin, locale, { accountId, scope: 'all' });
			outbox.enqueue(
				db,
				{
					to: to.email,
					accountId,
					kind: 'digest',
					locale,
					...content,
					headers: unsubscribe.headersFor(url)
				},
				now
			);
			markSent(
				db,
				groups.flatMap((g) => g.items.map((i) => i.notification)),
				now
			);
			return true;
		})
		.immediate();
}

function markSent(db: Db, ids: number[], now: number) {
	const statement = prepared(db, 'update notifications set sent_at = ? where id = ?');
	for (const id of ids) statement.run(now, id);
}

function forget(db: Db, ids: number[]) {
	const statement = prepared(db, 'delete from notifications where id = ?');
	for (const id of ids) statement.run(id);
}

/*
 * The timer the server starts (app.ts startApp): a pass every minute, and one shortly after a
 * message was published, so the first email of an hour goes at once. Its timers never keep
 * the process alive, and a pass after the database closed does nothing.
 */
let running: {
	db: Db;
	origin: string;
	timer: NodeJS.Timeout;
	soon: NodeJS.Timeout | null;
	soonMs: number;
} | null = null;

function pass() {
	if (!running) return;
	const { db, origin } = running;
	if (!db.$client.open) return stop();
	try {
		gather(db, { origin });
	} catch (caught) {
		// A busy database or a bad row must not stop the timer: the next pass tries again.
		console.error('Rencontres: gathering notifications failed:', caught);
	}
}

/** Starts gathering for this server; a server without a public origin cannot link, so it does not. */
export function startGathering(
	db: Db,
	{
		origin,
		everyMs = 60_000,
		soonMs = 1_000
	}: { origin: URL | string | null; everyMs?: number; soonMs?: number }
): () => void {
	stop();
	if (origin === null) return stop;
	const timer = setInterval(pass, everyMs).unref();
	running = { db, origin: new URL(origin).origin, timer, soon: null, soonMs };
	return stop;
}

/** Asks for a pass shortly (after the publishing transaction has committed). */
export function soon() {
	if (!running || running.soon) return;
	running.soon = setTimeout(() => {
		if (running) running.soon = null;
		pass();
	}, running.soonMs).unref();
}

export function stop() {
	if (!running) return;
	clearInterval(running.timer);
	if (running.soon) clearTimeout(running.soon);
	running = null;
}
