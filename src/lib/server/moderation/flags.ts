import { authorize, type Actor } from '../auth/policy';
import { cleanText } from '../content/text';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { FLAG_REASONS, type FlagReason } from '../db/schema';
import * as limits from '../abuse/limits';
import * as mailing from '../mail/sending';
import { changed, LISTS } from '../forum/changes';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as log from './log';

/*
 * Members report a message to the moderators, with a reason, once each; every report reaches
 * the queue (`waiting`, cleared with `resolve`). Three waiting reports from different trusted
 * accounts hide it until a moderator decides: trusted members and moderators, not on hold nor
 * banned, with a confirmed address while the hub sends email. New members' reports do not
 * count toward hiding, else three throw-away accounts would hide anyone's message. A message by
 * an organiser or an admin is never hidden by reports: it waits in the queue.
 */

/** Waiting reports from this many different members hide a message. */
export const HIDING_FLAGS = 3;
/** The longest note a report takes, in characters. */
export const MAX_NOTE_LENGTH = 500;
/** Reports a member may make in an hour: enough for a bad day, not for a campaign. */
export const FLAG_LIMIT = { max: 10, windowMs: 3_600_000 } as const;

export type FlagInput = { reason: string; note: string };

export type FlagProblem =
	| { field: 'reason'; code: 'invalid' }
	| { field: 'note'; code: 'required' }
	| { field: 'note'; code: 'too_long'; max: number };

