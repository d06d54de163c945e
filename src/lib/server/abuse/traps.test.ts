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
	const issued = (secondsAgo: number) => traps.issue(db, NOW - secondsAgo * 1000);
	const judge = (fields: Record<string, string>, min = 3) =>
		traps.judge(db, formOf(fields), NOW, min);

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
		const [at, signature] = good.split('.') as [string, string];
		const other = memoryDb();
		for (const value of [
			undefined,
			'',
			`${Number(at) - 5000}.${signature}`,
			`${at}.${signature.slice(0, -1)}A`,
			traps.issue(other, NOW - 10_000),
			`${at}.${'A'.repeat(43)}`,
			`${at}\u200b.${signature}`,
			`${at}.${signature}.x`,
			'x'.repeat(16 * 1024),
			traps.issue(db, NOW + 3600_000)
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
