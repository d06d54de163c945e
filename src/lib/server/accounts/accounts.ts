import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts, LOCALES, sessions, type AccountRow, type Locale, type Role } from '../db/schema';
import { checkNewPassword, hashPassword, type PasswordProblem } from '../auth/passwords';
import { authorize, SYSTEM, type Actor } from '../auth/policy';
import * as confirmations from '../mail/confirmations';
import { cleanName, foldName, nameProblem, type NameProblem } from './names';

export { foldName, MAX_NAME_LENGTH, MIN_NAME_LENGTH } from './names';

/** Anyone who logs in (member, organiser or admin), without the password's hash. */
export type Account = Omit<AccountRow, 'passwordHash' | 'nameKey'>;

export type AccountProblem =
	| { field: 'email'; code: 'invalid' | 'taken' | 'unknown' }
	| { field: 'name'; code: NameProblem | 'taken' }
	| { field: 'locale'; code: 'invalid' }
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

/** What may be handed around of a row: never its hash (nor the key, an internal of uniqueness). */
export function withoutHash(row: AccountRow): Account {
	const { passwordHash: _hash, nameKey: _key, ...rest } = row;
	return rest;
}

export function isLocale(value: string): value is Locale {
	return (LOCALES as readonly string[]).includes(value);
}

/** Reads only: the database or a transaction on it. */
type Reader = Pick<Db, 'select'>;

function nameTaken(db: Reader, key: string, exceptId?: number): boolean {
	const row = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.nameKey, key)).get();
	return row !== undefined && row.id !== exceptId;
}

/** Whether a display name (as typed) is free: nobody else's folds to the same key. */
export function nameAvailable(db: Db, name: string, exceptId?: number): boolean {
	return !nameTaken(db, foldName(cleanName(name)), exceptId);
}

