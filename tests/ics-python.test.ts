import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import * as calendar from '../src/lib/server/formats/calendar';
import * as events from '../src/lib/server/content/events';
import * as zoneInstants from '../src/lib/server/testing/zone-instants';
import { get } from './helpers/http';
import { serverDb, useOwnServer } from './helpers/organiser';
import { ROOT } from './helpers/server';

// Debian's python3-icalendar, installed by .ci/run: a second, independent parser.
const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import icalendar'], { stdio: 'ignore' }).status === 0;
if (!available && process.env.CI)
	throw new Error('python3-icalendar is missing: .ci/run should install it');

// Its events (some past, some upcoming) would change what other files see on the shared server.
useOwnServer();

type Parsed = {
	name: string;
	refresh: string;
	timezones: string[];
	events: {
		uid: string;
		summary: string;
		location: string;
		url: string;
		description: string;
		status: string;
		sequence: number;
		start: { kind: string; iso: string; tzid?: string; embeddedUtc?: string };
		end: { kind: string; iso: string; embeddedUtc?: string };
		stamp: { kind: string; utc: boolean };
		lastModified: { kind: string; utc: boolean };
	}[];
};

function parseWithPython(ics: string): Parsed {
	const result = spawnSync(PYTHON, [path.join(ROOT, 'tests/helpers/python-icalendar.py')], {
		input: ics,
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024
	});
	if (result.status !== 0) throw new Error(result.stderr);
	return JSON.parse(result.stdout);
}

