import { authorize, type Actor } from '../auth/policy';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as discussions from '../forum/discussions';
import { changed, LISTS, NAMES } from '../forum/changes';
import * as messages from '../forum/messages';
import * as notifications from '../mail/notifications';
import * as flags from './flags';
import * as log from './log';
import * as members from './members';

/*
 * What a moderator does to a message from the queue: approve it (a held one is published, a
 * flagged one kept), hide it with a reason (readers see the reason in its place), restore it,
 * delete it (a tombstone), or close its discussion. Each is decided, logged with the message as
 * it was, and its flags resolved, in one transaction; then the pages that show it are dropped
 * from the cache.
 */

export class ModerationError extends Error {
	constructor(
		readonly code:
			'not_found' | 'not_waiting' | 'changed' | 'held' | 'reason_required' | 'reason_too_long'
	) {
		super(`Moderation: ${code}`);
		this.name = 'ModerationError';
	}
}

function reasonOf(raw: string | null | undefined): string {
	let reason: string | null;
	try {
		reason = members.cleanReason(raw);
	} catch (error) {
		if (error instanceof members.StandingError) throw new ModerationError('reason_too_long');
		throw error;
	}
	if (reason === null) throw new ModerationError('reason_required');
	return reason;
}

/** The message a moderator acts on, in the transaction that acts; refused unless they may. */
function target(db: Db, actor: Actor, id: number) {
	const message = messages.findById(db, id);
	if (!message) throw new ModerationError('not_found');
	authorize(actor, 'moderate', { type: 'message', authorId: message.authorId });
	const discussion = discussions.findById(db, message.discussionId);
	if (!discussion) throw new ModerationError('not_found');
	return { message, discussion };
}

function setState(
	db: Db,
	id: number,
	state: 'published' | 'hidden',
	reason: string | null,
	now: number
) {
	prepared(
		db,
		'update messages set state = ?, moderation_reason = ?, moderated_at = ? where id = ?'
	).run(state, reason, now, id);
}

/**
 * Refuses when the message is no longer the version the moderator saw (its author edited it
 * since the queue was loaded): publishing words nobody read is not a decision.
 */
function unchanged(message: messages.Message, expectedVersion: number | null) {
	if (expectedVersion !== null && message.version !== expectedVersion)
		throw new ModerationError('changed');
}

/** Runs `act` in one transaction and tells the caches which discussion changed. */
type Found = ReturnType<typeof target>;

/** The log's line for a decision on a message: who, what, why, and the message as it was. */
function recordDecision(
	db: Db,
	actor: Actor,
	action: string,
	{ message, discussion }: Found,
	snapshot: ReturnType<typeof log.snapshotOf>,
	now: number,
	reason: string | null = null
) {
	log.record(
		db,
		{
			actor,
			action,
			messageId: message.id,
			discussionId: discussion.id,
			memberId: message.authorId,
			reason,
			snapshot
		},
		now
	);
}

function decide<T>(db: Db, actor: Actor, id: number, act: (found: Found) => T): T {
	const seen: { subject?: discussions.Subject } = {};
	const result = db.$client
		.transaction(() => {
			const found = target(db, actor, id);
			seen.subject = found.discussion.subject;
			return act(found);
		})
		.immediate();
	if (seen.subject) changed(discussions.tagOf(seen.subject), LISTS, NAMES);
	return result;
}

/**
 * Approves a message: a held one is published (its readers are told, it counts toward its
 * author's trust), a flagged one stays. Its flags are resolved. A hidden one is refused (another
 * moderator hid it, or the queue was stale): restoring is the explicit way back. Refused too
 * when the message is no longer `expectedVersion`, the one the moderator saw.
 */
export function approve(
	db: Db,
	actor: Actor,
	id: number,
	expectedVersion: number,
	now = Date.now()
): void {
	decide(db, actor, id, ({ message, discussion }) => {
		if (message.state !== 'held' && message.state !== 'published')
			throw new ModerationError('not_waiting');
		// Published and flagged by nobody (a second click, another moderator first): nothing waits.
		if (message.state === 'published' && !flags.waitsFor(db, id))
			throw new ModerationError('not_waiting');
		unchanged(message, expectedVersion);
		const snapshot = log.snapshotOf(db, id);
		if (message.state === 'held') setState(db, id, 'published', null, now);
		else prepared(db, 'update messages set moderated_at = ? where id = ?').run(now, id);
		if (message.state === 'held') notifications.notifyPublished(db, id, now);
		flags.resolve(db, id, now);
		recordDecision(db, actor, 'approve', { message, discussion }, snapshot, now);
		if (message.state === 'held' && message.authorId !== null)
			members.trustIfEarned(db, message.authorId, now);
	});
}

/** Hides a message: readers see "hidden by the moderators" and `reason`, never its words. */
export function hide(db: Db, actor: Actor, id: number, rawReason: string, now = Date.now()): void {
	const reason = reasonOf(rawReason);
	decide(db, actor, id, ({ message, discussion }) => {
		if (message.state === 'deleted') throw new ModerationError('not_waiting');
		// Nobody has read a waiting message: hiding it would show readers a placeholder where
		// nothing ever was. It is approved, or deleted (and then leaves no trace: messages.tombstone).
		if (message.state === 'held') throw new ModerationError('held');
		const snapshot = log.snapshotOf(db, id);
		setState(db, id, 'hidden', reason, now);
		flags.resolve(db, id, now);
		recordDecision(db, actor, 'hide', { message, discussion }, snapshot, now, reason);
	});
}

/**
 * Brings a hidden message back, as it was; with `expectedVersion`, only if it is still the
 * version the moderator saw (moderators may edit a hidden message).
 */
export function restore(
	db: Db,
	actor: Actor,
	id: number,
	expectedVersion: number | null = null,
	now = Date.now()
): void {
	decide(db, actor, id, ({ message, discussion }) => {
		if (message.state !== 'hidden') throw new ModerationError('not_waiting');
		unchanged(message, expectedVersion);
		const snapshot = log.snapshotOf(db, id);
		setState(db, id, 'published', null, now);
		flags.resolve(db, id, now);
		recordDecision(db, actor, 'restore', { message, discussion }, snapshot, now);
	});
}

/** Deletes a message as its author would (a tombstone); the log keeps what it said. */
export function remove(
	db: Db,
	actor: Actor,
	id: number,
	rawReason: string | null = null,
	now = Date.now()
): void {
	const reason = members.cleanReason(rawReason);
	decide(db, actor, id, ({ message, discussion }) => {
		// Deleted already (two moderators, two tabs): what was asked is done.
		if (message.state === 'deleted') return;
		const snapshot = log.snapshotOf(db, id);
		messages.tombstone(db, id, now);
		prepared(db, 'update messages set moderated_at = ? where id = ?').run(now, id);
		flags.resolve(db, id, now);
		recordDecision(db, actor, 'delete', { message, discussion }, snapshot, now, reason);
	});
}

/** Closes the discussion of a message (or opens it again), logged. */
export function setClosed(
	db: Db,
	actor: Actor,
	discussionId: number,
	closed: boolean,
	now = Date.now()
): void {
	authorize(actor, 'close', { type: 'discussion', closed: false });
	db.$client
		.transaction(() => {
			const discussion = discussions.findById(db, discussionId);
			if (!discussion) throw new ModerationError('not_found');
			if ((discussion.closedAt !== null) === closed) return;
			discussions.setClosed(db, actor, discussion.subject, closed, now);
			log.record(db, { actor, action: closed ? 'close' : 'reopen', discussionId }, now);
		})
		.immediate();
}