export class FlagInputError extends Error {
	constructor(readonly problems: FlagProblem[]) {
		super(`Invalid report: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'FlagInputError';
	}
}

/** The message cannot be reported: unknown or not shown, or not published (held, hidden, deleted). */
export class NotFlaggable extends Error {
	constructor(readonly reason: 'not_found' | 'not_published') {
		super(`Message not flaggable: ${reason}`);
		this.name = 'NotFlaggable';
	}
}

export type FlagOutcome = {
	/** `already`: this member had reported it; nothing changed. */
	outcome: 'flagged' | 'already';
	/** Whether this report hid the message. */
	hidden: boolean;
};

/** Invisible controls that would make a note read otherwise than written (as in messages). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

function isReason(value: string): value is FlagReason {
	return (FLAG_REASONS as readonly string[]).includes(value);
}

/** The note as kept (cleaned, trimmed, null when empty), and every problem with the report. */
export function checkInput(input: FlagInput): {
	reason: FlagReason | null;
	note: string | null;
	problems: FlagProblem[];
} {
	const problems: FlagProblem[] = [];
	const reason = isReason(input.reason) ? input.reason : null;
	if (!reason) problems.push({ field: 'reason', code: 'invalid' });
	const note = cleanText(input.note).replace(BIDI_CONTROLS, '').trim();
	if (note.length > MAX_NOTE_LENGTH)
		problems.push({ field: 'note', code: 'too_long', max: MAX_NOTE_LENGTH });
	else if (reason === 'other' && !messages.hasVisibleText(note))
		problems.push({ field: 'note', code: 'required' });
	return { reason, note: messages.hasVisibleText(note) ? note : null, problems };
}

/** Whether `accountId` has reported the message already (waiting or not). */
export function hasFlagged(db: Db, accountId: number, messageId: number): boolean {
	return (
		prepared(db, 'select 1 from message_flags where message_id = ? and account_id = ?').get(
			messageId,
			accountId
		) !== undefined
	);
}

/** The message as it was when the reports hid it: what the log keeps. */
function snapshotOf(message: messages.Message) {
	return {
		id: message.id,
		authorId: message.authorId,
		authorName: message.authorName,
		locale: message.locale,
		body: message.body,
		quote: message.quote,
		state: message.state,
		version: message.version,
		createdAt: message.createdAt
	};
}

/** The discussion a message is shown in, or null when it is not shown to readers. */
function shownIn(db: Db, message: messages.Message) {
	const discussion = discussions.findById(db, message.discussionId);
	return discussion && discussions.subjectVisible(db, discussion.subject) ? discussion : null;
}

/** Whether the message's author is an organiser or an admin: reports never hide theirs. */
function authoredByModerator(db: Db, authorId: number | null): boolean {
	if (authorId === null) return false;
	const row = prepared(db, 'select role from accounts where id = ?').get(authorId) as
		{ role: string } | undefined;
	return row !== undefined && row.role !== 'member';
}

/**
 * Waiting reports on a message that count toward hiding it: those of moderators and trusted
 * members, not on hold, banned (a ban with an end date lapses) or disabled, and, while the hub
 * sends email, members with a confirmed address.
 */
function countingFlags(db: Db, messageId: number, now: number): number {
	const confirmed = mailing.sending() ? 'a.email_confirmed_at is not null' : '1';
	return (
		prepared(
			db,
			`select count(*) as n from message_flags f join accounts a on a.id = f.account_id
			 where f.message_id = ? and f.resolved_at is null
			   and (a.role <> 'member' or (a.trusted_at is not null and ${confirmed}))
			   and a.held_at is null and a.disabled_at is null
			   and (a.banned_at is null or (a.banned_until is not null and a.banned_until <= ?))`
		).get(messageId, now) as { n: number }
	).n;
}

/**
 * Reports a message. Throws FlagInputError, NotFlaggable, Forbidden (a visitor, or one's own
 * message) and the rate limit's refusal. A second report by the same member changes nothing.
 */
export function flag(
	db: Db,
	actor: Actor,
	messageId: number,
	input: FlagInput,
	now = Date.now()
): FlagOutcome {
	const message = messages.findById(db, messageId);
	if (!message || (message.state === 'held' && message.authorId !== actor.id))
		throw new NotFlaggable('not_found');
	authorize(actor, 'flag-message', { type: 'message', authorId: message.authorId });
	const { reason, note, problems } = checkInput(input);
	if (problems.length > 0 || !reason) throw new FlagInputError(problems);
	const discussion = shownIn(db, message);
	if (!discussion) throw new NotFlaggable('not_found');
	const accountId = actor.id!;
	const result = db.$client
		.transaction((): FlagOutcome => {
			const current = messages.findById(db, messageId);
			if (hasFlagged(db, accountId, messageId)) return { outcome: 'already', hidden: false };
			if (current?.state !== 'published') throw new NotFlaggable('not_published');
			limits.take(db, limits.accountKey(accountId, 'flag'), FLAG_LIMIT, now);
			prepared(
				db,
				`insert into message_flags (message_id, account_id, reason, note, created_at)
				 values (?, ?, ?, ?, ?)`
			).run(messageId, accountId, reason, note, now);
			if (authoredByModerator(db, current.authorId)) return { outcome: 'flagged', hidden: false };
			if (countingFlags(db, messageId, now) < HIDING_FLAGS)
				return { outcome: 'flagged', hidden: false };
			prepared(
				db,
				`update messages set state = 'hidden', moderation_reason = 'flags', moderated_at = null
				 where id = ? and state = 'published'`
			).run(messageId);
			log.record(
				db,
				{
					actor: null,
					action: 'flags_hidden',
					messageId,
					discussionId: current.discussionId,
					memberId: current.authorId,
					reason: 'flags',
					snapshot: snapshotOf(current)
				},
				now
			);
			return { outcome: 'flagged', hidden: true };
		})
		.immediate();
	if (result.hidden) changed(discussions.tagOf(discussion.subject), LISTS);
	return result;
}

export type WaitingFlag = {
	accountId: number;
	/** null once the account is gone (its reports go with it). */
	accountName: string | null;
	reason: FlagReason;
	note: string | null;
	createdAt: number;
};

export type FlaggedMessage = {
	messageId: number;
	discussionId: number;
	/** The message as it now is (published, or hidden by the reports). */
	message: messages.Message;
	/** When the first waiting report came: the queue's order. */
	firstAt: number;
	count: number;
	reasons: Record<FlagReason, number>;
	flags: WaitingFlag[];
};

/**
 * Reports waiting for a moderator, grouped per message, the oldest first; messages deleted
 * since (nothing left to decide) are left out.
 */
export function waiting(db: Db): FlaggedMessage[] {
	const rows = prepared(
		db,
		`select f.message_id, f.account_id, a.name as account_name, f.reason, f.note, f.created_at
		 from message_flags f
		 join messages m on m.id = f.message_id
		 left join accounts a on a.id = f.account_id
		 where f.resolved_at is null and m.state <> 'deleted'
		 order by f.created_at, f.id`
	).all() as {
		message_id: number;
		account_id: number;
		account_name: string | null;
		reason: FlagReason;
		note: string | null;
		created_at: number;
	}[];
	const grouped = new Map<number, FlaggedMessage>();
	for (const row of rows) {
		let entry = grouped.get(row.message_id);
		if (!entry) {
			const message = messages.findById(db, row.message_id)!;
			entry = {
				messageId: row.message_id,
				discussionId: message.discussionId,
				message,
				firstAt: row.created_at,
				count: 0,
				reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 },
				flags: []
			};
			grouped.set(row.message_id, entry);
		}
		entry.count++;
		entry.reasons[row.reason]++;
		entry.flags.push({
			accountId: row.account_id,
			accountName: row.account_name,
			reason: row.reason,
			note: row.note,
			createdAt: row.created_at
		});
	}
	return [...grouped.values()];
}

/** Whether reports on the message wait for a moderator. */
export function waitsFor(db: Db, messageId: number): boolean {
	return (
		prepared(
			db,
			'select 1 from message_flags where message_id = ? and resolved_at is null limit 1'
		).get(messageId) !== undefined
	);
}

/**
 * A moderator decided on the message (approved, hid, deleted it): its waiting reports are no
 * longer waiting. Call it in the transaction of that decision. Returns how many were waiting.
 */
export function resolve(db: Db, messageId: number, now: number): number {
	return prepared(
		db,
		'update message_flags set resolved_at = ? where message_id = ? and resolved_at is null'
	).run(now, messageId).changes;
}
