import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import * as calendar from '../formats/calendar';
import * as events from './events';
import * as revisions from './revisions';
import { memoryDb } from '../testing/db';

const base: events.EventInput = {
	slug: 'atelier-communs',
	allDay: false,
	start: '2025-10-20T08:00:00.000Z',
	end: '2025-10-20T10:00:00.000Z',
	timeZone: 'Europe/Brussels',
	country: 'BE',
	texts: {
		fr: { title: 'Atelier', summary: 'Un atelier', description: '**Gras**', city: 'Bruxelles' }
	}
};

describe('events', () => {
	it('refuses overlong texts and places, each with its limit, and stores nothing', () => {
		const db = memoryDb();
		let problems: events.EventInputProblem[] = [];
		try {
			events.create(db, {
				...base,
				texts: {
					fr: {
						title: 'Atelier',
						summary: 's'.repeat(2_001),
						description: 'd'.repeat(20_001),
						venue: 'v'.repeat(301)
					},
					en: { title: 'Workshop', city: 'c'.repeat(301) }
				}
			});
		} catch (error) {
			if (!(error instanceof events.EventInputError)) throw error;
			problems = error.problems;
		}
		expect(problems).toEqual([
			{ field: 'summary_fr', code: 'too_long', max: 2_000 },
			{ field: 'description_fr', code: 'too_long', max: 20_000 },
			{ field: 'venue_fr', code: 'too_long', max: 300 },
			{ field: 'city_en', code: 'too_long', max: 300 }
		]);
		expect(events.listAll(db)).toHaveLength(0);
	});

	it('stores all-day spans with an exclusive end at local midnight', () => {
		const db = memoryDb();
		const e = events.create(db, {
			...base,
			slug: 'ngi',
			allDay: true,
			start: '2025-06-19',
			end: '2025-06-20'
		});
		expect(new Date(e.startsAt).toISOString()).toBe('2025-06-18T22:00:00.000Z');
		expect(new Date(e.endsAt).toISOString()).toBe('2025-06-20T22:00:00.000Z');
	});

	it('splits upcoming (soonest first) from past (latest first)', () => {
		const db = memoryDb();
		events.create(db, {
			...base,
			slug: 'a',
			start: '2025-01-01T10:00:00Z',
			end: '2025-01-01T11:00:00Z'
		});
		events.create(db, {
			...base,
			slug: 'b',
			start: '2025-03-01T10:00:00Z',
			end: '2025-03-01T11:00:00Z'
		});
		events.create(db, {
			...base,
			slug: 'c',
			start: '2025-09-01T10:00:00Z',
			end: '2025-09-01T11:00:00Z'
		});
		events.create(db, {
			...base,
			slug: 'd',
			start: '2025-07-01T10:00:00Z',
			end: '2025-07-01T11:00:00Z'
		});
		const now = Date.parse('2025-06-01T00:00:00Z');
		expect(events.listUpcoming(db, now).map((e) => e.slug)).toEqual(['d', 'c']);
		expect(events.listPast(db, now).map((e) => e.slug)).toEqual(['b', 'a']);
	});

	it('raises SEQUENCE when time, place or status change, not for a text edit', () => {
		const db = memoryDb();
		const created = events.create(db, base, { now: 1000 });
		expect(created.sequence).toBe(0);

		const retitled = events.update(
			db,
			created.id,
			{
				...events.toInput(created),
				texts: { fr: { ...created.texts.fr!, title: 'Atelier (programme)' } }
			},
			{ now: 2000 }
		);
		expect(retitled.sequence).toBe(0);
		expect(retitled.updatedAt).toBe(2000);

		const moved = events.update(
			db,
			created.id,
			{ ...events.toInput(retitled), start: '2025-10-20T09:00:00.000Z' },
			{ now: 3000 }
		);
		expect(moved.sequence).toBe(1);
		const relocated = events.update(
			db,
			created.id,
			{ ...events.toInput(moved), texts: { fr: { ...moved.texts.fr!, city: 'Liège' } } },
			{ now: 4000 }
		);
		expect(relocated.sequence).toBe(2);
		const cancelled = events.changeState(db, created.id, 'cancel', { now: 5000 }).event;
		expect(cancelled.sequence).toBe(3);
		expect(cancelled.status).toBe('cancelled');
		// A clock that went backwards must not make DTSTAMP go backwards.
		const again = events.update(
			db,
			created.id,
			{ ...events.toInput(cancelled), texts: { fr: { ...cancelled.texts.fr!, venue: 'Salle 2' } } },
			{ now: 100 }
		);
		expect(again.updatedAt).toBeGreaterThan(5000);
		expect(again.sequence).toBe(4);
		// The place of one language only is still a place calendars show (that language's LOCATION).
		const english = events.update(
			db,
			created.id,
			{
				...events.toInput(again),
				texts: { ...again.texts, en: { title: 'Workshop', city: 'Liège' } }
			},
			{ now: 6000 }
		);
		expect(english.sequence).toBe(5);
	});

	it('stores a zone by its one current name, whatever alias or case was typed', () => {
		const db = memoryDb();
		const saigon = events.create(db, { ...base, slug: 'saigon', timeZone: 'asia/saigon' });
		expect(saigon.timeZone).toBe('Asia/Ho_Chi_Minh');
		const updated = events.update(db, saigon.id, {
			...events.toInput(saigon),
			timeZone: 'US/Eastern'
		});
		expect(updated.timeZone).toBe('America/New_York');
		expect(events.findById(db, saigon.id)!.timeZone).toBe('America/New_York');
	});

	it('refuses bad input with every problem and changes nothing', () => {
		const db = memoryDb();
		events.create(db, base);
		const attempt = () =>
			events.create(db, {
				...base,
				slug: 'Not A Slug',
				timeZone: 'Mars/Olympus',
				start: '2025-10-20T10:00:00Z',
				end: '2025-10-20T09:00:00Z',
				texts: {}
			});
		expect(attempt).toThrowError(events.EventInputError);
		try {
			attempt();
		} catch (e) {
			expect((e as events.EventInputError).problems).toEqual(
				expect.arrayContaining([
					{ field: 'slug', code: 'invalid' },
					{ field: 'timeZone', code: 'invalid' },
					{ field: 'end', code: 'before_start' },
					{ field: 'texts', code: 'required' }
				])
			);
		}
		expect(() => events.create(db, base)).toThrowError(/slug taken/);
		expect(events.listAll(db)).toHaveLength(1);
	});

	it('cleans every text at input: one-line fields on one line, nothing a feed or calendar forbids', () => {
		const db = memoryDb();
		const e = events.create(db, {
			...base,
			slug: ' atelier-propre\r\n',
			host: 'Coop\r\ndes communs\ufffe',
			texts: {
				fr: {
					title: 'Titre\r\nsur deux lignes\x0b\x01',
					summary: 'Résumé\u2029suite',
					description: 'Un\r\ndeux\u2028trois\x00\ufffe',
					venue: 'Salle\x0b 1\u2028',
					city: 'Bru\x01xelles'
				},
				en: { title: '\x01\x02' }
			}
		});
		expect(e).toMatchObject({ slug: 'atelier-propre', host: 'Coop des communs' });
		expect(e.texts.fr).toEqual({
			title: 'Titre sur deux lignes',
			summary: 'Résumé suite',
			description: 'Un\ndeux\ntrois',
			venue: 'Salle 1',
			city: 'Bruxelles'
		});
		expect(e.texts.en).toBeUndefined();
		// A title of nothing but control characters is no title: refused when a summary needs it.
		expect(() =>
			events.create(db, { ...base, slug: 'b', texts: { en: { title: '\r\n\x01', summary: 'x' } } })
		).toThrowError(/title_en required/);
	});

	it('cleans on update and restore too', () => {
		const db = memoryDb();
		const created = events.create(db, base);
		const updated = events.update(db, created.id, {
			...events.toInput(created),
			texts: { fr: { title: 'A\rB\u2028C' } }
		});
		expect(updated.texts.fr!.title).toBe('A B C');
	});

	it('restores a revision saved when one place served both languages, into every text', () => {
		const db = memoryDb();
		const created = events.create(
			db,
			{ ...base, texts: { fr: { title: 'Atelier' }, en: { title: 'Workshop' } } },
			{ now: 1000 }
		);
		// A snapshot as revisions wrote it before venue and city were per language.
		const legacy = {
			...events.toInput(created),
			venue: 'Salle 3',
			city: 'Gand',
			texts: { fr: { title: 'Atelier' }, en: { title: 'Workshop' } }
		};
		db.$client
			.prepare("update revisions set snapshot = ? where entity = 'event' and entity_id = ?")
			.run(JSON.stringify(legacy), created.id);
		const [revision] = revisions.listRevisions(db, 'event', created.id);
		const restored = events.restoreRevision(db, created.id, revision!.id, {
			expectedVersion: created.version,
			now: 2000
		}).event;
		expect(restored.texts.fr).toMatchObject({ venue: 'Salle 3', city: 'Gand' });
		expect(restored.texts.en).toMatchObject({ venue: 'Salle 3', city: 'Gand' });
		expect(restored.sequence).toBe(1);
	});
});