describe.skipIf(!available)("python's icalendar reads our calendars", () => {
	it('reads the French feed with its name, refresh interval and all-day dates', async () => {
		const parsed = parseWithPython(await (await get('/fr/calendar.ics')).text());
		expect(parsed.name).toBe('Rencontres — événements');
		expect(parsed.refresh).not.toBe('');
		const ngi = parsed.events.find((e) => e.summary === 'Next Generation Internet Forum 2025')!;
		expect(ngi.start).toMatchObject({ kind: 'date', iso: '2025-06-19' });
		expect(ngi.end).toMatchObject({ kind: 'date', iso: '2025-06-21' });
		expect(ngi.stamp).toMatchObject({ kind: 'date-time', utc: true });
		expect(ngi.lastModified).toMatchObject({ kind: 'date-time', utc: true });
		expect(ngi.location).toBe('Bruxelles, Belgique');
		expect(ngi.status).toBe('CONFIRMED');
		expect(ngi.url).toMatch(/\/fr\/events\/ngi-forum-2025$/);
		expect(ngi.description.endsWith(ngi.url)).toBe(true);
	});

	it('reads the single English file with the same UID as the feed', async () => {
		const feed = parseWithPython(await (await get('/fr/calendar.ics')).text());
		const file = parseWithPython(
			await (await get('/en/events/autonomie-numerique-communs-2025.ics')).text()
		);
		expect(file.events).toHaveLength(1);
		const coop = file.events[0]!;
		expect(coop.summary).toBe('For digital autonomy built on the commons');
		expect(coop.start).toMatchObject({ kind: 'date', iso: '2025-07-01' });
		expect(coop.end).toMatchObject({ kind: 'date', iso: '2025-07-02' });
		expect(feed.events.map((e) => e.uid)).toContain(coop.uid);
	});

	it('reads a timed event across the October change in its own zone, with a VTIMEZONE', async () => {
		const db = serverDb();
		// Brussels leaves summer time on Sunday 27 October 2030, during this event (pytz knows no rules past 2037).
		events.create(db, {
			slug: 'nuit-des-communs-2030',
			allDay: false,
			start: '2030-10-26T20:00:00.000Z',
			end: '2030-10-27T10:00:00.000Z',
			timeZone: 'Europe/Brussels',
			country: 'BE',
			texts: { fr: { title: 'Nuit des communs', city: 'Bruxelles' } }
		});
		const parsed = parseWithPython(
			await (await get('/fr/events/nuit-des-communs-2030.ics')).text()
		);
		expect(parsed.timezones).toEqual(['Europe/Brussels']);
		const [night] = parsed.events;
		expect(night!.start).toEqual({
			kind: 'date-time',
			iso: '2030-10-26T22:00:00+02:00',
			tzid: 'Europe/Brussels',
			utc: false,
			// Through the embedded VTIMEZONE alone, the same instants.
			embeddedUtc: '2030-10-26T20:00:00Z'
		});
		expect(night!.end).toMatchObject({
			kind: 'date-time',
			iso: '2030-10-27T11:00:00+01:00',
			tzid: 'Europe/Brussels'
		});
		expect(night!.end.embeddedUtc).toBe('2030-10-27T10:00:00Z');
	});

	it('resolves zones whose rules changed, and old spellings, through the embedded VTIMEZONE', async () => {
		const db = serverDb();
		// Mexico City dropped summer time after 2022 and São Paulo in 2019: a July event is at UTC−6 and UTC−3.
		// Asia/Saigon is ICU's old name of Ho Chi Minh City (UTC+7), as an old row may hold it.
		const cases = [
			['fuseau-mexico-2027', 'America/Mexico_City', '2027-07-01T18:00:00.000Z', '20270701T120000'],
			// Its last summer time (UTC−5), in a VTIMEZONE whose rule stops in the span.
			['fuseau-mexico-2022', 'America/Mexico_City', '2022-07-01T17:00:00.000Z', '20220701T120000'],
			['fuseau-sao-paulo-2027', 'America/Sao_Paulo', '2027-07-01T15:00:00.000Z', '20270701T120000'],
			['fuseau-saigon-2027', 'Asia/Saigon', '2027-07-01T05:00:00.000Z', '20270701T120000']
		] as const;
		for (const [slug, zone, start, local] of cases) {
			const created = events.create(db, {
				slug,
				allDay: false,
				start,
				end: new Date(Date.parse(start) + 3600_000).toISOString(),
				timeZone: 'Europe/Paris',
				texts: { fr: { title: slug } }
			});
			// Written as stored, whatever spelling input would make canonical today.
			db.$client.prepare('update events set time_zone = ? where id = ?').run(zone, created.id);
			const text = await (await get(`/fr/events/${slug}.ics`)).text();
			expect(text).toContain(`DTSTART;TZID=${zone}:${local}`);
			const parsed = parseWithPython(text);
			expect(parsed.timezones).toEqual([zone]);
			expect(parsed.events[0]!.start.embeddedUtc).toBe(start.replace('.000Z', 'Z'));
		}
	});

	it('gives, through the embedded VTIMEZONE alone, the stored instant in every zone the form offers, 2025–2030', () => {
		const db = openDatabase(':memory:', path.join(ROOT, 'drizzle'));
		afterAll(() => db.$client.close());
		const base = zoneInstants.baseEvent(db);
		const list = Intl.supportedValuesOf('timeZone').flatMap((zone) =>
			zoneInstants.copiesIn(base, zone)
		);
		const labels = { calendarName: 'Zones', moreAt: 'More:', recaps: 'Recaps:' };
		const parsed = parseWithPython(
			calendar.buildCalendar({
				events: list,
				locale: 'en',
				origin: 'https://rencontres.example.org',
				labels,
				feed: true
			})
		);
		const stored = new Map(list.map((e) => [e.uid, e]));
		const wrong = parsed.events.flatMap((e) => {
			const want = stored.get(e.uid)!;
			return [
				[e.start.embeddedUtc, want.start],
				[e.end.embeddedUtc, want.end]
			]
				.filter(([got, expected]) => got !== expected!.replace('.000Z', 'Z'))
				.map(([got, expected]) => `${want.timeZone} ${expected} read as ${got}`);
		});
		expect(parsed.events).toHaveLength(list.length);
		expect(parsed.timezones).toHaveLength(Intl.supportedValuesOf('timeZone').length);
		expect(wrong).toEqual([]);
	});
});
