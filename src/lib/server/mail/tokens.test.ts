import { describe, expect, it } from 'vitest';
import { member } from '../testing/forum';
import { memoryDb } from '../testing/db';
import * as tokens from './tokens';

describe('tokens', () => {
	it('keeps only a hash, works once before it expires, and says why it does not', () => {
		const db = memoryDb();
		const id = member(db, 'Tokens').id!;
		const token = tokens.issue(db, id, 'reset', 1000, 0);
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = db.$client.prepare('select token_hash from account_tokens').pluck().all();
		expect(stored).toEqual([tokens.hashOf(token)]);
		expect(stored[0]).not.toContain(token);

		expect(tokens.lookup(db, token, 'confirm', 10)).toEqual({ ok: false, reason: 'unknown' });
		expect(tokens.lookup(db, token, 'reset', 1000)).toEqual({ ok: false, reason: 'expired' });
		expect(tokens.lookup(db, token, 'reset', 10)).toEqual({ ok: true, accountId: id });
		// Looking used nothing.
		expect(tokens.use(db, token, 'reset', 10)).toEqual({ ok: true, accountId: id });
		expect(tokens.use(db, token, 'reset', 11)).toEqual({ ok: false, reason: 'used' });
		for (const bad of ['', 'x', token + 'x', '../' + token.slice(3), token.replace(/./, '\u202e')])
			expect(tokens.lookup(db, bad, 'reset', 10)).toEqual({ ok: false, reason: 'unknown' });
	});

	it('uses up the account’s other tokens of the same purpose with the one used', () => {
		const db = memoryDb();
		const id = member(db, 'Siblings').id!;
		const older = tokens.issue(db, id, 'reset', 1000, 0);
		const newer = tokens.issue(db, id, 'reset', 1000, 1);
		const confirm = tokens.issue(db, id, 'confirm', 1000, 1);
		expect(tokens.use(db, newer, 'reset', 5).ok).toBe(true);
		expect(tokens.use(db, older, 'reset', 6)).toEqual({ ok: false, reason: 'used' });
		expect(tokens.lookup(db, confirm, 'confirm', 6).ok).toBe(true);
	});
});