describe('a save that changes nothing', () => {
	const labels = {
		calendarName: 'Rencontres',
		moreAt: 'Plus\u00a0:',
		recaps: 'Comptes rendus\u00a0:'
	};
	const stamps = (event: events.HubEvent) => {
		const ics = calendar.buildCalendar({
			events: [event],
			locale: 'en',
			origin: 'https://hub.example',
			labels,
			feed: false
		});
		const [vevent] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
		const iso = (name: string) =>
			(vevent!.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString();
		return { dtstamp: iso('dtstamp'), lastModified: iso('last-modified') };
	};

	it('keeps updatedAt, version, SEQUENCE and the .ics DTSTAMP/LAST-MODIFIED; a real change moves them', () => {
		const db = memoryDb();
		const created = events.create(
			db,
			{
				...base,
				host: 'Coop',
				texts: {
					...base.texts,
					en: {
						title: 'Workshop',
						summary: 'A workshop',
						description: 'Line\nnext',
						city: 'Brussels'
					}
				}
			},
			{ now: Date.parse('2025-05-01T10:00:00Z') }
		);
		const before = stamps(created);
		expect(before.dtstamp).toBe('2025-05-01T10:00:00.000Z');

		// The same input again, as a form sends it back (CRLF in a textarea, spaces around a line).
		const sameAgain = events.toInput(created);
		sameAgain.texts.en = {
			...sameAgain.texts.en!,
			description: 'Line\r\nnext',
			city: ' Brussels '
		};
		const same = events.update(db, created.id, sameAgain, {
			now: Date.parse('2025-05-02T10:00:00Z'),
			expectedVersion: created.version
		});
		expect(same).toMatchObject({
			updatedAt: created.updatedAt,
			version: created.version,
			sequence: created.sequence
		});
		expect(events.findById(db, created.id)!.updatedAt).toBe(created.updatedAt);
		expect(stamps(events.findById(db, created.id)!)).toEqual(before);
		expect(revisions.listRevisions(db, 'event', created.id)).toHaveLength(1);

		// A stale form from a version nobody can find is a conflict wherever it differs.
		const stale = { ...events.toInput(created), host: 'Quelqu’un' };
		expect(() =>
			events.update(db, created.id, stale, { expectedVersion: created.version - 1 })
		).toThrowError(events.EventConflictError);

		const changed = events.update(
			db,
			created.id,
			{
				...events.toInput(created),
				texts: { ...created.texts, en: { ...created.texts.en!, summary: 'A longer workshop' } }
			},
			{ now: Date.parse('2025-05-03T10:00:00Z'), expectedVersion: created.version }
		);
		expect(changed.version).toBe(created.version + 1);
		expect(stamps(changed)).toEqual({
			dtstamp: '2025-05-03T10:00:00.000Z',
			lastModified: '2025-05-03T10:00:00.000Z'
		});
		expect(revisions.listRevisions(db, 'event', created.id)).toHaveLength(2);
	});

	it('still sees a change in any one field: slug, organiser, a language added or removed', () => {
		const db = memoryDb();
		const created = events.create(db, base, { now: 1000 });
		let current = created;
		const changes: ((input: events.EventInput) => events.EventInput)[] = [
			(i) => ({ ...i, slug: 'atelier-renomme' }),
			(i) => ({ ...i, host: 'Coop' }),
			(i) => ({ ...i, texts: { ...i.texts, en: { title: 'Workshop' } } }),
			(i) => ({ ...i, texts: { fr: i.texts.fr! } }),
			(i) => ({ ...i, texts: { fr: { ...i.texts.fr!, venue: 'Salle 1' } } })
		];
		for (const change of changes) {
			const next = events.update(db, created.id, change(events.toInput(current)), {
				now: current.updatedAt + 10
			});
			expect(next.version).toBe(current.version + 1);
			expect(next.updatedAt).toBeGreaterThan(current.updatedAt);
			current = next;
		}
	});
});
