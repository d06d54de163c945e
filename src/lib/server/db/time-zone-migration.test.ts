import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './index';
import * as schema from './schema';

const MIGRATION = '0005_canonical_time_zones';

/** The committed migrations up to, not including, `tag`: the database as the code before it made it. */
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

describe(`migration ${MIGRATION}`, () => {
	it('rewrites every stored zone spelling to its one current name, and leaves the rest alone', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-db-')), 'hub.db');
		const before = openDatabase(file, migrationsBefore(MIGRATION));
		const stored = ['US/Eastern', 'Asia/Saigon', 'europe/paris', 'Asia/Calcutta', 'America/Buenos_Aires', 'Atlantic/Faeroe', 'Europe/Kiev', 'Etc/UTC', 'Europe/Brussels', 'Europe/Bratislava', 'Mars/Olympus'];
		stored.forEach((timeZone, i) =>
			before
				.insert(schema.events)
				.values({ slug: `e${i}`, uid: `u${i}@test`, allDay: false, start: '2026-01-01T10:00:00.000Z', end: '2026-01-01T11:00:00.000Z', timeZone, startsAt: 1, endsAt: 2, version: 3, sequence: 4, createdAt: 0, updatedAt: 0 })
				.run()
		);
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
