import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as accounts from '../accounts/accounts';
import * as auth from '../auth/sessions';
import { hashToken } from '../auth/sessions';
import * as events from '../content/events';
import * as revisions from '../content/revisions';
import { seedDatabase } from '../content/seed';
import { openDatabase } from './index';

/** A copy of the committed migrations that stops before `tag`: a database as it was then. */
function migrationsBefore(tag: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-migrations-'));
	fs.cpSync(path.resolve('drizzle'), dir, { recursive: true });
	const journalFile = path.join(dir, 'meta', '_journal.json');
	const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as {
		entries: { tag: string }[];
	};
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
		const insertText = sqlite.prepare(
			`insert into event_texts (event_id, locale, title) values (?, ?, ?)`
		);
		const both = Number(insertEvent.run('both', 'u1', 'Salle 1', 'Bruxelles').lastInsertRowid);
		insertText.run(both, 'fr', 'Deux langues');
		insertText.run(both, 'en', 'Two languages');
		const cityOnly = Number(insertEvent.run('city-only', 'u2', null, 'Paris').lastInsertRowid);
		insertText.run(cityOnly, 'en', 'English only');
		const nowhere = Number(insertEvent.run('nowhere', 'u3', null, null).lastInsertRowid);
		insertText.run(nowhere, 'fr', 'Nulle part');
		sqlite.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		const rows = after.$client
			.prepare(
				'select event_id, locale, title, venue, city from event_texts order by event_id, locale'
			)
			.all();
		expect(rows).toEqual([
			{ event_id: both, locale: 'en', title: 'Two languages', venue: 'Salle 1', city: 'Bruxelles' },
			{ event_id: both, locale: 'fr', title: 'Deux langues', venue: 'Salle 1', city: 'Bruxelles' },
			{ event_id: cityOnly, locale: 'en', title: 'English only', venue: '', city: 'Paris' },
			{ event_id: nowhere, locale: 'fr', title: 'Nulle part', venue: '', city: '' }
		]);
		const columns = (
			after.$client.prepare('pragma table_info(events)').all() as { name: string }[]
		).map((c) => c.name);
		expect(columns).not.toContain('venue');
		expect(columns).not.toContain('city');
		// The rest of the event is untouched, and it reads as before in both languages.
		const event = events.findById(after, both)!;
		expect(event).toMatchObject({ slug: 'both', country: 'BE', start: '2025-06-19' });
		expect(events.eventPlace(event, 'en')).toEqual({ venue: 'Salle 1', city: 'Bruxelles' });
		// The search index still answers for the texts the migration rewrote.
		const hits = after.$client
			.prepare("select rowid from search_index where search_index match 'languages'")
			.all();
		expect(hits).toEqual([{ rowid: both * 4 + 1 }]);
		after.$client.close();
	});

	it('lets a fresh database migrate and seed, each language with its own city', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const db = openDatabase(file, path.resolve('drizzle'));
		expect(seedDatabase(db, Date.parse('2025-05-01T00:00:00Z'))).toBe(true);
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		expect(ngi.texts.fr).toMatchObject({ city: 'Bruxelles', venue: '' });
		expect(ngi.texts.en).toMatchObject({ city: 'Brussels', venue: '' });
		const coop = events.findBySlug(db, 'autonomie-numerique-communs-2025')!;
		expect([coop.texts.fr?.city, coop.texts.en?.city]).toEqual(['Paris', 'Paris']);
		db.$client.close();
	});
});

const MIGRATION = '0006_canonical_time_zones';

describe(`migration ${MIGRATION}`, () => {
	it('rewrites every stored zone spelling to its one current name, and leaves the rest alone', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore(MIGRATION));
		const stored = [
			'US/Eastern',
			'Asia/Saigon',
			'europe/paris',
			'Asia/Calcutta',
			'America/Buenos_Aires',
			'Atlantic/Faeroe',
			'Europe/Kiev',
			'Etc/UTC',
			'Europe/Brussels',
			'Europe/Bratislava',
			'Mars/Olympus'
		];
		// Raw SQL: today's schema has columns (draft) this older database does not.
		const insert = before.$client.prepare(
			"insert into events (slug, uid, all_day, start, end, time_zone, starts_at, ends_at, version, sequence, created_at, updated_at) values (?, ?, 0, '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', ?, 1, 2, 3, 4, 0, 0)"
		);
		stored.forEach((timeZone, i) => insert.run(`e${i}`, `u${i}@test`, timeZone));
		before.$client.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		const rows = after.$client
			.prepare('select slug, time_zone, version, sequence, starts_at from events order by id')
			.all() as { time_zone: string; version: number; sequence: number; starts_at: number }[];
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
		expect(new Set(rows.map((r) => `${r.version} ${r.sequence} ${r.starts_at}`))).toEqual(
			new Set(['3 4 1'])
		);
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
		before.$client
			.prepare(
				"insert into event_texts (event_id, locale, title) select id, 'fr', slug from events"
			)
			.run();
		before.$client
			.prepare(
				"insert into revisions (entity, entity_id, version, action, snapshot, created_at) values ('event', 1, 1, 'create', '{}', 0)"
			)
			.run();
		const count = 2;
		before.$client.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		expect(after.$client.prepare('select count(*) n from events where draft = 0').get()).toEqual({
			n: count
		});
		expect(events.listUpcoming(after, 3_000).length + events.listPast(after, 3_000).length).toBe(
			count
		);
		expect(
			after.$client.prepare('select count(*) n from revisions where fields is not null').get()
		).toEqual({ n: 0 });
		after.$client.close();
	});
});

