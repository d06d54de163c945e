import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import * as calendar from './calendar';
import * as events from '../content/events';
import { memoryDb } from '../testing/db';
import { calendarLabels } from '../views/reader';

const origin = 'https://rencontres.example.org';
const labels = {
	calendarName: 'Rencontres — événements',
	moreAt: 'Plus d’informations\u00a0:',
	recaps: 'Comptes rendus\u00a0:'
};

function parse(ics: string) {
	const vcalendar = new ICAL.Component(ICAL.parse(ics));
	return { vcalendar, vevents: vcalendar.getAllSubcomponents('vevent') };
}

function setup() {
	const db = memoryDb();
	const ngi = events.create(
		db,
		{
			slug: 'ngi-forum-2025',
			allDay: true,
			start: '2025-06-19',
			end: '2025-06-20',
			timeZone: 'Europe/Brussels',
			country: 'BE',
			texts: {
				fr: {
					title: 'NGI Forum 2025',
					summary: 'Deux jours.',
					description: 'Le **forum** : [NGI](https://ngi.eu).',
					city: 'Bruxelles'
				},
				en: {
					title: 'NGI Forum 2025 (en)',
					summary: 'Two days.',
					description: 'The **forum**.',
					city: 'Brussels'
				}
			}
		},
		{ now: Date.parse('2025-05-01T10:00:00Z') }
	);
	// Starts in summer time and ends after the October change (Brussels: UTC+2, then UTC+1).
	const timed = events.create(
		db,
		{
			slug: 'nuit-des-communs',
			allDay: false,
			start: '2025-10-25T20:00:00.000Z',
			end: '2025-10-26T10:00:00.000Z',
			timeZone: 'Europe/Brussels',
			country: 'BE',
			texts: { fr: { title: 'Nuit des communs', venue: 'Maison des communs', city: 'Bruxelles' } }
		},
		{ now: Date.parse('2025-05-02T10:00:00Z') }
	);
	return { db, ngi, timed };
}

