import { describe, expect, it } from 'vitest';
import * as timezones from './timezones';

const resolves = (name: string) =>
	new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;

/**
 * Whether two names are one zone: ICU resolves them alike (Node 20) or, on engines that report
 * names as typed, they keep the same offsets through four years of changes.
 */
function sameZone(a: string, b: string): boolean {
	if (resolves(a) === resolves(b)) return true;
	const offsets = (zone: string) => {
		const fmt = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
		return Array.from({ length: 96 }, (_, i) =>
			fmt.format(Date.UTC(2024, Math.floor(i / 2), i % 2 ? 15 : 1))
		).join();
	};
	return offsets(a) === offsets(b);
}

describe('canonicalTimeZone', () => {
	it('stores aliases and other spellings under the current IANA name', () => {
		const cases: [string, string][] = [
			['US/Eastern', 'America/New_York'],
			['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
			['asia/ho_chi_minh', 'Asia/Ho_Chi_Minh'],
			['europe/paris', 'Europe/Paris'],
			['  Europe/Paris ', 'Europe/Paris'],
			['Asia/Calcutta', 'Asia/Kolkata'],
			['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
			['Atlantic/Faeroe', 'Atlantic/Faroe'],
			['Europe/Kiev', 'Europe/Kyiv'],
			['EUROPE/KYIV', 'Europe/Kyiv'],
			['America/Godthab', 'America/Nuuk'],
			['Etc/UTC', 'UTC'],
			['utc', 'UTC']
		];
		for (const [typed, stored] of cases)
			expect([typed, timezones.canonicalTimeZone(typed)]).toEqual([typed, stored]);
	});

	it('keeps zones merged across countries apart', () => {
		expect(timezones.canonicalTimeZone('Europe/Bratislava')).toBe('Europe/Bratislava');
		expect(timezones.canonicalTimeZone('Europe/Amsterdam')).toBe('Europe/Amsterdam');
	});

	it('knows no zone by an unknown name, an empty one or a bare offset', () => {
		for (const name of ['Europe/Atlantis', '', '   ', '+01:00', 'Paris'])
			expect(timezones.canonicalTimeZone(name)).toBeNull();
	});

	it('maps every name Intl offers to a name Intl accepts and that maps to itself', () => {
		for (const name of Intl.supportedValuesOf('timeZone')) {
			const canonical = timezones.canonicalTimeZone(name);
			expect(canonical, name).not.toBeNull();
			expect(() => resolves(canonical!), name).not.toThrow();
			expect(timezones.canonicalTimeZone(canonical!), name).toBe(canonical);
			expect(sameZone(canonical!, name), name).toBe(true);
		}
	});

	it('renames only to names Intl accepts, as the same zone, and each to a name that maps to itself', () => {
		for (const [old, now] of [
			...Object.entries(timezones.RENAMED_ZONES),
			...Object.entries(timezones.LEGACY_ZONES)
		]) {
			expect(sameZone(now, old), old).toBe(true);
			expect(timezones.canonicalTimeZone(now), old).toBe(now);
		}
	});
});

describe('timeZoneChoices', () => {
	it('offers current names only, each once', () => {
		const choices = timezones.timeZoneChoices();
		expect(new Set(choices).size).toBe(choices.length);
		expect(choices).toContain('Asia/Ho_Chi_Minh');
		expect(choices).toContain('Europe/Kyiv');
		expect(choices).toContain('UTC');
		expect(choices).not.toContain('Asia/Saigon');
		expect(choices).not.toContain('Europe/Kiev');
		for (const name of choices) expect(timezones.canonicalTimeZone(name)).toBe(name);
	});
});
