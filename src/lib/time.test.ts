import { describe, expect, it } from 'vitest';
import {
	addDays,
	formatUtcOffset,
	isIsoDate,
	isValidTimeZone,
	readWallTime,
	startOfDayUtc,
	wallClock,
	zonedTimeToUtc
} from './time';

describe('time', () => {
	it('checks dates and zones', () => {
		expect(isIsoDate('2025-06-19')).toBe(true);
		expect(isIsoDate('2025-02-30')).toBe(false);
		expect(isIsoDate('19/06/2025')).toBe(false);
		expect(isValidTimeZone('Europe/Brussels')).toBe(true);
		expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
	});

	it('adds days across month and year ends', () => {
		expect(addDays('2025-06-20', 1)).toBe('2025-06-21');
		expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
	});

	it('turns wall-clock times into UTC on both sides of daylight saving', () => {
		// Brussels: UTC+2 in summer, UTC+1 in winter.
		expect(new Date(zonedTimeToUtc('2025-06-19', '09:00', 'Europe/Brussels')).toISOString()).toBe(
			'2025-06-19T07:00:00.000Z'
		);
		expect(new Date(zonedTimeToUtc('2025-01-15', '09:00', 'Europe/Brussels')).toISOString()).toBe(
			'2025-01-15T08:00:00.000Z'
		);
		expect(new Date(startOfDayUtc('2025-07-01', 'Europe/Paris')).toISOString()).toBe(
			'2025-06-30T22:00:00.000Z'
		);
	});

	it('moves a time skipped by the spring jump forward, takes the first of a repeated one', () => {
		// 30 March 2025, 02:30 does not exist in Brussels (02:00 -> 03:00).
		expect(new Date(zonedTimeToUtc('2025-03-30', '02:30', 'Europe/Brussels')).toISOString()).toBe(
			'2025-03-30T01:30:00.000Z'
		);
		// 26 October 2025, 02:30 happens twice; the first is still summer time (UTC+2).
		expect(new Date(zonedTimeToUtc('2025-10-26', '02:30', 'Europe/Brussels')).toISOString()).toBe(
			'2025-10-26T00:30:00.000Z'
		);
	});
});

describe('readWallTime', () => {
	const iso = (ms: number) => new Date(ms).toISOString();

	it('finds no instant for a time the spring jump skips, and says where the clocks jump', () => {
		// 29 March 2026 in Paris: 02:00 becomes 03:00.
		const reading = readWallTime('2026-03-29', '02:30', 'Europe/Paris');
		expect(reading).toMatchObject({
			kind: 'gap',
			jumpFrom: '02:00',
			jumpTo: '03:00',
			lastBefore: '01:59'
		});
		// A half-hour jump (Lord Howe, 4 October 2026: 02:00 becomes 02:30).
		expect(readWallTime('2026-10-04', '02:10', 'Australia/Lord_Howe')).toMatchObject({
			kind: 'gap',
			jumpFrom: '02:00',
			jumpTo: '02:30'
		});
		// Either side of the gap the time exists once.
		expect(readWallTime('2026-03-29', '01:59', 'Europe/Paris')).toEqual({
			kind: 'exact',
			instant: Date.parse('2026-03-29T00:59:00Z')
		});
		expect(readWallTime('2026-03-29', '03:00', 'Europe/Paris')).toEqual({
			kind: 'exact',
			instant: Date.parse('2026-03-29T01:00:00Z')
		});
	});

	it('finds both occurrences of a time the autumn change repeats, with their offsets', () => {
		// 25 October 2026 in Paris: 03:00 summer time becomes 02:00, so 02:30 happens twice.
		const reading = readWallTime('2026-10-25', '02:30', 'Europe/Paris');
		expect(reading.kind).toBe('ambiguous');
		if (reading.kind !== 'ambiguous') return;
		expect([iso(reading.earlier), reading.earlierOffset]).toEqual([
			'2026-10-25T00:30:00.000Z',
			120
		]);
		expect([iso(reading.later), reading.laterOffset]).toEqual(['2026-10-25T01:30:00.000Z', 60]);
		expect(readWallTime('2026-10-25', '03:00', 'Europe/Paris')).toEqual({
			kind: 'exact',
			instant: Date.parse('2026-10-25T02:00:00Z')
		});
		expect(readWallTime('2026-10-25', '01:59', 'Europe/Paris')).toEqual({
			kind: 'exact',
			instant: Date.parse('2026-10-24T23:59:00Z')
		});
	});

	it('writes offsets as people do', () => {
		expect([
			formatUtcOffset(120),
			formatUtcOffset(60),
			formatUtcOffset(0),
			formatUtcOffset(-210),
			formatUtcOffset(345)
		]).toEqual(['UTC+2', 'UTC+1', 'UTC', 'UTC\u22123:30', 'UTC+5:45']);
	});
});

describe('wallClock', () => {
	it('reads an instant on the clocks of a zone', () => {
		expect(wallClock(Date.parse('2025-06-19T07:00:00Z'), 'Europe/Brussels')).toMatchObject({
			date: '2025-06-19',
			time: '09:00'
		});
		expect(wallClock(Date.parse('2025-12-31T23:30:00Z'), 'Europe/Paris')).toMatchObject({
			date: '2026-01-01',
			time: '00:30'
		});
	});
});