describe('migration 0008_accounts', () => {
	it('turns organisers into accounts, keeping ids, emails, hashes, roles, sessions and the authors of revisions', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore('0008_accounts'));
		const sqlite = before.$client;
		// Raw SQL, as the database was: ids with a gap, as after a row was lost.
		const insertOrganiser = sqlite.prepare(
			'insert into organisers (id, email, name, role, password_hash, disabled_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, 2)'
		);
		insertOrganiser.run(3, 'orga@example.org', 'Orga', 'organiser', '$argon2id$hash-of-orga', null);
		insertOrganiser.run(7, 'admin@example.org', 'Admin', 'admin', '$argon2id$hash-of-admin', null);
		insertOrganiser.run(8, 'gone@example.org', 'Gone', 'organiser', '$argon2id$hash-of-gone', 5);
		const now = Date.parse('2031-01-01T00:00:00Z');
		const tokens = { orga: 'token-of-orga', admin: 'token-of-admin' };
		const insertSession = sqlite.prepare(
			'insert into sessions (token_hash, organiser_id, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?)'
		);
		insertSession.run(hashToken(tokens.orga), 3, now - 1000, now - 1000, now + 60_000_000);
		insertSession.run(hashToken(tokens.admin), 7, now - 1000, now - 1000, now + 60_000_000);
		sqlite
			.prepare(
				"insert into events (id, slug, uid, all_day, start, end, time_zone, starts_at, ends_at, organiser, created_at, updated_at) values (1, 'atelier', 'u@test', 1, '2031-02-01', '2031-02-01', 'Europe/Paris', 1, 2, 'Coop des Communs', 0, 0)"
			)
			.run();
		sqlite
			.prepare("insert into event_texts (event_id, locale, title) values (1, 'fr', 'Atelier')")
			.run();
		const snapshot = JSON.stringify({
			slug: 'atelier',
			allDay: true,
			start: '2031-02-01',
			end: '2031-02-01',
			timeZone: 'Europe/Paris',
			country: null,
			organiser: 'Coop des Communs',
			texts: { fr: { title: 'Atelier' } }
		});
		const insertRevision = sqlite.prepare(
			"insert into revisions (id, entity, entity_id, version, organiser_id, action, fields, snapshot, created_at) values (?, 'event', 1, ?, ?, ?, ?, ?, ?)"
		);
		insertRevision.run(4, 1, 3, 'create', null, snapshot, 10);
		insertRevision.run(9, 2, 7, 'update', '["organiser"]', snapshot, 20);
		insertRevision.run(10, 3, null, 'update', null, snapshot, 30);
		const organisersBefore = sqlite.prepare('select * from organisers order by id').all();
		sqlite.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		const client = after.$client;
		const tables = (
			client.prepare("select name from sqlite_master where type = 'table'").all() as {
				name: string;
			}[]
		).map((t) => t.name);
		expect(tables).toContain('accounts');
		expect(tables).not.toContain('organisers');
		expect(tables.filter((t) => t.endsWith('_new'))).toEqual([]);
		// Same ids, emails, names, roles, hashes and dates.
		// (The columns of that time: 0009 added the language and the name key.)
		expect(
			client
				.prepare(
					'select id, email, name, role, password_hash, disabled_at, created_at, updated_at from accounts order by id'
				)
				.all()
		).toEqual(organisersBefore);
		// Both sessions still open, for the same accounts.
		expect(auth.validateSession(after, tokens.orga, now)).toMatchObject({
			id: 3,
			email: 'orga@example.org',
			role: 'organiser'
		});
		expect(auth.validateSession(after, tokens.admin, now)).toMatchObject({
			id: 7,
			email: 'admin@example.org',
			role: 'admin'
		});
		// Each revision keeps its author, and its ids.
		expect(
			revisions.listRevisions(after, 'event', 1).map((r) => [r.id, r.authorName, r.fields])
		).toEqual([
			[10, null, []],
			[9, 'Admin', ['host']],
			[4, 'Orga', []]
		]);
		// The event's free text is now its host, and an old snapshot reads as today's input.
		const event = events.findById(after, 1)!;
		expect(event.host).toBe('Coop des Communs');
		expect(events.fromSnapshot(JSON.parse(snapshot))).toMatchObject({ host: 'Coop des Communs' });
		expect(events.fromSnapshot(JSON.parse(snapshot))).not.toHaveProperty('organiser');
		// Foreign keys point at accounts: the database is consistent, and they act.
		expect(client.prepare('pragma foreign_key_check').all()).toEqual([]);
		const fks = (table: string) =>
			(
				client.prepare(`pragma foreign_key_list(${table})`).all() as {
					table: string;
					from: string;
				}[]
			).map((f) => `${f.from}->${f.table}`);
		expect(fks('sessions')).toEqual(['account_id->accounts']);
		expect(fks('revisions')).toEqual(['account_id->accounts']);
		// New accounts and revisions do not take an id already given.
		const added = await accounts.add(after, {
			email: 'new@example.org',
			name: 'New',
			password: 'une phrase de passe assez longue'
		});
		expect(added.id).toBe(9);
		expect(client.prepare('select role from accounts where id = 9').get()).toEqual({
			role: 'organiser'
		});
		// The role may now be a member's, and nothing else.
		expect(() =>
			client.prepare("update accounts set role = 'member' where id = 9").run()
		).not.toThrow();
		expect(() => client.prepare("update accounts set role = 'owner' where id = 9").run()).toThrow(
			/CHECK/
		);
		// Restoring a revision saved under the old name brings the host back.
		client.prepare('update events set host = null where id = 1').run();
		const restored = events.restoreRevision(after, 1, 4, {
			expectedVersion: events.findById(after, 1)!.version,
			actor: { id: 7, role: 'admin' }
		});
		expect(restored.event.host).toBe('Coop des Communs');
		expect(revisions.listRevisions(after, 'event', 1)[0]).toMatchObject({
			id: 11,
			authorName: 'Admin'
		});
		client.close();
	});
});

