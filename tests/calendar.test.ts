import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import * as eventStore from '../src/lib/server/content/events';
import { get } from './helpers/http';
import { serverDb, useOwnServer } from './helpers/organiser';

function events(ics: string) {
	return new ICAL.Component(ICAL.parse(ics))
		.getAllSubcomponents('vevent')
		.map((v) => new ICAL.Event(v));
}

// One test stores an event in an old zone spelling: a server of its own keeps it from other files.
useOwnServer();

describe.each([
	['/fr/calendar.ics', 'feed'],
	['/en/calendar.ics', 'feed'],
	['/fr/events/ngi-forum-2025.ics', 'file'],
	['/en/events/autonomie-numerique-communs-2025.ics', 'file']
])('%s', (path, kind) => {
	it('answers text/calendar with validators, and 304 to conditional requests', async () => {
		const first = await get(path);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const etag = first.headers.get('etag');
		const lastModified = first.headers.get('last-modified');
		// Weak once compressed: same content, other bytes.
		expect(etag).toMatch(/^(W\/)?"[\w-]+"$/);
		expect(Number.isNaN(Date.parse(lastModified!))).toBe(false);
		if (kind === 'file') {
			expect(first.headers.get('content-disposition')).toMatch(
				/^attachment; filename="[a-z0-9-]+\.ics"/
			);
		}
		expect(events(await first.text()).length).toBeGreaterThan(0);

		const byTag = await get(path, { 'if-none-match': etag! });
		expect(byTag.status).toBe(304);
		expect(await byTag.text()).toBe('');
		expect(byTag.headers.get('etag')).toBe(etag);
		expect((await get(path, { 'if-modified-since': lastModified! })).status).toBe(304);
		expect((await get(path, { 'if-none-match': '"stale"' })).status).toBe(200);
	});

	it('defines every TZID it uses by exactly one VTIMEZONE of the same spelling, and ends with CRLF', async () => {
		const text = await (await get(path)).text();
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
		const vcalendar = new ICAL.Component(ICAL.parse(text));
		const used = new Set(
			vcalendar
				.getAllSubcomponents('vevent')
				.flatMap((v) =>
					['dtstart', 'dtend'].map((name) => v.getFirstProperty(name)?.getParameter('tzid'))
				)
				.filter((z): z is string => typeof z === 'string')
		);
		const defined = vcalendar
			.getAllSubcomponents('vtimezone')
			.map((z) => z.getFirstPropertyValue('tzid') as string);
		expect([...defined].sort()).toEqual([...used].sort());

		// Each timed event read through the file's own zones lands where the page says it starts.
		const zones = vcalendar.getAllSubcomponents('vtimezone').map((c) => new ICAL.Timezone(c));
		for (const zone of zones) ICAL.TimezoneService.register(zone);
		try {
			for (const event of events(text).filter((e) => !e.startDate.isDate)) {
				const zone = event.startDate.zone!.tzid;
				const local = event.startDate.toString().slice(0, 16);
				const instant = event.startDate.toJSDate();
				// The instant's wall clock in the zone, by the runtime's own database, is the DTSTART written.
				const parts = Object.fromEntries(
					new Intl.DateTimeFormat('en-CA', {
						timeZone: zone,
						hourCycle: 'h23',
						year: 'numeric',
						month: '2-digit',
						day: '2-digit',
						hour: '2-digit',
						minute: '2-digit'
					})
						.formatToParts(instant)
						.map((p) => [p.type, p.value])
				);
				expect(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`).toBe(
					local
				);
			}
		} finally {
			for (const zone of zones) ICAL.TimezoneService.remove(zone.tzid);
		}
	});
});

describe('calendar contents', () => {
	it('gives each event the same UID in both languages and in the feed and file', async () => {
		const [fr, en, file] = await Promise.all(
			['/fr/calendar.ics', '/en/calendar.ics', '/en/events/ngi-forum-2025.ics'].map(async (p) =>
				events(await (await get(p)).text())
			)
		);
		const uidOf = (list: ICAL.Event[], summary: RegExp) =>
			list.find((e) => summary.test(e.summary))!.uid;
		expect(uidOf(fr!, /Next Generation/)).toBe(uidOf(en!, /Next Generation/));
		expect(file![0]!.uid).toBe(uidOf(fr!, /Next Generation/));
		expect(new Set(fr!.map((e) => e.uid)).size).toBe(fr!.length);
	});

	it('names the feed and writes texts in its language, ending with the page link', async () => {
		const enText = await (await get('/en/calendar.ics')).text();
		const calendar = new ICAL.Component(ICAL.parse(enText));
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Rencontres — events');
		const coop = events(enText).find(
			(e) => e.summary === 'For digital autonomy built on the commons'
		)!;
		expect(coop.startDate.toString()).toBe('2025-07-01');
		expect(coop.endDate.toString()).toBe('2025-07-02');
		expect(coop.location).toBe('Paris, France');
		expect(coop.description).toMatch(/\/en\/events\/autonomie-numerique-communs-2025$/);

		const frText = await (await get('/fr/calendar.ics')).text();
		expect(new ICAL.Component(ICAL.parse(frText)).getFirstPropertyValue('x-wr-calname')).toBe(
			'Rencontres — événements'
		);
		expect(events(frText).map((e) => e.summary)).toContain(
			'Pour une autonomie numérique fondée sur les communs'
		);
	});

	it("writes an old row's zone spelling in TZID and defines it, right through the embedded VTIMEZONE", async () => {
		const db = serverDb();
		const created = eventStore.create(db, {
			slug: 'atelier-fuseau-ancien',
			allDay: false,
			start: '2027-11-07T04:30:00.000Z',
			end: '2027-11-07T07:30:00.000Z',
			timeZone: 'America/New_York',
			country: 'US',
			texts: { fr: { title: 'Atelier à l’heure d’hiver', city: 'New York' } }
		});
		// A row stored before zone names were made canonical keeps its old spelling.
		db.$client
			.prepare('update events set time_zone = ? where id = ?')
			.run('US/Eastern', created.id);
		const text = await (await get('/fr/events/atelier-fuseau-ancien.ics')).text();
		expect(text).toContain('DTSTART;TZID=US/Eastern:20271107T003000');
		const vcalendar = new ICAL.Component(ICAL.parse(text));
		const [zone] = vcalendar.getAllSubcomponents('vtimezone');
		expect(zone!.getFirstPropertyValue('tzid')).toBe('US/Eastern');
		ICAL.TimezoneService.register(new ICAL.Timezone(zone!));
		try {
			// Across the night New York leaves summer time: 00:30 at UTC−4 to 02:30 at UTC−5.
			const [event] = events(text);
			expect(event!.startDate.toJSDate().toISOString()).toBe('2027-11-07T04:30:00.000Z');
			expect(event!.endDate.toJSDate().toISOString()).toBe('2027-11-07T07:30:00.000Z');
		} finally {
			ICAL.TimezoneService.remove('US/Eastern');
		}
	});
});
