import { describe, expect, it } from 'vitest';
import * as events from '../events';
import * as posts from '../posts';
import { memoryDb } from '../../testing/db';
import { seedDatabase } from './index';

describe('seedDatabase', () => {
	it('gives a new database the first content, once', () => {
		const db = memoryDb();
		expect(seedDatabase(db)).toBe(true);
		expect(seedDatabase(db)).toBe(false);
		expect(events.listAll(db).map((e) => e.slug)).toEqual([
			'ngi-forum-2025',
			'autonomie-numerique-communs-2025'
		]);
		expect(posts.list(db)).toHaveLength(3);

		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		expect(ngi).toMatchObject({
			allDay: true,
			start: '2025-06-19',
			end: '2025-06-20',
			timeZone: 'Europe/Brussels'
		});
		expect(Object.keys(ngi.texts).sort()).toEqual(['en', 'fr']);
		const recaps = posts.listRecapsByEvent(db, [ngi.id]).get(ngi.id) ?? [];
		expect(recaps.map((p) => p.slug)).toEqual(['retour-ngi-forum-2025']);
		expect(Object.keys(recaps[0]!.texts).sort()).toEqual(['en', 'fr']);

		const coop = events.findBySlug(db, 'autonomie-numerique-communs-2025')!;
		expect(coop).toMatchObject({
			allDay: true,
			start: '2025-07-01',
			end: '2025-07-01',
			timeZone: 'Europe/Paris'
		});
		expect(posts.listRecapsByEvent(db, [coop.id]).get(coop.id)).toBeUndefined();
	});
});
