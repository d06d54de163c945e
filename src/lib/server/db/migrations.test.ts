import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import { seedDatabase } from '../content/seed';
import { openDatabase } from './index';

/** A copy of the committed migrations that stops before `tag`: a database as it was then. */
function migrationsBefore(tag: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-migrations-'));
	fs.cpSync(path.resolve('drizzle'), dir, { recursive: true });
	const journalFile = path.join(dir, 'meta', '_journal.json');
	const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
	const at = journal.entries.findIndex((e) => e.tag === tag);
	expect(at).toBeGreaterThan(0);
	journal.entries = journal.entries.slice(0, at);
	fs.writeFileSync(journalFile, JSON.stringify(journal));
	return dir;
}

describe('0005: venue and city per language', () => {
	it("copies each event's venue and city into every one of its texts, then drops them from events", () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore('0005_event_place_per_language'));
		const sqlite = before.$client;
		const insertEvent = sqlite.prepare(
			`insert into events (slug, uid, all_day, start, end, time_zone, starts_at, ends_at, venue, city, country, created_at, updated_at)
			 values (?, ?, 1, '2025-06-19', '2025-06-20', 'Europe/Brussels', 1, 2, ?, ?, 'BE', 1, 1)`
		);
		const insertText = sqlite.prepare(`insert into event_texts (event_id, locale, title) values (?, ?, ?)`);
		const both = Number(insertEvent.run('both', 'u1', 'Salle 1', 'Bruxelles').lastInsertRowid);
		insertText.run(both, 'fr', 'Deux langues');
		insertText.run(both, 'en', 'Two languages');
		const cityOnly = Number(insertEvent.run('city-only', 'u2', null, 'Paris').lastInsertRowid);
		insertText.run(cityOnly, 'en', 'English only');
		const nowhere = Number(insertEvent.run('nowhere', 'u3', null, null).lastInsertRowid);
		insertText.run(nowhere, 'fr', 'Nulle part');
		sqlite.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		const rows = after.$client.prepare('select event_id, locale, title, venue, city from event_texts order by event_id, locale').all();
		expect(rows).toEqual([
			{ event_id: both, locale: 'en', title: 'Two languages', venue: 'Salle 1', city: 'Bruxelles' },
			{ event_id: both, locale: 'fr', title: 'Deux langues', venue: 'Salle 1', city: 'Bruxelles' },
			{ event_id: cityOnly, locale: 'en', title: 'English only', venue: '', city: 'Paris' },
			{ event_id: nowhere, locale: 'fr', title: 'Nulle part', venue: '', city: '' }
		]);
		const columns = (after.$client.prepare('pragma table_info(events)').all() as { name: string }[]).map((c) => c.name);
		expect(columns).not.toContain('venue');
		expect(columns).not.toContain('city');
		// The rest of the event is untouched, and it reads as before in both languages.
		const event = events.findEventById(after, both)!;
		expect(event).toMatchObject({ slug: 'both', country: 'BE', start: '2025-06-19' });
		expect(events.eventPlace(event, 'en')).toEqual({ venue: 'Salle 1', city: 'Bruxelles' });
		// The search index still answers for the texts the migration rewrote.
		const hits = after.$client.prepare("select rowid from search_index where search_index match 'languages'").all();
		expect(hits).toEqual([{ rowid: both * 4 + 1 }]);
		after.$client.close();
	});

	it('lets a fresh database migrate and seed, each language with its own city', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const db = openDatabase(file, path.resolve('drizzle'));
		expect(seedDatabase(db, Date.parse('2025-05-01T00:00:00Z'))).toBe(true);
		const ngi = events.findEventBySlug(db, 'ngi-forum-2025')!;
		expect(ngi.texts.fr).toMatchObject({ city: 'Bruxelles', venue: '' });
		expect(ngi.texts.en).toMatchObject({ city: 'Brussels', venue: '' });
		const coop = events.findEventBySlug(db, 'autonomie-numerique-communs-2025')!;
		expect([coop.texts.fr?.city, coop.texts.en?.city]).toEqual(['Paris', 'Paris']);
		db.$client.close();
	});
});

const MIGRATION = '0006_canonical_time_zones';

describe(`migration ${MIGRATION}`, () => {
	it('rewrites every stored zone spelling to its one current name, and leaves the rest alone', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore(MIGRATION));
		const stored = ['US/Eastern', 'Asia/Saigon', 'europe/paris', 'Asia/Calcutta', 'America/Buenos_Aires', 'Atlantic/Faeroe', 'Europe/Kiev', 'Etc/UTC', 'Europe/Brussels', 'Europe/Bratislava', 'Mars/Olympus'];
		// Raw SQL: today's schema has columns (draft) this older database does not.
		const insert = before.$client.prepare(
			"insert into events (slug, uid, all_day, start, end, time_zone, starts_at, ends_at, version, sequence, created_at, updated_at) values (?, ?, 0, '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', ?, 1, 2, 3, 4, 0, 0)"
		);
		stored.forEach((timeZone, i) => insert.run(`e${i}`, `u${i}@test`, timeZone));
		before.$client.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		const rows = after.$client.prepare('select slug, time_zone, version, sequence, starts_at from events order by id').all() as { time_zone: string; version: number; sequence: number; starts_at: number }[];
		expect(rows.map((r) => r.time_zone)).toEqual([
			'America/New_York',
			'Asia/Ho_Chi_Minh',
			'Europe/Paris',
			'Asia/Kolkata',
			'America/Argentina/Buenos_Aires',
			'Atlantic/Faroe',
			'Europe/Kyiv',
			'UTC',
			'Europe/Brussels',
			'Europe/Bratislava',
			// Not a zone: nothing to map it to, and no row may be lost over it.
			'Mars/Olympus'
		]);
		// Same instants, same versions: nothing an organiser or a calendar acts on changed.
		expect(new Set(rows.map((r) => `${r.version} ${r.sequence} ${r.starts_at}`))).toEqual(new Set(['3 4 1']));
		after.$client.close();
	});
});

describe('migration 0007_event_drafts', () => {
	it('keeps every stored event published, and older revisions without a list of changed fields', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore('0007_event_drafts'));
		// Raw SQL: today's schema has columns this older database does not.
		const insert = before.$client.prepare(
			"insert into events (slug, uid, all_day, start, end, time_zone, starts_at, ends_at, created_at, updated_at) values (?, ?, 1, '2031-01-01', '2031-01-01', 'Europe/Paris', ?, ?, 0, 0)"
		);
		insert.run('avant', 'a@test', 1_000, 2_000);
		insert.run('apres', 'b@test', 4_102_444_800_000, 4_102_531_200_000);
		before.$client.prepare("insert into event_texts (event_id, locale, title) select id, 'fr', slug from events").run();
		before.$client.prepare("insert into revisions (entity, entity_id, version, action, snapshot, created_at) values ('event', 1, 1, 'create', '{}', 0)").run();
		const count = 2;
		before.$client.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		expect(after.$client.prepare('select count(*) n from events where draft = 0').get()).toEqual({ n: count });
		expect(events.listUpcomingEvents(after, 3_000).length + events.listPastEvents(after, 3_000).length).toBe(count);
		expect(after.$client.prepare('select count(*) n from revisions where fields is not null').get()).toEqual({ n: 0 });
		after.$client.close();
	});
});
