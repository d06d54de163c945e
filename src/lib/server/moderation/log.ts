import type { ContentLocale } from '$lib/content';
import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { MessageState } from '../db/schema';

/*
 * The moderation log: who did what, when, why, and the message as it was then. The snapshot is
 * a copy, not a reference: the log still shows what was decided on after the message is edited,
 * deleted or its author gone.
 */

export const LOG_ACTIONS = [
	'approve',
	'hide',
	'restore',
	'delete',
	'close',
	'reopen',
	'hold_member',
	'release_member',
	'ban',
	'unban',
	'trust',
	'flags_hidden',
	'word_rule_added',
	'word_rule_removed',
	'settings_changed'
] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];

/** A message as a moderator saw it when deciding. */
export type MessageSnapshot = {
	body: string;
	locale: ContentLocale | null;
	authorName: string | null;
	state: MessageState;
	version: number;
};

export type LogEntry = {
	/** null: the hub itself (three flags, a word list). */
	actor: Actor | null;
	action: string;
	messageId?: number | null;
	discussionId?: number | null;
	memberId?: number | null;
	reason?: string | null;
	snapshot?: object | null;
};

/** Writes one entry; inside the caller's transaction when it holds one. Returns its id. */
export function record(db: Db, entry: LogEntry, now = Date.now()): number {
	const actorName =
		entry.actor?.id == null
			? null
			: ((
					prepared(db, 'select name from accounts where id = ?').get(entry.actor.id) as
						{ name: string } | undefined
				)?.name ?? null);
	const { lastInsertRowid } = prepared(
		db,
		`insert into moderation_log
		 (actor_id, actor_name, action, message_id, discussion_id, member_id, reason, snapshot, created_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		entry.actor?.id ?? null,
		actorName,
		entry.action,
		entry.messageId ?? null,
		entry.discussionId ?? null,
		entry.memberId ?? null,
		entry.reason ?? null,
		entry.snapshot == null ? null : JSON.stringify(entry.snapshot),
		now
	);
	return Number(lastInsertRowid);
}

/** The message as it is now, for a log entry about to be written. Null when it is gone. */
export function snapshotOf(db: Db, messageId: number): MessageSnapshot | null {
	const row = prepared(
		db,
		`select m.body, m.locale, a.name as author_name, m.state, m.version
		 from messages m left join accounts a on a.id = m.author_id where m.id = ?`
	).get(messageId) as
		| {
				body: string;
				locale: ContentLocale | null;
				author_name: string | null;
				state: MessageState;
				version: number;
		  }
		| undefined;
	return row
		? {
				body: row.body,
				locale: row.locale,
				authorName: row.author_name,
				state: row.state,
				version: row.version
			}
		: null;
}

export type LogItem = {
	id: number;
	actorId: number | null;
	actorName: string | null;
	action: string;
	messageId: number | null;
	discussionId: number | null;
	memberId: number | null;
	/** The member acted on (or the message's author), as named now. */
	memberName: string | null;
	reason: string | null;
	snapshot: MessageSnapshot | null;
	createdAt: number;
};

export const LOG_PAGE_SIZE = 50;

function parseSnapshot(raw: string | null): MessageSnapshot | null {
	if (raw === null) return null;
	try {
		const value = JSON.parse(raw) as Partial<MessageSnapshot> | null;
		if (!value || typeof value !== 'object') return null;
		return {
			body: typeof value.body === 'string' ? value.body : '',
			locale: value.locale === 'fr' || value.locale === 'en' ? value.locale : null,
			authorName: typeof value.authorName === 'string' ? value.authorName : null,
			state: value.state ?? 'published',
			version: typeof value.version === 'number' ? value.version : 1
		};
	} catch {
		return null;
	}
}

/** One page of the log, newest first. */
export function list(
	db: Db,
	{ page = 1, perPage = LOG_PAGE_SIZE }: { page?: number; perPage?: number } = {}
): { items: LogItem[]; page: number; pages: number; total: number } {
	const total = (prepared(db, 'select count(*) as n from moderation_log').get() as { n: number }).n;
	const pages = Math.max(1, Math.ceil(total / perPage));
	const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = prepared(
		db,
		`select l.id, l.actor_id, l.actor_name, l.action, l.message_id, l.discussion_id, l.member_id,
		 a.name as member_name, l.reason, l.snapshot, l.created_at
		 from moderation_log l left join accounts a on a.id = l.member_id
		 order by l.created_at desc, l.id desc limit ? offset ?`
	).all(perPage, (at - 1) * perPage) as {
		id: number;
		actor_id: number | null;
		actor_name: string | null;
		action: string;
		message_id: number | null;
		discussion_id: number | null;
		member_id: number | null;
		member_name: string | null;
		reason: string | null;
		snapshot: string | null;
		created_at: number;
	}[];
	return {
		items: rows.map((r) => ({
			id: r.id,
			actorId: r.actor_id,
			actorName: r.actor_name,
			action: r.action,
			messageId: r.message_id,
			discussionId: r.discussion_id,
			memberId: r.member_id,
			memberName: r.member_name,
			reason: r.reason,
			snapshot: parseSnapshot(r.snapshot),
			createdAt: r.created_at
		})),
		page: at,
		pages,
		total
	};
}