describe('buildCalendar', () => {
	it('writes in UTC an event whose time the autumn change repeats, so each occurrence reads as itself', () => {
		const db = memoryDb();
		const at = (start: string, slug: string) =>
			events.create(db, {
				slug,
				allDay: false,
				start,
				end: '2026-10-25T05:00:00.000Z',
				timeZone: 'Europe/Paris',
				texts: { fr: { title: slug } }
			});
		// 02:30 in Paris on 25 October 2026, first (UTC+2) and second (UTC+1) time.
		const earlier = at('2026-10-25T00:30:00.000Z', 'premiere');
		const later = at('2026-10-25T01:30:00.000Z', 'seconde');
		const utc = events.create(db, {
			slug: 'utc',
			allDay: false,
			start: '2026-07-01T10:00:00.000Z',
			end: '2026-07-01T11:00:00.000Z',
			timeZone: 'UTC',
			texts: { fr: { title: 'utc' } }
		});
		const { vcalendar, vevents } = parse(
			calendar.buildCalendar({
				events: [earlier, later, utc],
				locale: 'fr',
				origin,
				labels,
				feed: true
			})
		);
		const starts = vevents.map((v) => new ICAL.Event(v).startDate);
		expect(starts.map((d) => d.toJSDate().toISOString())).toEqual([
			'2026-10-25T00:30:00.000Z',
			'2026-10-25T01:30:00.000Z',
			'2026-07-01T10:00:00.000Z'
		]);
		expect(starts.every((d) => d.zone === ICAL.Timezone.utcTimezone)).toBe(true);
		// Nothing is written in a zone, so no VTIMEZONE is.
		expect(vcalendar.getAllSubcomponents('vtimezone')).toHaveLength(0);
		// An hour later that evening, the time is single again: written in its zone.
		const evening = events.create(db, {
			slug: 'soir',
			allDay: false,
			start: '2026-10-25T18:00:00.000Z',
			end: '2026-10-25T19:00:00.000Z',
			timeZone: 'Europe/Paris',
			texts: { fr: { title: 'soir' } }
		});
		expect(calendar.writtenZone(evening)).toBe('Europe/Paris');
	});

	it('cancels an archived event for subscribers, and publishes nothing else of it', () => {
		const { db, ngi } = setup();
		events.setArchived(db, ngi.id, true);
		const archived = events.findById(db, ngi.id)!;
		const [vevent] = parse(
			calendar.buildCalendar({ events: [archived], locale: 'fr', origin, labels, feed: true })
		).vevents;
		expect(vevent!.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(vevent!.getFirstPropertyValue('url')).toBeNull();
		expect(vevent!.getFirstPropertyValue('description')).toBeNull();
		expect(vevent!.getFirstPropertyValue('location')).toBeNull();
		expect(vevent!.getFirstPropertyValue('summary') ?? '').toBe('');
		expect(vevent!.getFirstPropertyValue('uid')).toBe(archived.uid);
		expect(vevent!.getFirstPropertyValue('sequence')).toBe(archived.sequence);
	});

	it('writes an all-day event as dates with an exclusive end', () => {
		const { ngi } = setup();
		const ics = calendar.buildCalendar({
			events: [ngi],
			locale: 'fr',
			origin,
			labels,
			feed: false
		});
		const [vevent] = parse(ics).vevents;
		const event = new ICAL.Event(vevent);
		expect(event.startDate.isDate).toBe(true);
		expect(event.startDate.toString()).toBe('2025-06-19');
		expect(event.endDate.isDate).toBe(true);
		expect(event.endDate.toString()).toBe('2025-06-21');
		expect(ics).toContain('DTSTART;VALUE=DATE:20250619');
		expect(ics).toContain('DTEND;VALUE=DATE:20250621');
	});

	it('gives stable UIDs, UTC stamps from the last change, and texts in the feed language', () => {
		const { ngi, timed } = setup();
		const fr = parse(
			calendar.buildCalendar({ events: [ngi, timed], locale: 'fr', origin, labels, feed: true })
		);
		const en = parse(
			calendar.buildCalendar({
				events: [ngi],
				locale: 'en',
				origin,
				labels: { calendarName: 'Rencontres — events', moreAt: 'More:', recaps: 'Recaps:' },
				feed: false
			})
		);
		const frNgi = new ICAL.Event(fr.vevents[0]);
		const enNgi = new ICAL.Event(en.vevents[0]);
		expect(frNgi.uid).toBe(ngi.uid);
		expect(frNgi.uid).toMatch(/^[0-9a-f-]{36}@rencontres$/);
		expect(enNgi.uid).toBe(frNgi.uid);
		expect(new ICAL.Event(fr.vevents[1]).uid).not.toBe(frNgi.uid);

		const stamp = fr.vevents[0]!.getFirstPropertyValue('dtstamp') as ICAL.Time;
		expect(stamp.zone?.tzid).toBe('UTC');
		expect(stamp.toJSDate().toISOString()).toBe('2025-05-01T10:00:00.000Z');
		const modified = fr.vevents[0]!.getFirstPropertyValue('last-modified') as ICAL.Time;
		expect(modified.toJSDate().toISOString()).toBe('2025-05-01T10:00:00.000Z');
		expect(frNgi.sequence).toBe(0);

		expect(frNgi.summary).toBe('NGI Forum 2025');
		expect(enNgi.summary).toBe('NGI Forum 2025 (en)');
		expect(frNgi.location).toBe('Bruxelles, Belgique');
		expect(enNgi.location).toBe('Brussels, Belgium');
		expect(fr.vevents[0]!.getFirstPropertyValue('url')).toBe(`${origin}/fr/events/ngi-forum-2025`);
		expect(frNgi.description).toBe(
			`Deux jours.\n\nLe forum : NGI (https://ngi.eu).\n\nPlus d’informations\u00a0: ${origin}/fr/events/ngi-forum-2025`
		);
		expect(enNgi.description.endsWith(`${origin}/en/events/ngi-forum-2025`)).toBe(true);

		expect(fr.vcalendar.getFirstPropertyValue('x-wr-calname')).toBe('Rencontres — événements');
		const refresh = fr.vcalendar.getFirstPropertyValue('refresh-interval') as ICAL.Duration;
		expect(refresh.toSeconds()).toBe(calendar.REFRESH_SECONDS);
	});

	it('writes a timed event in its zone with a VTIMEZONE, right across the daylight-saving change', () => {
		const { timed } = setup();
		const ics = calendar.buildCalendar({
			events: [timed],
			locale: 'fr',
			origin,
			labels,
			feed: false
		});
		const { vcalendar, vevents } = parse(ics);
		expect(ics).toContain('DTSTART;TZID=Europe/Brussels:20251025T220000');
		expect(ics).toContain('DTEND;TZID=Europe/Brussels:20251026T110000');

		const vtimezones = vcalendar.getAllSubcomponents('vtimezone');
		expect(vtimezones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Brussels']);
		// Resolve times through the file's own VTIMEZONE, as a client with no zone database would.
		const zone = new ICAL.Timezone(vtimezones[0]!);
		ICAL.TimezoneService.register(zone);
		try {
			const event = new ICAL.Event(vevents[0]);
			expect(event.startDate.zone?.tzid).toBe('Europe/Brussels');
			expect(event.startDate.toJSDate().toISOString()).toBe('2025-10-25T20:00:00.000Z');
			expect(event.endDate.toJSDate().toISOString()).toBe('2025-10-26T10:00:00.000Z');
			expect(event.duration.toSeconds()).toBe(14 * 3600);
		} finally {
			ICAL.TimezoneService.remove('Europe/Brussels');
		}
		expect(new ICAL.Event(vevents[0]).location).toBe('Maison des communs, Bruxelles, Belgique');
	});

	it('keeps a cancelled event with STATUS:CANCELLED and a higher SEQUENCE', () => {
		const { db, timed } = setup();
		const cancelled = events.changeState(db, timed.id, 'cancel').event;
		const { vevents } = parse(
			calendar.buildCalendar({ events: [cancelled], locale: 'fr', origin, labels, feed: true })
		);
		expect(vevents).toHaveLength(1);
		expect(vevents[0]!.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(new ICAL.Event(vevents[0]).sequence).toBe(1);
	});
});

/** TZID parameters of every DTSTART and DTEND, and TZID of every VTIMEZONE, as written. */
function zoneNames(ics: string) {
	const { vcalendar, vevents } = parse(ics);
	const used = vevents.flatMap((v) =>
		['dtstart', 'dtend']
			.map((name) => v.getFirstProperty(name)?.getParameter('tzid'))
			.filter((z): z is string => typeof z === 'string')
	);
	const defined = vcalendar
		.getAllSubcomponents('vtimezone')
		.map((z) => z.getFirstPropertyValue('tzid') as string);
	return { used, defined };
}

describe('time zones of a calendar', () => {
	it('defines each TZID used exactly once, spelled as DTSTART spells it, and no other', () => {
		const { ngi, timed } = setup();
		// Old rows may hold any spelling Intl accepts: the VTIMEZONE must match it character for character.
		const list = [
			ngi,
			{ ...ngi, uid: 'all-day-auckland@test', timeZone: 'Pacific/Auckland' },
			timed,
			{
				...timed,
				uid: 'second-brussels@test',
				start: '2027-03-28T00:30:00.000Z',
				end: '2027-03-28T01:30:00.000Z'
			},
			{ ...timed, uid: 'saigon@test', timeZone: 'Asia/Saigon' },
			{ ...timed, uid: 'buenos-aires@test', timeZone: 'America/Buenos_Aires' },
			{
				...timed,
				uid: 'us-eastern@test',
				timeZone: 'US/Eastern',
				start: '2026-07-01T16:00:00.000Z',
				end: '2026-07-01T18:00:00.000Z'
			}
		];
		for (const feed of [true, false]) {
			const ics = calendar.buildCalendar({ events: list, locale: 'fr', origin, labels, feed });
			const { used, defined } = zoneNames(ics);
			expect(new Set(used)).toEqual(
				new Set(['Europe/Brussels', 'Asia/Saigon', 'America/Buenos_Aires', 'US/Eastern'])
			);
			expect([...defined].sort()).toEqual([...new Set(used)].sort());
			// No calendar-wide zone: nothing for UTC, nor for the all-day event's zone.
			expect(ics).not.toContain('Etc/UTC');
			expect(ics).not.toContain('Auckland');

			// The alias resolves through its own VTIMEZONE: New York's summer time, UTC−4.
			const { vcalendar, vevents } = parse(ics);
			const eastern = vcalendar
				.getAllSubcomponents('vtimezone')
				.find((z) => z.getFirstPropertyValue('tzid') === 'US/Eastern')!;
			ICAL.TimezoneService.register(new ICAL.Timezone(eastern));
			try {
				const event = new ICAL.Event(vevents[6]);
				expect(vevents[6]!.getFirstProperty('dtstart')!.toICALString()).toBe(
					'DTSTART;TZID=US/Eastern:20260701T120000'
				);
				expect(event.startDate.toJSDate().toISOString()).toBe('2026-07-01T16:00:00.000Z');
			} finally {
				ICAL.TimezoneService.remove('US/Eastern');
			}
		}
	});

	it('writes no VTIMEZONE when every event is all-day', () => {
		const { ngi } = setup();
		const ics = calendar.buildCalendar({ events: [ngi], locale: 'fr', origin, labels, feed: true });
		expect(zoneNames(ics).defined).toEqual([]);
		expect(ics).not.toContain('BEGIN:VTIMEZONE');
	});

	it('ends the file with CRLF after END:VCALENDAR, and every line with CRLF', () => {
		const { ngi, timed } = setup();
		for (const feed of [true, false]) {
			const ics = calendar.buildCalendar({
				events: [ngi, timed],
				locale: 'en',
				origin,
				labels,
				feed
			});
			expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
			expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		}
	});

	it("covers the years of the zone's events, from the year before the first to the year after the last", () => {
		const { timed } = setup();
		const list = [
			timed,
			{
				...timed,
				uid: 'later@test',
				start: '2029-07-01T10:00:00.000Z',
				end: '2029-07-01T12:00:00.000Z'
			}
		];
		const ics = calendar.buildCalendar({ events: list, locale: 'fr', origin, labels, feed: true });
		const zone = parse(ics).vcalendar.getFirstSubcomponent('vtimezone')!;
		const onsets = zone
			.getAllSubcomponents()
			.map((c) => (c.getFirstPropertyValue('dtstart') as ICAL.Time).year);
		// First onsets in 2024 (the year before the first event), and rules running through 2030.
		expect(onsets).toEqual([2024, 2024]);
		const rules = zone
			.getAllSubcomponents()
			.map((c) => c.getFirstPropertyValue('rrule') as ICAL.Recur);
		expect(rules.map((r) => r.until)).toEqual([null, null]);
		ICAL.TimezoneService.register(new ICAL.Timezone(zone));
		try {
			// Summer 2030, the year after the last event: still UTC+2.
			const july = ICAL.Time.fromData(
				{ year: 2030, month: 7, day: 1, hour: 12 },
				ICAL.TimezoneService.get('Europe/Brussels')!
			);
			expect(july.toJSDate().toISOString()).toBe('2030-07-01T10:00:00.000Z');
		} finally {
			ICAL.TimezoneService.remove('Europe/Brussels');
		}
	});
});

describe('webCalendarLinks, length and encoding', () => {
	/** A 16 KB description of words and accented, non-Latin and emoji text, each word distinct. */
	const longText = Array.from({ length: 1_600 }, (_, i) => `mot${i} été 日本 🎉 + a&b`)
		.join(' ')
		.slice(0, 16_000);

	function longEvent() {
		const { db, timed } = setup();
		return events.update(db, timed.id, {
			...events.toInput(timed),
			texts: {
				fr: {
					title: 'Nuit des communs',
					summary: 'Toute la nuit.',
					description: longText,
					venue: 'Maison des communs',
					city: 'Bruxelles'
				}
			}
		});
	}

	it('keeps each link under 2,000 characters, the text cut at a word with an ellipsis, ending with the page link', () => {
		const event = longEvent();
		expect(Buffer.byteLength(longText)).toBeGreaterThan(16_000);
		const links = calendar.webCalendarLinks(event, 'fr', origin, labels);
		const page = `${origin}/fr/events/nuit-des-communs`;
		for (const [link, key] of [
			[links.google, 'details'],
			[links.outlook, 'body']
		] as const) {
			expect(link.length).toBeLessThan(calendar.MAX_LINK_LENGTH);
			// Room is used: the text is not cut far shorter than it needs to be.
			expect(link.length).toBeGreaterThan(calendar.MAX_LINK_LENGTH - 60);
			const details = new URL(link).searchParams.get(key)!;
			expect(details.startsWith('Toute la nuit.\n\nmot0 été 日本 🎉 + a&b mot1')).toBe(true);
			expect(details.endsWith(`…\n\n${labels.moreAt} ${page}`)).toBe(true);
			// Cut at a word: what precedes the ellipsis is whole words of the description.
			const kept = details.slice('Toute la nuit.\n\n'.length, details.indexOf('…'));
			expect(longText.startsWith(kept)).toBe(true);
			expect(longText[kept.length]).toBe(' ');
			expect(details).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
		}
	});

	it('writes spaces as %20 and never a +, which Outlook on the web shows as is', () => {
		const event = longEvent();
		const links = calendar.webCalendarLinks(event, 'fr', origin, labels);
		for (const link of [links.google, links.outlook]) {
			expect(link).not.toContain('+');
			expect(link).toContain('Nuit%20des%20communs');
			// The description's own + and & survive as characters.
			expect(link).toContain('%2B%20a%26b');
		}
		const outlook = new URL(links.outlook).searchParams;
		expect(outlook.get('subject')).toBe('Nuit des communs');
		expect(outlook.get('location')).toBe('Maison des communs, Bruxelles, Belgique');
		expect(outlook.get('startdt')).toBe('2025-10-25T20:00:00.000Z');
		const google = new URL(links.google).searchParams;
		expect(google.get('ctz')).toBe('Europe/Brussels');
		expect(google.get('action')).toBe('TEMPLATE');
	});

	it('leaves a short description whole', () => {
		const { ngi } = setup();
		const details = new URL(
			calendar.webCalendarLinks(ngi, 'fr', origin, labels).google
		).searchParams.get('details');
		expect(details).toBe(
			`Deux jours.\n\nLe forum : NGI (https://ngi.eu).\n\nPlus d’informations\u00a0: ${origin}/fr/events/ngi-forum-2025`
		);
	});

	it('shortens an overlong title and place too, so the page link always fits', () => {
		const { timed } = setup();
		const wide = {
			...timed,
			texts: {
				fr: {
					title: '長い題名 '.repeat(60).trim(),
					summary: '',
					description: longText,
					venue: '会場'.repeat(150),
					city: ''
				}
			}
		};
		const links = calendar.webCalendarLinks(wide, 'fr', origin, labels);
		for (const [link, key] of [
			[links.google, 'details'],
			[links.outlook, 'body']
		] as const) {
			expect(link.length).toBeLessThan(calendar.MAX_LINK_LENGTH);
			expect(
				new URL(link).searchParams.get(key)!.endsWith(`${origin}/fr/events/nuit-des-communs`)
			).toBe(true);
		}
		expect(new URL(links.google).searchParams.get('text')).toMatch(/^長い題名 .*…$/);
	});
});

describe('old rows', () => {
	it('writes a one-line SUMMARY with no control character, whatever an old row holds', () => {
		const { db, ngi } = setup();
		db.$client
			.prepare('update event_texts set title = ?, description = ? where event_id = ?')
			.run('NGI\r\nForum\x0b\x01\u2028\ufffe', 'a\x1b\rb', ngi.id);
		db.$client
			.prepare("update event_texts set venue = ? where event_id = ? and locale = 'fr'")
			.run('Salle\n1\x01', ngi.id);
		const ics = calendar.buildCalendar({
			events: [events.findById(db, ngi.id)!],
			locale: 'fr',
			origin,
			labels,
			feed: false
		});
		// eslint-disable-next-line no-control-regex -- the control characters are what is matched
		expect(ics).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufffe]/);
		const [vevent] = parse(ics).vevents;
		const parsed = new ICAL.Event(vevent);
		expect(parsed.summary).toBe('NGI Forum');
		expect(parsed.location).toBe('Salle 1, Bruxelles, Belgique');
		expect(parsed.description.startsWith('Deux jours.\n\na\nb')).toBe(true);
	});
});

describe('French typography in descriptions', () => {
	it('puts a no-break space before the colons of a French description, and none in English', () => {
		const { ngi } = setup();
		const recap = {
			id: 1,
			eventId: ngi.id,
			slug: 'retour',
			updatedAt: 0,
			texts: { fr: { title: 'Retour' }, en: { title: 'Back' } }
		};
		const fr = calendar.eventDescription(ngi, 'fr', origin, calendarLabels('fr'), [recap]);
		expect(fr).toContain(`Comptes rendus\u00a0:\n- Retour\u00a0: ${origin}/fr/posts/retour`);
		expect(fr.endsWith(`\u00a0: ${origin}/fr/events/ngi-forum-2025`)).toBe(true);
		// The organiser's own text is left as written ("Le forum : NGI").
		expect(fr).toContain('Le forum : NGI');
		const en = calendar.eventDescription(ngi, 'en', origin, calendarLabels('en'), [recap]);
		expect(en).toContain(`\n- Back: ${origin}/en/posts/retour`);
		expect(en).not.toContain('\u00a0');
	});
});