describe('migration 0009_members', () => {
	it('gives every account the French interface and a unique folded name key, even where two organisers share a name', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore('0009_members'));
		// Raw SQL: the accounts table as 0008 left it, with names that fold alike.
		const insert = before.$client.prepare(
			"insert into accounts (id, email, name, role, password_hash, created_at, updated_at) values (?, ?, ?, 'organiser', 'h', 1, 2)"
		);
		insert.run(2, 'elise@example.org', 'Élise Durand');
		insert.run(5, 'elise2@example.org', 'elise  DURAND');
		insert.run(6, 'paul@example.org', 'Paul');
		insert.run(9, 'elise3@example.org', 'ÉLISE DURAND');
		before.$client.close();

		const after = openDatabase(file, path.resolve('drizzle'));
		const client = after.$client;
		expect(
			client.prepare('select id, name, locale, name_key from accounts order by id').all()
		).toEqual([
			{ id: 2, name: 'Élise Durand', locale: 'fr', name_key: 'elise durand' },
			// Nobody is renamed: the oldest keeps the key, the others get it with their id.
			{ id: 5, name: 'elise  DURAND', locale: 'fr', name_key: 'elise durand #5' },
			{ id: 6, name: 'Paul', locale: 'fr', name_key: 'paul' },
			{ id: 9, name: 'ÉLISE DURAND', locale: 'fr', name_key: 'elise durand #9' }
		]);
		// The language is one of two, and a key belongs to one account.
		expect(() => client.prepare("update accounts set locale = 'de' where id = 6").run()).toThrow(
			/CHECK/
		);
		expect(() =>
			client.prepare("update accounts set name_key = 'paul' where id = 2").run()
		).toThrow(/UNIQUE/);
		// Nobody new can take the shared name, in any spelling; the other names stay free.
		await expect(
			accounts.signUp(after, {
				email: 'new@example.org',
				name: 'Elise Durand',
				password: 'une phrase de passe assez longue',
				locale: 'en'
			})
		).rejects.toMatchObject({ problems: [{ field: 'name', code: 'taken' }] });
		const joined = await accounts.signUp(after, {
			email: 'new@example.org',
			name: 'Élise Martin',
			password: 'une phrase de passe assez longue',
			locale: 'en'
		});
		expect(joined).toMatchObject({ id: 10, role: 'member', locale: 'en', name: 'Élise Martin' });
		// Opening again finds nothing left to fill.
		client.close();
		const again = openDatabase(file, path.resolve('drizzle'));
		expect(
			again.$client.prepare('select count(*) n from accounts where name_key is null').get()
		).toEqual({ n: 0 });
		again.$client.close();
	});
});