/** The UNIQUE index's refusal, when another writer (another process) got in first: the field it names. */
function uniqueViolation(error: unknown): AccountProblem | null {
	if (!(error instanceof Error) || (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE')
		return null;
	if (error.message.includes('accounts.name_key')) return { field: 'name', code: 'taken' };
	if (error.message.includes('accounts.email')) return { field: 'email', code: 'taken' };
	return null;
}

type NewAccount = { email: string; name: string; password: string; locale?: string };

/**
 * What is wrong with a new account's details, all at once; the address and name are checked
 * again when written, in the transaction that writes them.
 */
async function problemsOf(db: Db, input: NewAccount): Promise<AccountProblem[]> {
	const email = normaliseEmail(input.email);
	const name = cleanName(input.name);
	const problems: AccountProblem[] = [];
	if (email.length > 254 || !EMAIL_RE.test(email))
		problems.push({ field: 'email', code: 'invalid' });
	else if (findByEmail(db, email)) problems.push({ field: 'email', code: 'taken' });
	const badName = nameProblem(input.name);
	if (badName) problems.push({ field: 'name', code: badName });
	else if (nameTaken(db, foldName(name))) problems.push({ field: 'name', code: 'taken' });
	if (input.locale !== undefined && !isLocale(input.locale))
		problems.push({ field: 'locale', code: 'invalid' });
	const weak = await checkNewPassword(input.password, [email, name]);
	if (weak) problems.push({ field: 'password', code: weak });
	return problems;
}

/**
 * Writes a new account. The address and the name are looked up again in the same synchronous
 * transaction as the insert, after the awaits of the password's checks and hash: of two
 * sign-ups with one name, the second finds the first's row and gets a clear error (and the
 * UNIQUE indexes refuse what another process slipped in, answered the same way).
 */
type Made = {
	/** Why a new account is on hold from the start (e.g. sign-up without the proof of work). */
	holdReason?: string;
	/** Runs in the transaction that inserts the account (its confirmation email is queued there). */
	then?: (db: Db, account: Account) => void;
};

async function insert(
	db: Db,
	input: NewAccount,
	role: Role,
	now: number,
	made: Made = {}
): Promise<Account> {
	const problems = await problemsOf(db, input);
	if (problems.length > 0) throw new AccountInputError(problems);
	const email = normaliseEmail(input.email);
	const name = cleanName(input.name);
	const nameKey = foldName(name);
	const passwordHash = await hashPassword(input.password);
	try {
		return db.transaction(
			(tx) => {
				const late: AccountProblem[] = [];
				if (findByEmail(tx, email)) late.push({ field: 'email', code: 'taken' });
				if (nameTaken(tx, nameKey)) late.push({ field: 'name', code: 'taken' });
				if (late.length > 0) throw new AccountInputError(late);
				const row = tx
					.insert(accounts)
					.values({
						email,
						name,
						nameKey,
						role,
						locale: (input.locale as Locale | undefined) ?? 'fr',
						passwordHash,
						createdAt: now,
						updatedAt: now,
						// Organisers and admins are added by someone who vouches for them.
						trustedAt: role === 'member' ? null : now,
						heldAt: made.holdReason ? now : null,
						holdReason: made.holdReason ?? null
					})
					.returning()
					.get();
				const account = withoutHash(row);
				made.then?.(db, account);
				return account;
			},
			{ behavior: 'immediate' }
		);
	} catch (error) {
		const problem = uniqueViolation(error);
		if (problem) throw new AccountInputError([problem]);
		throw error;
	}
}

/**
 * Someone signs up for themselves: a member, with the interface language they chose. Display
 * name, address and password follow the same rules as every account's.
 */
export function signUp(
	db: Db,
	input: { email: string; name: string; password: string; locale: string },
	{
		now = Date.now(),
		holdReason,
		then
	}: { now?: number; holdReason?: string; then?: Made['then'] } = {}
): Promise<Account> {
	return insert(db, input, 'member', now, {
		holdReason,
		then: (tx, account) => {
			// The caller's part first (the sign-up form spends its moment): it may undo it all.
			then?.(tx, account);
			confirmations.onSignUp(tx, account, now);
		}
	});
}

/** Adds an account; an organiser unless another role is asked for (the CLI and admin page add organisers and admins). */
export async function add(
	db: Db,
	input: { email: string; name: string; password: string; role?: Role; locale?: string },
	{ now = Date.now(), actor = SYSTEM }: { now?: number; actor?: Actor } = {}
): Promise<Account> {
	authorize(actor, 'manage', { type: 'accounts' });
	return insert(db, input, input.role ?? 'organiser', now);
}

/**
 * An account's new display name, under the rules of every name; the same name in other
 * capitals or accents is the account's own and may be taken back.
 */
export function rename(
	db: Db,
	accountId: number,
	rawName: string,
	{ now = Date.now() }: { now?: number } = {}
): Account {
	const problem = nameProblem(rawName);
	if (problem) throw new AccountInputError([{ field: 'name', code: problem }]);
	const name = cleanName(rawName);
	const nameKey = foldName(name);
	try {
		return db.transaction(
			(tx) => {
				if (nameTaken(tx, nameKey, accountId))
					throw new AccountInputError([{ field: 'name', code: 'taken' }]);
				const row = tx
					.update(accounts)
					.set({ name, nameKey, updatedAt: now })
					.where(eq(accounts.id, accountId))
					.returning()
					.get();
				if (!row) throw new AccountInputError([{ field: 'email', code: 'unknown' }]);
				return withoutHash(row);
			},
			{ behavior: 'immediate' }
		);
	} catch (error) {
		const violation = uniqueViolation(error);
		if (violation) throw new AccountInputError([violation]);
		throw error;
	}
}

/** The account's interface language (and its forum messages' default). */
export function setLocale(
	db: Db,
	accountId: number,
	locale: string,
	{ now = Date.now() }: { now?: number } = {}
): Account {
	if (!isLocale(locale)) throw new AccountInputError([{ field: 'locale', code: 'invalid' }]);
	const row = db
		.update(accounts)
		.set({ locale, updatedAt: now })
		.where(eq(accounts.id, accountId))
		.returning()
		.get();
	if (!row) throw new AccountInputError([{ field: 'email', code: 'unknown' }]);
	return withoutHash(row);
}

/** The account row with its hash, for checking a password. */
export function findByEmail(db: Reader, email: string): AccountRow | undefined {
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
