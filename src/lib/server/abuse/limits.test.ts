import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import * as limits from './limits';

const rule = { max: 2, windowMs: 10_000 };

// The unit tests' setup lifts the limits for everything else.
beforeAll(() => limits.enforce(true));
afterAll(() => limits.enforce(false));

function caught(run: () => void): limits.RateLimited | null {
	try {
		run();
		return null;
	} catch (error) {
		if (error instanceof limits.RateLimited) return error;
		throw error;
	}
}

describe('take', () => {
	it('lets `max` acts through in a window, refuses the next with the seconds until room comes back', () => {
		const db = memoryDb();
		limits.take(db, 'k', rule, 1_000);
		limits.take(db, 'k', rule, 4_000);
		const refused = caught(() => limits.take(db, 'k', rule, 5_000));
		// The first act (at 1 s) leaves the window at 11 s: 6 s from 5 s.
		expect(refused?.retryAfterSeconds).toBe(6);
		// A refused act is not counted: at 11 s there is room for one again.
		expect(caught(() => limits.take(db, 'k', rule, 11_001))).toBeNull();
		expect(caught(() => limits.take(db, 'k', rule, 11_002))?.retryAfterSeconds).toBe(3);
		expect(limits.counted(db, 'k', rule, 11_002)).toBe(2);
	});

	it('counts each key apart, and prunes the old rows of a key', () => {
		const db = memoryDb();
		limits.take(db, 'a', { max: 1, windowMs: 1_000 }, 0);
		limits.take(db, 'b', { max: 1, windowMs: 1_000 }, 0);
		limits.take(db, 'a', { max: 1, windowMs: 1_000 }, 5_000);
		const rows = db.$client.prepare('select key, at from rate_hits order by key, at').all();
		expect(rows).toEqual([
			{ key: 'a', at: 5_000 },
			{ key: 'b', at: 0 }
		]);
	});

	it('sweeps rows older than a day whatever their key', () => {
		const db = memoryDb();
		limits.take(db, 'gone', { max: 1, windowMs: 1_000 }, 0);
		limits.take(db, 'other', { max: 1, windowMs: 1_000 }, limits.LONGEST_WINDOW_MS + 1);
		expect(db.$client.prepare('select key from rate_hits').all()).toEqual([{ key: 'other' }]);
	});

	it('refuses a rule it cannot keep', () => {
		const db = memoryDb();
		expect(() => limits.take(db, 'k', { max: 0, windowMs: 1 }, 0)).toThrow(RangeError);
		expect(() => limits.take(db, 'k', { max: 1, windowMs: 2 * 86_400_000 }, 0)).toThrow(RangeError);
	});

	it('forgets an account’s acts by prefix, not another account’s sharing its first digits', () => {
		const db = memoryDb();
		limits.takeMessage(db, 12, false, 0);
		limits.takeMessage(db, 123, false, 0);
		limits.forget(db, limits.accountKey(12, ''));
		expect(db.$client.prepare('select key from rate_hits').all()).toEqual([
			{ key: 'account:123:message' }
		]);
	});
});

describe('takeMessage', () => {
	it('lets a member write once in 10 s, a new member once a minute', () => {
		const db = memoryDb();
		limits.takeMessage(db, 1, false, 0);
		expect(caught(() => limits.takeMessage(db, 1, false, 9_999))?.retryAfterSeconds).toBe(1);
		expect(caught(() => limits.takeMessage(db, 1, false, 10_000))).toBeNull();
		limits.takeMessage(db, 2, true, 0);
		expect(caught(() => limits.takeMessage(db, 2, true, 30_000))?.retryAfterSeconds).toBe(30);
		expect(caught(() => limits.takeMessage(db, 2, true, 60_000))).toBeNull();
	});
});

describe('takeSignUp', () => {
	it('lets five sign-ups from one address through in an hour, not a sixth', () => {
		const db = memoryDb();
		for (let i = 0; i < 5; i++) limits.takeSignUp(db, '192.0.2.1', i * 60_000);
		expect(caught(() => limits.takeSignUp(db, '192.0.2.1', 10 * 60_000))?.retryAfterSeconds).toBe(
			50 * 60
		);
		expect(caught(() => limits.takeSignUp(db, '192.0.2.2', 10 * 60_000))).toBeNull();
	});
});

describe('linkCount', () => {
	it.each([
		['no link at all, www or not', 0],
		['[a](https://a.example) and [b](https://b.example)', 2],
		['<https://a.example> <http://b.example/x>', 2],
		['see https://a.example, www.b.example and http://c.example', 3],
		['`https://in-code.example` and\n\n    www.indented.example', 2],
		['[https://a.example](https://a.example)', 1],
		['a@b.example mail and example.com are not links', 0],
		['[text][ref]\n\n[ref]: https://ref.example', 1],
		['ht\u200btps://zero-width.example', 0]
	])('%j makes %i', (source, expected) => {
		expect(limits.linkCount(source)).toBe(expected);
	});
});

describe('enforce', () => {
	it('lifts the limits when off (tests of other things), never single-use marks', () => {
		const db = memoryDb();
		limits.enforce(false);
		try {
			limits.takeMessage(db, 1, false, 0);
			limits.takeMessage(db, 1, false, 1);
			expect(limits.once(db, 'altcha:x', 1000, 0)).toBe(true);
			expect(limits.once(db, 'altcha:x', 1000, 1)).toBe(false);
		} finally {
			limits.enforce(true);
		}
		expect(caught(() => limits.takeMessage(db, 1, false, 2))).toBeNull();
		expect(caught(() => limits.takeMessage(db, 1, false, 3))).not.toBeNull();
	});
});
