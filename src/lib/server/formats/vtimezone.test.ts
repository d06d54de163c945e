import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import * as calendar from './calendar';
import { memoryDb } from '../testing/db';
import * as zoneInstants from '../testing/zone-instants';
import * as vtimezone from './vtimezone';

const origin = 'https://rencontres.example.org';
const labels = { calendarName: 'Rencontres — events', moreAt: 'More:', recaps: 'Recaps:' };

/** Registers the file's own VTIMEZONEs with ical.js for the time of `read`, then restores what was there. */
function withEmbeddedZones<T>(vcalendar: ICAL.Component, read: () => T): T {
	const zones = vcalendar.getAllSubcomponents('vtimezone').map((c) => new ICAL.Timezone(c));
	const before = zones.map((z) => [z.tzid, ICAL.TimezoneService.get(z.tzid)] as const);
	for (const zone of zones) ICAL.TimezoneService.register(zone);
	try {
		return read();
	} finally {
		for (const [tzid, previous] of before) {
			ICAL.TimezoneService.remove(tzid);
			if (previous) ICAL.TimezoneService.register(previous, tzid);
		}
	}
}

describe('vtimezone', () => {
	it('finds the changes of the rules in force, not of stale tables', () => {
		const count = (zone: string) => vtimezone.offsetTransitions(zone, 2025, 2030).length;
		// Mexico dropped daylight saving in 2022, Brazil in 2019: no change at all.
		expect(count('America/Mexico_City')).toBe(0);
		expect(count('America/Sao_Paulo')).toBe(0);
		expect(count('Asia/Saigon')).toBe(0);
		// Two changes a year for six years.
		expect(count('Europe/Brussels')).toBe(12);
		expect(count('America/New_York')).toBe(12);
		const [spring] = vtimezone.offsetTransitions('Europe/Brussels', 2026, 2026);
		expect(spring).toEqual({ at: Date.parse('2026-03-29T01:00:00Z'), from: 3600, to: 7200 });
	});

	it('writes a zone with no change as one STANDARD, and spells TZID as asked', () => {
		const block = vtimezone.vtimezoneBlock('Asia/Saigon', 2025, 2027);
		const zone = new ICAL.Component(
			ICAL.parse(`BEGIN:VCALENDAR\r\n${block}END:VCALENDAR\r\n`)
		).getFirstSubcomponent('vtimezone')!;
		expect(zone.getFirstPropertyValue('tzid')).toBe('Asia/Saigon');
		expect(zone.getAllSubcomponents('standard')).toHaveLength(1);
		expect(zone.getAllSubcomponents('daylight')).toHaveLength(0);
		expect(
			zone.getFirstSubcomponent('standard')!.getFirstPropertyValue('tzoffsetto')!.toString()
		).toBe('+07:00');
	});

	it('describes a zone name the runtime does not know as UTC rather than failing the whole file', () => {
		expect(vtimezone.vtimezoneBlock('Mars/Olympus', 2026, 2026)).toBe(
			[
				'BEGIN:VTIMEZONE',
				'TZID:Mars/Olympus',
				'BEGIN:STANDARD',
				'DTSTART:20260101T000000',
				'TZOFFSETFROM:+0000',
				'TZOFFSETTO:+0000',
				'END:STANDARD',
				'END:VTIMEZONE',
				''
			].join('\r\n')
		);
	});

	it('writes a yearly rule as one RRULE per kind, marks the summer offset DAYLIGHT, and remembers each block', () => {
		const block = vtimezone.vtimezoneBlock('America/New_York', 2026, 2027);
		expect(block).toBe(
			[
				'BEGIN:VTIMEZONE',
				'TZID:America/New_York',
				'BEGIN:DAYLIGHT',
				'DTSTART:20260308T020000',
				'TZOFFSETFROM:-0500',
				'TZOFFSETTO:-0400',
				'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
				'END:DAYLIGHT',
				'BEGIN:STANDARD',
				'DTSTART:20261101T020000',
				'TZOFFSETFROM:-0400',
				'TZOFFSETTO:-0500',
				'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
				'END:STANDARD',
				'END:VTIMEZONE',
				''
			].join('\r\n')
		);
		expect(vtimezone.vtimezoneBlock('America/New_York', 2026, 2027)).toBe(block);
		// Europe: the last Sunday of March and of October.
		expect(vtimezone.vtimezoneBlock('Europe/Brussels', 2024, 2030)).toContain(
			'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n'
		);
	});

	it('lists a rule that stopped within the span, and irregular changes, as RDATEs', () => {
		// Mexico City's last summer time was 2022: no open-ended rule, and no UNTIL either.
		const mexico = vtimezone.vtimezoneBlock('America/Mexico_City', 2021, 2024);
		expect(mexico).not.toContain('RRULE');
		expect(mexico).toContain(
			'DTSTART:20210404T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nRDATE:20210404T020000\r\nRDATE:20220403T020000\r\n'
		);
		// Morocco leaves its usual UTC+1 for Ramadan, on dates of the lunar calendar.
		const casablanca = vtimezone.vtimezoneBlock('Africa/Casablanca', 2025, 2026);
		expect(casablanca).not.toContain('RRULE');
		expect(casablanca).toContain(
			'DTSTART:20250223T030000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nRDATE:20250223T030000\r\nRDATE:20260215T030000\r\n'
		);
	});

	it('marks a southern summer DAYLIGHT even when it ends after the span, and a lasting change STANDARD', () => {
		// Sydney goes to UTC+11 on 4 October 2026 and back in April 2027.
		const sydney = vtimezone.vtimezoneBlock('Australia/Sydney', 2026, 2026);
		expect(sydney).toMatch(
			/BEGIN:DAYLIGHT\r\nDTSTART:20261004T020000\r\nTZOFFSETFROM:\+1000\r\nTZOFFSETTO:\+1100\r\nEND:DAYLIGHT/
		);
		expect(sydney).toMatch(
			/BEGIN:STANDARD\r\nDTSTART:20260405T030000\r\nTZOFFSETFROM:\+1100\r\nTZOFFSETTO:\+1000\r\nEND:STANDARD/
		);
		// Mexico City's last change back, October 2022, is followed by none: no DAYLIGHT after it.
		const mexico = vtimezone.vtimezoneBlock('America/Mexico_City', 2022, 2023);
		expect(mexico).toMatch(
			/BEGIN:STANDARD\r\nDTSTART:20221030T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nEND:STANDARD/
		);
		expect(mexico.match(/BEGIN:DAYLIGHT/g)).toHaveLength(1);
	});

	it('gives, through the embedded VTIMEZONE alone, the stored instant in every zone the form offers, 2025–2030', () => {
		const base = zoneInstants.baseEvent(memoryDb());
		const zones = Intl.supportedValuesOf('timeZone');
		let checked = 0;
		let transitions = 0;
		const wrong: string[] = [];
		for (const zone of zones) {
			const list = zoneInstants.copiesIn(base, zone);
			transitions += list.length - 6;
			const ics = calendar.buildCalendar({
				events: list,
				locale: 'en',
				origin,
				labels,
				feed: true
			});
			const vcalendar = new ICAL.Component(ICAL.parse(ics));
			expect(
				vcalendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))
			).toEqual([zone]);
			withEmbeddedZones(vcalendar, () => {
				const vevents = vcalendar.getAllSubcomponents('vevent');
				expect(vevents).toHaveLength(list.length);
				vevents.forEach((vevent, i) => {
					const event = new ICAL.Event(vevent);
					// A TZID with no VTIMEZONE would leave a floating time: the check would be meaningless.
					expect(event.startDate.zone?.tzid).toBe(zone);
					for (const [time, stored] of [
						[event.startDate, list[i]!.start],
						[event.endDate, list[i]!.end]
					] as const) {
						checked++;
						const read = time.toJSDate().toISOString();
						if (read !== stored) wrong.push(`${zone} ${stored} read as ${read}`);
					}
				});
			});
		}
		console.log(
			`${zones.length} zones, ${transitions} offset changes, ${checked} zone-instants checked through embedded VTIMEZONEs`
		);
		expect(wrong).toEqual([]);
		expect(zones.length).toBeGreaterThan(400);
		expect(checked).toBeGreaterThanOrEqual(zones.length * 12);
		// Most zones of the northern and southern summers change twice a year.
		expect(transitions).toBeGreaterThan(1000);
	});
});
