import type { Db } from '../db';
import type { Role } from '../db/schema';
import * as settings from './settings';

/*
 * A member's standing with the moderators: new (first messages wait), on hold (every message
 * waits), banned (cannot sign in nor post, until a date or for good). Stub: helper MOD owns it.
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
