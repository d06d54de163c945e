import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from './db';
import { loginFailures, organisers, sessions } from './db/schema';
import * as accounts from './organisers';
import { verifyNothing, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'session';
/** A session ends after this long without a request… */
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** …and after this long in any case. */
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
// Recording every request would turn reads into writes; a minute's precision is enough.
const TOUCH_EVERY_MS = 60 * 1000;

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export type SessionOrganiser = accounts.Organiser;

/** Opens a session: a new random 256-bit token, of which only the hash is stored. */
export function createSession(db: Db, organiserId: number, now = Date.now()) {
	const token = randomBytes(32).toString('base64url');
	db.insert(sessions)
		.values({ tokenHash: hashToken(token), organiserId, createdAt: now, lastSeenAt: now, expiresAt: now + ABSOLUTE_TIMEOUT_MS })
		.run();
	return { token, expiresAt: now + ABSOLUTE_TIMEOUT_MS };
}

/** The organiser behind a session token, or null when it is unknown, expired, idle or disabled. */
export function validateSession(db: Db, token: string, now = Date.now()): SessionOrganiser | null {
	if (!token || token.length > 100) return null;
	const tokenHash = hashToken(token);
	const row = db
		.select({ session: sessions, organiser: organisers })
		.from(sessions)
		.innerJoin(organisers, eq(organisers.id, sessions.organiserId))
		.where(eq(sessions.tokenHash, tokenHash))
		.get();
	if (!row) return null;
	const { session, organiser } = row;
	if (session.expiresAt <= now || session.lastSeenAt + IDLE_TIMEOUT_MS <= now || organiser.disabledAt !== null) {
		db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
		return null;
	}
	if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
		db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
	}
	const { passwordHash: _hash, ...rest } = organiser;
	return rest;
}

export function endSession(db: Db, token: string) {
	db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
}

function recentFailures(db: Db, key: string, now: number): number {
	return (
		db
			.select({ n: count() })
			.from(loginFailures)
			.where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - LOGIN_WINDOW_MS)))
			.get()?.n ?? 0
	);
}

export type LoginResult =
	| { ok: true; organiser: SessionOrganiser; token: string; expiresAt: number }
	| { ok: false; reason: 'invalid' | 'rate_limited' };

/**
 * Checks an email and password. Past the failure limit for the account or the address it
 * answers `rate_limited` without looking at the password. Unknown addresses, disabled accounts
 * and wrong passwords all answer `invalid`, after the same work.
 */
export async function login(
	db: Db,
	input: { email: string; password: string; address: string },
	now = Date.now()
): Promise<LoginResult> {
	const email = accounts.normaliseEmail(input.email);
	const accountKey = `account:${email}`;
	const addressKey = `address:${input.address}`;
	if (
		recentFailures(db, accountKey, now) >= MAX_FAILURES_PER_ACCOUNT ||
		recentFailures(db, addressKey, now) >= MAX_FAILURES_PER_ADDRESS
	) {
		return { ok: false, reason: 'rate_limited' };
	}
	const account = accounts.findByEmail(db, email);
	const valid = account
		? (await verifyPassword(account.passwordHash, input.password)) && account.disabledAt === null
		: await verifyNothing(input.password);
	if (!valid || !account) {
		db.transaction((tx) => {
			tx.insert(loginFailures).values([
				{ key: accountKey, at: now },
				{ key: addressKey, at: now }
			]).run();
			// Old failures count for nothing: drop them as new ones come.
			tx.delete(loginFailures).where(lt(loginFailures.at, now - LOGIN_WINDOW_MS)).run();
		});
		return { ok: false, reason: 'invalid' };
	}
	db.delete(loginFailures).where(eq(loginFailures.key, accountKey)).run();
	const { token, expiresAt } = createSession(db, account.id, now);
	const { passwordHash: _hash, ...organiser } = account;
	return { ok: true, organiser, token, expiresAt };
}

/** Whether the session cookie may be sent over plain http: only on this machine. */
export function secureCookie(url: URL): boolean {
	return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
