import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { FlagReason } from '../db/schema';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as members from './members';

/*
 * What waits for a moderator, oldest first: held messages and flagged ones (flags not yet
 * resolved) in one list, paged; and new members, those already restrained or with messages
 * waiting first, a bounded few. A decision on a message resolves its flags, so it leaves.
 */

export const QUEUE_PAGE_SIZE = 20;
export const NEW_MEMBERS_SHOWN = 20;

export type Flag = {
	reason: FlagReason;
	note: string | null;
	by: string | null;
	createdAt: number;
};

/** Why a held message waits, read from its stored code. */
export type HoldCause =
	{ kind: 'new_member' } | { kind: 'on_hold' } | { kind: 'word'; word: string } | { kind: 'other' };

export type QueuedMessage = {
	/** When it started waiting: written (held) or first flagged. */
	since: number;
	message: messages.Message;
	author: members.Standing | null;
	/** The message it answers, as it now is (its words only when published). */
	answered: messages.Message | null;
	discussion: discussions.Discussion;
	hold: HoldCause | null;
	flags: Flag[];
};

export function holdCause(code: string | null): HoldCause {
	if (code === 'new_member' || code === 'on_hold') return { kind: code };
	if (code?.startsWith('word:')) return { kind: 'word', word: code.slice('word:'.length) };
	return { kind: 'other' };
}

/*
 * Held messages are found discussion by discussion through the state index (one short look-up
 * each) rather than by reading every message; waiting flags through their own index.
 */
const WAITING = `select id, since from (
		select m.id, m.created_at as since from discussions d
		join messages m indexed by messages_state_idx on m.discussion_id = d.id and m.state = 'held'
		union all
		select f.message_id as id, min(f.created_at) as since from message_flags f
		join messages m on m.id = f.message_id
		where f.resolved_at is null and m.state in ('published', 'hidden')
		group by f.message_id
	)`;

/** How many messages wait (held or flagged). */
export function countMessages(db: Db): number {
	return (prepared(db, `select count(*) as n from (${WAITING})`).get() as { n: number }).n;
}

function flagsOf(db: Db, messageId: number): Flag[] {
	return (
		prepared(
			db,
			`select f.reason, f.note, a.name, f.created_at from message_flags f
			 left join accounts a on a.id = f.account_id
			 where f.message_id = ? and f.resolved_at is null order by f.created_at, f.id`
		).all(messageId) as {
			reason: FlagReason;
			note: string | null;
			name: string | null;
			created_at: number;
		}[]
	).map((r) => ({ reason: r.reason, note: r.note, by: r.name, createdAt: r.created_at }));
}

/** One page of waiting messages, oldest first, each with what a moderator needs to decide. */
export function listMessages(
	db: Db,
	{ page = 1, perPage = QUEUE_PAGE_SIZE }: { page?: number; perPage?: number } = {}
): { items: QueuedMessage[]; page: number; pages: number; total: number } {
	const total = countMessages(db);
	const pages = Math.max(1, Math.ceil(total / perPage));
	const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = prepared(db, `${WAITING} order by since, id limit ? offset ?`).all(
		perPage,
		(at - 1) * perPage
	) as { id: number; since: number }[];
	const items = rows.flatMap(({ id, since }) => queued(db, id, since, true));
	return { items, page: at, pages, total };
}

export type QueuedMember = { member: members.Standing; heldMessages: number };

/**
 * New members (not yet trusted, not banned): those on hold and those with messages waiting
 * first, then the oldest; one page of them, with how many there are in all.
 */
export function listNewMembers(
	db: Db,
	now = Date.now(),
	{ page = 1, perPage = NEW_MEMBERS_SHOWN }: { page?: number; perPage?: number } = {}
): { items: QueuedMember[]; total: number; page: number; pages: number } {
	const where = `a.role = 'member' and a.trusted_at is null and a.disabled_at is null
		and not (a.banned_at is not null and (a.banned_until is null or a.banned_until > @now))`;
	const total = (
		prepared(db, `select count(*) as n from accounts a where ${where}`).get({ now }) as {
			n: number;
		}
	).n;
	const pages = Math.max(1, Math.ceil(total / perPage));
	const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = prepared(
		db,
		`select a.id, (select count(*) from messages m indexed by messages_author_idx
			where m.author_id = a.id and m.state = 'held') as held
		 from accounts a where ${where}
		 order by (a.held_at is null), (held = 0), a.created_at, a.id limit @limit offset @offset`
	).all({ now, limit: perPage, offset: (at - 1) * perPage }) as { id: number; held: number }[];
	return {
		items: rows.flatMap((r) => {
			const member = members.standingOf(db, r.id);
			return member ? [{ member, heldMessages: r.held }] : [];
		}),
		total,
		page: at,
		pages
	};
}

/** How many recently hidden messages the queue page offers to restore. */
export const HIDDEN_SHOWN = 20;

/**
 * Messages hidden lately (by a moderator or by reports) and still hidden, newest decision first:
 * hiding is reversible, so the queue keeps the way back in sight. Found through the log's
 * index, not by reading every message.
 */
export function listHidden(db: Db, limit = HIDDEN_SHOWN): QueuedMessage[] {
	const rows = prepared(
		db,
		`select l.message_id as id, max(l.created_at) as since from moderation_log l
		 join messages m on m.id = l.message_id and m.state = 'hidden'
		 where l.action in ('hide', 'flags_hidden')
		 group by l.message_id order by since desc limit ?`
	).all(limit) as { id: number; since: number }[];
	return rows.flatMap(({ id, since }) => queued(db, id, since, false));
}

/**
 * A message as the queue page shows it, in its context; with `why`, the reasons it waits (its
 * hold and its reports). Empty when it is gone.
 */
function queued(db: Db, id: number, since: number, why: boolean): QueuedMessage[] {
	const message = messages.findById(db, id);
	const discussion = message && discussions.findById(db, message.discussionId);
	if (!message || !discussion) return [];
	return [
		{
			since,
			message,
			author: message.authorId === null ? null : members.standingOf(db, message.authorId),
			answered: message.replyTo ? messages.findById(db, message.replyTo.id) : null,
			discussion,
			hold: why && message.state === 'held' ? holdCause(message.moderationReason) : null,
			flags: why ? flagsOf(db, id) : []
		}
	];
}
