import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts as accountRows, loginFailures, sessions, type AccountRow } from '../db/schema';
import * as accounts from '../accounts/accounts';
import { checkNewPassword, verifyNothing, verifyPassword, type PasswordProblem } from './passwords';
import { preparedFor } from '../db/prepared';
import { isBanned } from '../moderation/members';

export const SESSION_COOKIE = 'session';
/** A session ends after this long without a request… */
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** …and after this long in any case. */
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
// Recording every request would turn reads into writes; a minute's precision is enough.
const TOUCH_EVERY_MS = 60 * 1000;

/*
 * Failed logins are limited three ways, so a stranger cannot guess much and cannot lock the
 * owner out either: tightly for one account from one address, loosely for one account over
 * all addresses (ASVS: at most 100 failures an hour), and for one address over all accounts.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 100;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Opens a session: a new random 256-bit token, of which only the hash is stored. */
export function createSession(db: Db, accountId: number, now = Date.now()) {
	const token = randomBytes(32).toString('base64url');
	db.insert(sessions)
		.values({
			tokenHash: hashToken(token),
			accountId,
			createdAt: now,
			lastSeenAt: now,
			expiresAt: now + ABSOLUTE_TIMEOUT_MS
		})
		.run();
	return { token, expiresAt: now + ABSOLUTE_TIMEOUT_MS };
}

/**
 * A signed-in member's every request checks the session (up to three times: the fast path and
 * the response cache ask whether it is live, then the hook reads the account): prepared once
 * per database handle, it is one indexed read; it writes at most once a minute (TOUCH_EVERY_MS).
 */
const reads = preparedFor((db: Db) => ({
	session: db
		.select({ session: sessions, account: accountRows })
		.from(sessions)
		.innerJoin(accountRows, eq(accountRows.id, sessions.accountId))
		.where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
		.prepare()
}));

/**
 * The account behind a session token, or null when it is unknown, expired, idle, disabled or
 * banned (a ban deletes the sessions it finds; this also ends any it did not).
 */
export function validateSession(db: Db, token: string, now = Date.now()): accounts.Account | null {
	if (!token || token.length > 100) return null;
	const tokenHash = hashToken(token);
	const row = reads(db).session.get({ tokenHash });
	if (!row) return null;
	const { session, account } = row;
	if (
		session.expiresAt <= now ||
		session.lastSeenAt + IDLE_TIMEOUT_MS <= now ||
		account.disabledAt !== null ||
		isBanned(account, now)
	) {
		db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
		return null;
	}
	if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
		db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
	}
	return accounts.withoutHash(account);
}

export function endSession(db: Db, token: string) {
	db.delete(sessions)
		.where(eq(sessions.tokenHash, hashToken(token)))
		.run();
}

type Limit = { key: string; windowMs: number; max: number };

function limitsFor(email: string, address: string): Limit[] {
	return [
		{
			key: `account-address:${email} ${address}`,
			windowMs: LOGIN_WINDOW_MS,
			max: MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
		},
		{ key: `account:${email}`, windowMs: ACCOUNT_WINDOW_MS, max: MAX_FAILURES_PER_ACCOUNT },
		{ key: `address:${address}`, windowMs: LOGIN_WINDOW_MS, max: MAX_FAILURES_PER_ADDRESS }
	];
}

/**
 * Counts an attempt as a failure before its password is checked (the ids of its rows), or null when a limit
 * is reached. It runs in one synchronous transaction, before any await: parallel attempts are
 * counted one after the other, so N of them count N (reading the count, awaiting Argon2 and
 * only then writing let a burst through whole).
 */
function reserveAttempt(db: Db, limits: Limit[], now: number): number[] | null {
	return db.transaction(
		(tx) => {
			for (const { key, windowMs, max } of limits) {
				const n =
					tx
						.select({ n: count() })
						.from(loginFailures)
						.where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - windowMs)))
						.get()?.n ?? 0;
				if (n >= max) return null;
			}
			// Old failures count for nothing: drop them as new attempts come.
			tx.delete(loginFailures)
				.where(lt(loginFailures.at, now - Math.max(LOGIN_WINDOW_MS, ACCOUNT_WINDOW_MS)))
				.run();
			return tx
				.insert(loginFailures)
				.values(limits.map(({ key }) => ({ key, at: now })))
				.returning({ id: loginFailures.id })
				.all()
				.map((r) => r.id);
		},
		// Take the write lock at once: another process (the command line) cannot slip in between.
		{ behavior: 'immediate' }
	);
}

