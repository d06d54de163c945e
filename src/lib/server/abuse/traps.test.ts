import { describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import * as traps from './traps';

function formOf(fields: Record<string, string>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	return form;
}

const NOW = Date.UTC(2026, 10, 29, 12);

describe('judge', () => {
	const db = memoryDb();
	const issued = (secondsAgo: number) => traps.issue(db, 'message', NOW - secondsAgo * 1000);
	const judge = (fields: Record<string, string>, min = 3) =>
		traps.judge(db, 'message', formOf(fields), NOW, min);

	it('lets a form filled in by a person through: signed, empty honeypot, a while after it was handed out', () => {
		expect(judge({ [traps.ISSUED_FIELD]: issued(10), [traps.HONEYPOT_FIELD]: '' })).toEqual({
			ok: true
		});
		expect(judge({ [traps.ISSUED_FIELD]: issued(0) }, 0)).toEqual({ ok: true });
	});

	it('catches a filled honeypot, whatever else', () => {
		expect(judge({ [traps.ISSUED_FIELD]: issued(10), [traps.HONEYPOT_FIELD]: 'x' })).toEqual({
			ok: false,
			trap: 'honeypot'
		});
	});

	it('catches a form sent back under the minimum', () => {
		expect(judge({ [traps.ISSUED_FIELD]: issued(2) })).toEqual({ ok: false, trap: 'too_fast' });
		expect(judge({ [traps.ISSUED_FIELD]: issued(3) })).toEqual({ ok: true });
	});

	it('catches a missing, forged, altered or otherwise-signed timestamp, and one from the future', () => {
		const good = issued(10);
		const [at, nonce, signature] = good.split('.') as [string, string, string];
		const other = memoryDb();
		for (const value of [
			undefined,
			'',
			`${Number(at) - 5000}.${nonce}.${signature}`,
			`${at}.${nonce.slice(0, -1)}A.${signature}`,
			`${at}.${nonce}.${signature.slice(0, -1)}A`,
			`${at}.${signature}`,
			traps.issue(other, 'message', NOW - 10_000),
			// Signed for the sign-up form: not a message form's.
			traps.issue(db, 'join', NOW - 10_000),
			`${at}.${nonce}.${'A'.repeat(43)}`,
			`${at}\u200b.${nonce}.${signature}`,
			`${at}.${nonce}.${signature}.x`,
			'x'.repeat(16 * 1024),
			traps.issue(db, 'message', NOW + 3600_000)
		]) {
			const fields: Record<string, string> =
				value === undefined ? {} : { [traps.ISSUED_FIELD]: value };
			expect(judge(fields), String(value).slice(0, 40)).toEqual({ ok: false, trap: 'forged' });
		}
	});

	it('tells a form kept open more than a day apart from a script', () => {
		expect(judge({ [traps.ISSUED_FIELD]: issued(24 * 3600 + 1) })).toEqual({
			ok: false,
			stale: true
		});
	});
});

describe('spend', () => {
	it('lets each handed-out form save once, per kind, and knows nothing else', () => {
		const db = memoryDb();
		const one = traps.issue(db, 'message', NOW - 10_000);
		const two = traps.issue(db, 'message', NOW - 10_000);
		expect(one).not.toBe(two);
		expect(traps.spend(db, 'message', one, NOW)).toBe(true);
		expect(traps.spend(db, 'message', one, NOW + 1000)).toBe(false);
		expect(traps.spend(db, 'message', one, NOW + 23 * 3600_000)).toBe(false);
		expect(traps.spend(db, 'message', two, NOW)).toBe(true);
		expect(traps.spend(db, 'message', 'forged', NOW)).toBe(false);
	});

	it('is taken back with the transaction that failed to save', () => {
		const db = memoryDb();
		const stamp = traps.issue(db, 'join', NOW - 10_000);
		expect(() =>
			db.$client.transaction(() => {
				expect(traps.spend(db, 'join', stamp, NOW)).toBe(true);
				throw new Error('refused');
			})()
		).toThrow('refused');
		expect(traps.spend(db, 'join', stamp, NOW)).toBe(true);
	});
});

describe('trap counts', () => {
	it('counts per kind and UTC day, and lists the last days newest first', () => {
		const db = memoryDb();
		traps.trap(db, 'join.honeypot', NOW);
		traps.trap(db, 'join.honeypot', NOW + 1000);
		traps.trap(db, 'message.too_fast', NOW);
		traps.trap(db, 'join.honeypot', NOW - 86_400_000);
		traps.trap(db, 'join.forged', NOW - 5 * 86_400_000);
		expect(traps.counts(db, 2, NOW)).toEqual([
			{ day: '2026-11-29', kind: 'join.honeypot', count: 2 },
			{ day: '2026-11-29', kind: 'message.too_fast', count: 1 },
			{ day: '2026-11-28', kind: 'join.honeypot', count: 1 }
		]);
		expect(traps.counts(db, 1, NOW)).toHaveLength(2);
	});
});
