import { authorize, type Actor } from '../auth/policy';
import { cleanLine } from '../content/text';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { Role } from '../db/schema';
import * as log from './log';
import * as settings from './settings';

/*
 * A member's standing with the moderators: new (first messages wait), on hold (every message
 * waits), banned (cannot sign in nor post, until a date or for good).
 */

export type ModerationState = {
	role: Role;
	trustedAt: number | null;
	heldAt: number | null;
	bannedAt: number | null;
	bannedUntil: number | null;
};

/** Banned now: a ban with an end date lapses by itself. */
export function isBanned(
	account: Pick<ModerationState, 'bannedAt' | 'bannedUntil'>,
	now: number
): boolean {
	return account.bannedAt !== null && (account.bannedUntil === null || account.bannedUntil > now);
}

/** Whether a member's messages still wait because they are new (organisers never do). */
export function isNew(db: Db, account: Pick<ModerationState, 'role' | 'trustedAt'>): boolean {
	return (
		account.role === 'member' &&
		account.trustedAt === null &&
		settings.read(db).heldFirstMessages > 0
	);
}

/** The longest reason a moderator gives (hold, ban, hide): a sentence, not a letter. */
export const MAX_REASON_LENGTH = 500;

export type Standing = ModerationState & {
	id: number;
	name: string;
	holdReason: string | null;
	banReason: string | null;
	createdAt: number;
};

/** Nothing was changed: the member is unknown, or what was typed will not do. */
export class StandingError extends Error {
	constructor(readonly code: 'not_found' | 'reason_too_long' | 'until_past') {
		super(`Member standing: ${code}`);
		this.name = 'StandingError';
	}
}

export function standingOf(db: Db, id: number): Standing | null {
	const row = prepared(
		db,
		`select id, name, role, trusted_at, held_at, hold_reason, banned_at, banned_until, ban_reason, created_at
		 from accounts where id = ?`
	).get(id) as
		| {
				id: number;
				name: string;
				role: Role;
				trusted_at: number | null;
				held_at: number | null;
				hold_reason: string | null;
				banned_at: number | null;
				banned_until: number | null;
				ban_reason: string | null;
				created_at: number;
		  }
		| undefined;
	return row
		? {
				id: row.id,
				name: row.name,
				role: row.role,
				trustedAt: row.trusted_at,
				heldAt: row.held_at,
				holdReason: row.hold_reason,
				bannedAt: row.banned_at,
				bannedUntil: row.banned_until,
				banReason: row.ban_reason,
				createdAt: row.created_at
			}
		: null;
}

/** A moderator's reason as stored: one line, null when empty; refused when too long. */
export function cleanReason(raw: string | null | undefined): string | null {
	// Format characters (direction overrides, zero-width) only hide or turn a reason around.
	const reason = cleanLine((raw ?? '').replace(/\p{Cf}/gu, ''))
		.replace(/\s+/g, ' ')
		.trim();
	if (reason.length > MAX_REASON_LENGTH) throw new StandingError('reason_too_long');
	return reason === '' ? null : reason;
}

/** How many of a member's messages a moderator approved: what earns their trust. */
export function approvedCount(db: Db, memberId: number): number {
	return (
		prepared(
			db,
			"select count(*) as n from moderation_log where member_id = ? and action = 'approve'"
		).get(memberId) as { n: number }
	).n;
}

/**
 * Trusts a new member once enough of their messages were approved; inside the approving
 * transaction. Returns whether they became trusted now.
 */
export function trustIfEarned(db: Db, memberId: number, now: number): boolean {
	const member = standingOf(db, memberId);
	if (!member || member.role !== 'member' || member.trustedAt !== null) return false;
	if (approvedCount(db, memberId) < settings.read(db).heldFirstMessages) return false;
	prepared(db, 'update accounts set trusted_at = ? where id = ?').run(now, memberId);
	return true;
}

function target(
	db: Db,
	actor: Actor,
	id: number,
	action: 'hold-member' | 'release-member' | 'ban-member' | 'trust-member'
) {
	const member = standingOf(db, id);
	if (!member) throw new StandingError('not_found');
	authorize(actor, action, { type: 'member', id: member.id, role: member.role });
	return member;
}

/** A moderator vouches for a new member: their messages no longer wait. */
export function trust(db: Db, actor: Actor, id: number, now = Date.now()): void {
	db.$client.transaction(() => {
		const member = target(db, actor, id, 'trust-member');
		if (member.trustedAt !== null) return;
		prepared(db, 'update accounts set trusted_at = ? where id = ?').run(now, id);
		log.record(db, { actor, action: 'trust', memberId: id }, now);
	})();
}

/** Puts a member on hold (every new message waits for a moderator), or lifts it. */
export function setHeld(
	db: Db,
	actor: Actor,
	id: number,
	held: boolean,
	rawReason: string | null = null,
	now = Date.now()
): void {
	const reason = held ? cleanReason(rawReason) : null;
	db.$client.transaction(() => {
		// Releasing stays possible for an account held before it became an organiser.
		const member = target(db, actor, id, held ? 'hold-member' : 'release-member');
		if ((member.heldAt !== null) === held) return;
		prepared(db, 'update accounts set held_at = ?, hold_reason = ? where id = ?').run(
			held ? now : null,
			reason,
			id
		);
		log.record(
			db,
			{ actor, action: held ? 'hold_member' : 'release_member', memberId: id, reason },
			now
		);
	})();
}

/**
 * Bans a member until `until` (null: for good): they cannot sign in nor post, and every session
 * they have ends at once, in the same transaction.
 */
export function ban(
	db: Db,
	actor: Actor,
	id: number,
	{ reason: rawReason, until }: { reason?: string | null; until?: number | null },
	now = Date.now()
): void {
	const reason = cleanReason(rawReason);
	if (until != null && until <= now) throw new StandingError('until_past');
	db.$client.transaction(() => {
		target(db, actor, id, 'ban-member');
		prepared(
			db,
			'update accounts set banned_at = ?, banned_until = ?, ban_reason = ? where id = ?'
		).run(now, until ?? null, reason, id);
		prepared(db, 'delete from sessions where account_id = ?').run(id);
		log.record(db, { actor, action: 'ban', memberId: id, reason }, now);
	})();
	// Nothing readers see changes: a banned member's name stays on what they wrote.
}

/** Lifts a ban: the member signs in and posts again (held, if they were on hold). */
export function unban(db: Db, actor: Actor, id: number, now = Date.now()): void {
	db.$client.transaction(() => {
		const member = target(db, actor, id, 'ban-member');
		if (member.bannedAt === null) return;
		prepared(
			db,
			'update accounts set banned_at = null, banned_until = null, ban_reason = null where id = ?'
		).run(id);
		log.record(db, { actor, action: 'unban', memberId: id }, now);
	})();
}

/** Accounts on hold or banned now, the latest restrained first: what moderators may lift. */
export function listRestricted(db: Db, now = Date.now(), limit = 100): Standing[] {
	const ids = prepared(
		db,
		`select id from accounts
		 where held_at is not null or (banned_at is not null and (banned_until is null or banned_until > ?))
		 order by max(coalesce(held_at, 0), coalesce(banned_at, 0)) desc, id desc limit ?`
	).all(now, limit) as { id: number }[];
	return ids.map((r) => standingOf(db, r.id)!).filter(Boolean);
}