export type PasswordCheck =
	{ ok: true; account: AccountRow } | { ok: false; reason: 'invalid' | 'rate_limited' };

/**
 * Checks an email and password against the failure limits, as a login does; the change of
 * password uses it too, so the current password cannot be guessed there either. Past a limit it
 * answers `rate_limited` without looking at the password. Unknown addresses, disabled accounts
 * and wrong passwords all answer `invalid`, after the same work.
 */
export async function checkPassword(
	db: Db,
	input: { email: string; password: string; address: string },
	now = Date.now()
): Promise<PasswordCheck> {
	const email = accounts.normaliseEmail(input.email);
	const limits = limitsFor(email, input.address);
	const reserved = reserveAttempt(db, limits, now);
	if (!reserved) return { ok: false, reason: 'rate_limited' };
	const account = accounts.findByEmail(db, email);
	const valid = account
		? (await verifyPassword(account.passwordHash, input.password)) && account.disabledAt === null
		: await verifyNothing(input.password);
	// A failure stays as it was reserved.
	if (!valid || !account) return { ok: false, reason: 'invalid' };
	// The owner is in: the account's failures are forgotten, the address's others are not.
	const [accountAddress, accountAnywhere] = limits;
	db.delete(loginFailures)
		.where(
			or(
				inArray(loginFailures.key, [accountAddress!.key, accountAnywhere!.key]),
				inArray(loginFailures.id, reserved)
			)
		)
		.run();
	return { ok: true, account };
}

export type LoginResult =
	| { ok: true; account: accounts.Account; token: string; expiresAt: number }
	| { ok: false; reason: 'invalid' | 'rate_limited' }
	/** `until`: when the ban ends (null: it does not). */
	| { ok: false; reason: 'banned'; until: number | null };

/**
 * Checks an email and password (see `checkPassword`) and opens a session. A banned member is
 * told so, and until when, but only once the password proved them the account's owner: to
 * anyone else a banned account answers as every wrong password does, so no one learns who is.
 */
export async function login(
	db: Db,
	input: { email: string; password: string; address: string },
	now = Date.now()
): Promise<LoginResult> {
	const checked = await checkPassword(db, input, now);
	if (!checked.ok) return checked;
	if (isBanned(checked.account, now))
		return { ok: false, reason: 'banned', until: checked.account.bannedUntil };
	const { token, expiresAt } = createSession(db, checked.account.id, now);
	return { ok: true, account: accounts.withoutHash(checked.account), token, expiresAt };
}

export type PasswordChangeProblem =
	| { field: 'current'; code: 'required' | 'wrong' }
	| { field: 'password'; code: PasswordProblem }
	| { field: 'confirm'; code: 'mismatch' };

export type PasswordChangeResult =
	| { ok: true }
	| { ok: false; reason: 'rate_limited' }
	| { ok: false; reason: 'invalid'; problems: PasswordChangeProblem[] };

/**
 * Someone changes their own password. The current one is checked as at login, against the
 * same limits, so this form cannot be used to guess it; the new one is checked first, so a typo
 * in it costs no attempt. Every other session of the account ends; `sessionToken`'s stays.
 */
export async function changePassword(
	db: Db,
	input: {
		account: Pick<accounts.Account, 'email' | 'name'>;
		current: string;
		password: string;
		confirm: string;
		address: string;
		sessionToken: string;
	},
	now = Date.now()
): Promise<PasswordChangeResult> {
	const problems: PasswordChangeProblem[] = [];
	if (!input.current) problems.push({ field: 'current', code: 'required' });
	const weak = await checkNewPassword(input.password, [input.account.email, input.account.name]);
	if (weak) problems.push({ field: 'password', code: weak });
	else if (input.password !== input.confirm) problems.push({ field: 'confirm', code: 'mismatch' });
	if (problems.length > 0) return { ok: false, reason: 'invalid', problems };

	const checked = await checkPassword(
		db,
		{ email: input.account.email, password: input.current, address: input.address },
		now
	);
	if (!checked.ok) {
		return checked.reason === 'rate_limited'
			? { ok: false, reason: 'rate_limited' }
			: { ok: false, reason: 'invalid', problems: [{ field: 'current', code: 'wrong' }] };
	}
	await accounts.setPassword(
		db,
		checked.account,
		input.password,
		{ keepSessionHash: hashToken(input.sessionToken) },
		now
	);
	return { ok: true };
}

/** Whether the session cookie may be sent over plain http: only on this machine. */
export function secureCookie(url: URL): boolean {
	return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
