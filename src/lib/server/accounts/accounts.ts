import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts, sessions, type AccountRow, type Role } from '../db/schema';
import { checkNewPassword, hashPassword, type PasswordProblem } from '../auth/passwords';
import { authorize, SYSTEM, type Actor } from '../auth/policy';
import * as text from '../content/text';

/** Anyone who logs in (member, organiser or admin), without the password's hash. */
export type Account = Omit<AccountRow, 'passwordHash'>;

export type AccountProblem =
	| { field: 'email'; code: 'invalid' | 'taken' | 'unknown' }
	| { field: 'name'; code: 'required' }
	| { field: 'password'; code: PasswordProblem };

export class AccountInputError extends Error {
	constructor(readonly problems: AccountProblem[]) {
		super(`Invalid account: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'AccountInputError';
	}
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

// No control, format or unassigned character (\p{C}): an address is refused, not silently changed.
const EMAIL_RE = /^[^\s@\p{C}]+@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;

function withoutHash(row: AccountRow): Account {
	const { passwordHash: _hash, ...rest } = row;
	return rest;
}

/** Adds an account; an organiser unless another role is asked for (the CLI and admin page add organisers and admins). */
export async function add(
	db: Db,
	input: { email: string; name: string; password: string; role?: Role },
	{ now = Date.now(), actor = SYSTEM }: { now?: number; actor?: Actor } = {}
): Promise<Account> {
	authorize(actor, 'manage', { type: 'accounts' });
	const email = normaliseEmail(input.email);
	const name = text.cleanLine(input.name);
	const problems: AccountProblem[] = [];
	if (!EMAIL_RE.test(email) || email.length > 254)
		problems.push({ field: 'email', code: 'invalid' });
	else if (findByEmail(db, email)) problems.push({ field: 'email', code: 'taken' });
	if (!name) problems.push({ field: 'name', code: 'required' });
	const weak = await checkNewPassword(input.password, [email, name]);
	if (weak) problems.push({ field: 'password', code: weak });
	if (problems.length > 0) throw new AccountInputError(problems);
	const passwordHash = await hashPassword(input.password);
	const row = db
		.insert(accounts)
		.values({
			email,
			name,
			role: input.role ?? 'organiser',
			passwordHash,
			createdAt: now,
			updatedAt: now
		})
		.returning()
		.get();
	return withoutHash(row);
}

/** The account row with its hash, for checking a password. */
export function findByEmail(db: Db, email: string): AccountRow | undefined {
	return db
		.select()
		.from(accounts)
		.where(eq(accounts.email, normaliseEmail(email)))
		.get();
}

export function findById(db: Db, id: number): Account | undefined {
	const row = db.select().from(accounts).where(eq(accounts.id, id)).get();
	return row ? withoutHash(row) : undefined;
}

export function list(db: Db): Account[] {
	return db.select().from(accounts).orderBy(asc(accounts.email)).all().map(withoutHash);
}

/** Disables an account and ends its sessions at once; an unknown address is an input error. */
export function disable(
	db: Db,
	email: string,
	{ now = Date.now(), actor = SYSTEM }: { now?: number; actor?: Actor } = {}
): Account {
	authorize(actor, 'manage', { type: 'accounts' });
	return db.transaction((tx) => {
		const row = tx
			.update(accounts)
			.set({ disabledAt: now, updatedAt: now })
			.where(eq(accounts.email, normaliseEmail(email)))
			.returning()
			.get();
		if (!row) throw new AccountInputError([{ field: 'email', code: 'unknown' }]);
		tx.delete(sessions).where(eq(sessions.accountId, row.id)).run();
		return withoutHash(row);
	});
}

/** Sets a new password and ends every session of the account. */
export async function resetPassword(
	db: Db,
	email: string,
	password: string,
	now = Date.now()
): Promise<Account> {
	const current = findByEmail(db, email);
	if (!current) throw new AccountInputError([{ field: 'email', code: 'unknown' }]);
	return setPassword(db, current, password, {}, now);
}

/**
 * Sets a new password, checked for strength against the account's own name and address, and
 * ends the account's sessions: all of them, or all but `keepSessionHash` (the one in which the
 * account's owner changed it), so whoever else held a session is out.
 */
export async function setPassword(
	db: Db,
	account: Pick<AccountRow, 'id' | 'email' | 'name'>,
	password: string,
	{ keepSessionHash }: { keepSessionHash?: string },
	now = Date.now()
): Promise<Account> {
	const weak = await checkNewPassword(password, [account.email, account.name]);
	if (weak) throw new AccountInputError([{ field: 'password', code: weak }]);
	const passwordHash = await hashPassword(password);
	return db.transaction((tx) => {
		const row = tx
			.update(accounts)
			.set({ passwordHash, updatedAt: now })
			.where(eq(accounts.id, account.id))
			.returning()
			.get();
		if (!row) throw new AccountInputError([{ field: 'email', code: 'unknown' }]);
		tx.delete(sessions)
			.where(
				keepSessionHash === undefined
					? eq(sessions.accountId, row.id)
					: and(eq(sessions.accountId, row.id), ne(sessions.tokenHash, keepSessionHash))
			)
			.run();
		return withoutHash(row);
	});
}
