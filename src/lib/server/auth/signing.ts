import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';

/*
 * Signatures made with the database's own secret (meta `secret`, drawn by migration 0011):
 * forms' timestamps and emailed unsubscribe links carry one, so they cannot be forged, and no
 * configuration is needed. A copy of the database signs the same; a new database, differently.
 */

const secrets = new WeakMap<Db, Buffer>();

function secretOf(db: Db): Buffer {
	let secret = secrets.get(db);
	if (!secret) {
		const row = db.$client.prepare("select value from meta where key = 'secret'").get() as
			{ value: string } | undefined;
		if (!row) throw new Error('The database has no secret: its migrations have not run.');
		secret = Buffer.from(row.value, 'hex');
		secrets.set(db, secret);
	}
	return secret;
}

/** A signature of `data` for `purpose` (base64url, 43 characters): one purpose's never passes for another's. */
export function sign(db: Db, purpose: string, data: string): string {
	return createHmac('sha256', secretOf(db)).update(`${purpose}\n${data}`).digest('base64url');
}

/** Whether `signature` is `sign(db, purpose, data)`, compared in constant time. */
export function verify(db: Db, purpose: string, data: string, signature: string): boolean {
	const expected = Buffer.from(sign(db, purpose, data));
	const given = Buffer.from(signature);
	return given.length === expected.length && timingSafeEqual(given, expected);
}
