import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { organisers, sessions, type OrganiserRow, type Role } from '../db/schema';
import { checkNewPassword, hashPassword, type PasswordProblem } from '../auth/passwords';
import * as text from '../content/text';

export type Organiser = Omit<OrganiserRow, 'passwordHash'>;

export type OrganiserProblem =
	| { field: 'email'; code: 'invalid' | 'taken' | 'unknown' }
	| { field: 'name'; code: 'required' }
	| { field: 'password'; code: PasswordProblem };

export class OrganiserInputError extends Error {
	constructor(readonly problems: OrganiserProblem[]) {
		super(`Invalid organiser: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'OrganiserInputError';
	}
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

// No control, format or unassigned character (\p{C}): an address is refused, not silently changed.
const EMAIL_RE = /^[^\s@\p{C}]+@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;

function withoutHash(row: OrganiserRow): Organiser {
	const { passwordHash: _hash, ...rest } = row;
	return rest;
}

export async function addOrganiser(
	db: Db,
	input: { email: string; name: string; password: string; role?: Role },
	now = Date.now()
): Promise<Organiser> {
	const email = normaliseEmail(input.email);
	const name = text.cleanLine(input.name);
	const problems: OrganiserProblem[] = [];
	if (!EMAIL_RE.test(email) || email.length > 254) problems.push({ field: 'email', code: 'invalid' });
	else if (findByEmail(db, email)) problems.push({ field: 'email', code: 'taken' });
	if (!name) problems.push({ field: 'name', code: 'required' });
	const weak = await checkNewPassword(input.password, [email, name]);
	if (weak) problems.push({ field: 'password', code: weak });
	if (problems.length > 0) throw new OrganiserInputError(problems);
	const passwordHash = await hashPassword(input.password);
	const row = db
		.insert(organisers)
		.values({ email, name, role: input.role ?? 'organiser', passwordHash, createdAt: now, updatedAt: now })
		.returning()
		.get();
	return withoutHash(row);
}

/** The account row with its hash, for checking a password. */
export function findByEmail(db: Db, email: string): OrganiserRow | undefined {
	return db.select().from(organisers).where(eq(organisers.email, normaliseEmail(email))).get();
}

export function findOrganiser(db: Db, id: number): Organiser | undefined {
	const row = db.select().from(organisers).where(eq(organisers.id, id)).get();
	return row ? withoutHash(row) : undefined;
}

export function listOrganisers(db: Db): Organiser[] {
	return db.select().from(organisers).orderBy(asc(organisers.email)).all().map(withoutHash);
}

/** Disables an account and ends its sessions at once; an unknown address is an input error. */
export function disableOrganiser(db: Db, email: string, now = Date.now()): Organiser {
	return db.transaction((tx) => {
		const row = tx
			.update(organisers)
			.set({ disabledAt: now, updatedAt: now })
			.where(eq(organisers.email, normaliseEmail(email)))
			.returning()
			.get();
		if (!row) throw new OrganiserInputError([{ field: 'email', code: 'unknown' }]);
		tx.delete(sessions).where(eq(sessions.organiserId, row.id)).run();
		return withoutHash(row);
	});
}

/** Sets a new password and ends every session of the account. */
export async function resetPassword(db: Db, email: string, password: string, now = Date.now()): Promise<Organiser> {
	const current = findByEmail(db, email);
	if (!current) throw new OrganiserInputError([{ field: 'email', code: 'unknown' }]);
	return setPassword(db, current, password, {}, now);
}

/**
 * Sets a new password, checked for strength against the account's own name and address, and
 * ends the account's sessions: all of them, or all but `keepSessionHash` (the one in which the
 * organiser changed it), so whoever else held a session is out.
 */
export async function setPassword(
	db: Db,
	account: Pick<OrganiserRow, 'id' | 'email' | 'name'>,
	password: string,
	{ keepSessionHash }: { keepSessionHash?: string },
	now = Date.now()
): Promise<Organiser> {
	const weak = await checkNewPassword(password, [account.email, account.name]);
	if (weak) throw new OrganiserInputError([{ field: 'password', code: weak }]);
	const passwordHash = await hashPassword(password);
	return db.transaction((tx) => {
		const row = tx.update(organisers).set({ passwordHash, updatedAt: now }).where(eq(organisers.id, account.id)).returning().get();
		if (!row) throw new OrganiserInputError([{ field: 'email', code: 'unknown' }]);
		tx.delete(sessions)
			.where(
				keepSessionHash === undefined
					? eq(sessions.organiserId, row.id)
					: and(eq(sessions.organiserId, row.id), ne(sessions.tokenHash, keepSessionHash))
			)
			.run();
		return withoutHash(row);
	});
}
