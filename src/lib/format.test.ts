import { describe, expect, it } from 'vitest';
import { countryName, formatDate, formatEventSpan, formatPosted } from './format';

// Intl separates ranges with thin and narrow spaces; compare words, not spacing.
const norm = (s: string) => s.replace(/[\u2009\u202f\u00a0]/g, ' ');

const ngi = { allDay: true, start: '2025-06-19', end: '2025-06-20', timeZone: 'Europe/Brussels' };
const coop = { allDay: true, start: '2025-07-01', end: '2025-07-01', timeZone: 'Europe/Paris' };

describe('formatEventSpan', () => {
	it('writes a two-day all-day event as each language does', () => {
		expect(norm(formatEventSpan(ngi, 'fr', 'short'))).toBe('19–20 juin 2025');
		expect(norm(formatEventSpan(ngi, 'en', 'short'))).toMatch(/^19 ?– ?20 June 2025$/);
		expect(norm(formatEventSpan(ngi, 'fr'))).toBe('jeudi 19 – vendredi 20 juin 2025');
		expect(norm(formatEventSpan(ngi, 'en'))).toBe('Thursday 19 June – Friday 20 June 2025');
	});

	it('writes a one-day event with its weekday and no range', () => {
		expect(formatEventSpan(coop, 'fr')).toBe('mardi 1 juillet 2025');
		expect(formatEventSpan(coop, 'en')).toBe('Tuesday, 1 July 2025');
	});

	it('shows a timed event in its own zone, whatever the server zone, and names the zone', () => {
		const timed = {
			allDay: false,
			start: '2025-06-19T07:00:00.000Z',
			end: '2025-06-19T15:30:00.000Z',
			timeZone: 'Europe/Brussels'
		};
		const fr = formatEventSpan(timed, 'fr');
		expect(fr).toContain('09:00');
		expect(fr).toContain('17:30');
		expect(fr).toContain('heure d’été d’Europe centrale');
		const en = formatEventSpan(timed, 'en');
		expect(en).toContain('09:00');
		expect(en).toContain('Central European Summer Time');
		// The same instants in Montreal read six hours earlier.
		const montreal = formatEventSpan({ ...timed, timeZone: 'America/Montreal' }, 'en');
		expect(montreal).toContain('03:00');
		expect(montreal).toContain('Eastern Daylight Time');
	});

	it('names winter time after the October change', () => {
		const winter = {
			allDay: false,
			start: '2025-11-05T08:00:00.000Z',
			end: '2025-11-05T10:00:00.000Z',
			timeZone: 'Europe/Brussels'
		};
		expect(formatEventSpan(winter, 'fr')).toContain('heure normale d’Europe centrale');
		expect(formatEventSpan(winter, 'fr')).toContain('09:00');
	});
});

describe('formatDate and countryName', () => {
	it('localises', () => {
		expect(formatDate('2025-01-01', 'fr')).toBe('1 janvier 2025');
		expect(formatDate('2025-01-01', 'en')).toBe('1 January 2025');
		expect(countryName('BE', 'fr')).toBe('Belgique');
		expect(countryName('BE', 'en')).toBe('Belgium');
	});
});

describe('formatPosted', () => {
	it("writes a message's moment in the hub's zone, in each language", () => {
		const instant = Date.parse('2026-11-28T20:05:00Z');
		const clean = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
		expect(clean(formatPosted(instant, 'Europe/Paris', 'fr'))).toBe('28 novembre 2026 à 21:05');
		expect(clean(formatPosted(instant, 'Europe/Paris', 'en'))).toBe('28 November 2026 at 21:05');
	});
});
