import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { TOKEN_PURPOSES } from '../db/schema';

/*
 * Single-use tokens sent by email (confirmation, password reset). The link carries 256 random
 * bits; the database keeps only their SHA-256, so a copy of the database opens nothing.
 */

export type Purpose = (typeof TOKEN_PURPOSES)[number];

/** A token's shape in a link: 32 bytes in base64url. Anything else is unknown without a lookup. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function hashOf(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** A new token for `accountId`, valid `ttlMs`; only its hash is written. */
export function issue(db: Db, accountId: number, purpose: Purpose, ttlMs: number, now: number) {
	const token = randomBytes(32).toString('base64url');
	prepared(
		db,
		`insert into account_tokens (token_hash, account_id, purpose, created_at, expires_at)
		 values (?, ?, ?, ?, ?)`
	).run(hashOf(token), accountId, purpose, now, now + ttlMs);
	return token;
}

export type Lookup =
	{ ok: true; accountId: number } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** What a token is, without using it (the page that shows the button). */
export function lookup(db: Db, token: string, purpose: Purpose, now: number): Lookup {
	if (!TOKEN_RE.test(token)) return { ok: false, reason: 'unknown' };
	const row = prepared(
		db,
		`select account_id, expires_at, used_at from account_tokens where token_hash = ? and purpose = ?`
	).get(hashOf(token), purpose) as
		{ account_id: number; expires_at: number; used_at: number | null } | undefined;
	if (!row) return { ok: false, reason: 'unknown' };
	if (row.used_at !== null) return { ok: false, reason: 'used' };
	if (row.expires_at <= now) return { ok: false, reason: 'expired' };
	return { ok: true, accountId: row.account_id };
}

/**
 * Uses a token: one UPDATE, so of two requests with it only one succeeds. Every other token of
 * the account for the same purpose is used up with it (an older reset link dies too).
 * Call it inside the transaction that does what the token allows.
 */
export function use(db: Db, token: string, purpose: Purpose, now: number): Lookup {
	const found = lookup(db, token, purpose, now);
	if (!found.ok) return found;
	const { changes } = prepared(
		db,
		`update account_tokens set used_at = ?
		 where token_hash = ? and purpose = ? and used_at is null and expires_at > ?`
	).run(now, hashOf(token), purpose, now);
	if (changes === 0) return { ok: false, reason: 'used' };
	prepared(
		db,
		`update account_tokens set used_at = ? where account_id = ? and purpose = ? and used_at is null`
	).run(now, found.accountId, purpose);
	return found;
}
