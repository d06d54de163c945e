import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from '../db';
import { seedDatabase } from '../content/seed';

/*
 * A hub with years of content, for the benchmark and the query-plan test: events and posts in
 * both languages, a fair share of them past, cancelled, or missing one translation. Rows go in
 * with plain SQL in one transaction (the triggers still keep the search index and the data
 * version); the modules' own checks are tested elsewhere and would take minutes here.
 */

const DAY = 86_400_000;
const CITIES = [
	['Paris', 'FR'],
	['Bruxelles', 'BE'],
	['Lyon', 'FR'],
	['Liège', 'BE'],
	['Montréal', 'CA'],
	['Genève', 'CH'],
	['Nantes', 'FR'],
	['Lille', 'FR']
] as const;
const WORDS = [
	'communs',
	'numérique',
	'coopérative',
	'souveraineté',
	'données',
	'logiciel libre',
	'économie sociale',
	'territoires',
	'formation',
	'plaidoyer'
];

function pick<T>(list: readonly T[], i: number): T {
	return list[i % list.length]!;
}

function paragraph(i: number): string {
	return Array.from({ length: 40 }, (_, k) => pick(WORDS, i * 7 + k * 3)).join(' ') + '.';
}

export function makeBigDatabase(
	file: string,
	counts = { events: 10_000, posts: 50_000 },
	now = Date.now()
): Db {
	const db = openDatabase(file, path.resolve('drizzle'));
	seedDatabase(db, now);
	const sqlite = db.$client;
	const insertEvent = sqlite.prepare(
		`insert into events (slug, uid, all_day, start, end, time_zone, starts_at, ends_at, country, host, status, sequence, version, created_at, updated_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?)`
	);
	const insertEventText = sqlite.prepare(
		'insert into event_texts (event_id, locale, title, summary, description, venue, city) values (?, ?, ?, ?, ?, ?, ?)'
	);
	const insertPost = sqlite.prepare(
		`insert into posts (slug, kind, event_id, published_on, media_url, status, version, created_at, updated_at)
		 values (?, ?, ?, ?, null, ?, 1, ?, ?)`
	);
	const insertPostText = sqlite.prepare(
		'insert into post_texts (post_id, locale, title, body) values (?, ?, ?, ?)'
	);

	sqlite.transaction(() => {
		const eventIds: number[] = [];
		for (let i = 0; i < counts.events; i++) {
			// Three in four events are past, spread over the last ten years; the rest to come.
			const offsetDays = i % 4 === 0 ? (i % 365) + 1 : -((i * 37) % 3650) - 1;
			const startsAt = now + offsetDays * DAY;
			const allDay = i % 3 !== 0;
			const day = new Date(startsAt).toISOString().slice(0, 10);
			const [city, country] = pick(CITIES, i);
			const { lastInsertRowid } = insertEvent.run(
				`evenement-${i}`,
				`${randomUUID()}@rencontres`,
				allDay ? 1 : 0,
				allDay ? day : new Date(startsAt).toISOString(),
				allDay ? day : new Date(startsAt + 3 * 3_600_000).toISOString(),
				'Europe/Paris',
				startsAt,
				allDay ? startsAt + DAY : startsAt + 3 * 3_600_000,
				country,
				'Coop des Communs',
				i % 10 === 0 ? 'cancelled' : 'scheduled',
				now,
				now
			);
			const id = Number(lastInsertRowid);
			const venue = i % 5 === 0 ? `Salle ${i % 17}` : '';
			eventIds.push(id);
			insertEventText.run(
				id,
				'fr',
				`Rencontre ${pick(WORDS, i)} n° ${i}`,
				`Une journée sur ${pick(WORDS, i + 1)}.`,
				paragraph(i),
				venue,
				city
			);
			// One in six has no English text.
			if (i % 6 !== 0)
				insertEventText.run(
					id,
					'en',
					`Meeting on ${pick(WORDS, i)} #${i}`,
					`A day on ${pick(WORDS, i + 1)}.`,
					paragraph(i + 1),
					venue,
					city
				);
		}
		for (let i = 0; i < counts.posts; i++) {
			const recap = i % 2 === 0;
			const date = new Date(now - ((i * 13) % 3650) * DAY).toISOString().slice(0, 10);
			const { lastInsertRowid } = insertPost.run(
				`publication-${i}`,
				recap ? 'recap' : i % 3 === 0 ? 'podcast' : 'article',
				recap ? pick(eventIds, i * 7) : null,
				i % 9 === 0 ? null : date,
				i % 25 === 0 ? 'draft' : 'published',
				now,
				now
			);
			const id = Number(lastInsertRowid);
			insertPostText.run(
				id,
				'fr',
				`Publication ${pick(WORDS, i)} ${i}`,
				`${paragraph(i)}\n\n${paragraph(i + 2)}`
			);
			if (i % 5 !== 0)
				insertPostText.run(
					id,
					'en',
					`Post about ${pick(WORDS, i)} ${i}`,
					`${paragraph(i + 3)}\n\n${paragraph(i + 4)}`
				);
		}
	})();
	sqlite.pragma('optimize');
	return db;
}
