import { describe, expect, it } from 'vitest';
import * as events from './events';
import * as slugs from './slugs';
import { memoryDb } from '../testing/db';

describe('slugs', () => {
	it('come from titles, without accents or punctuation', () => {
		expect(slugs.slugify('Pour une autonomie numérique fondée sur les communs')).toBe(
			'pour-une-autonomie-numerique-fondee-sur-les-communs'
		);
		expect(slugs.slugify('« Parlez-moi d’IA » !')).toBe('parlez-moi-dia');
		expect(slugs.slugify('Éthique & performance : ChatGPT')).toBe('ethique-performance-chatgpt');
		expect(slugs.slugify('   ')).toBe('');
		expect(slugs.slugify('a'.repeat(200))).toHaveLength(80);
	});

	it('are unique: a number is added when taken', () => {
		const taken = new Set(['forum', 'forum-2']);
		expect(slugs.uniqueSlug('forum', (s) => taken.has(s))).toBe('forum-3');
		expect(slugs.uniqueSlug('', () => false)).toBe('sans-titre');
	});

	it('remember the old slug of a renamed event, and let a new event take it back', () => {
		const db = memoryDb();
		const input: events.EventInput = {
			allDay: true,
			start: '2026-01-10',
			end: '2026-01-10',
			timeZone: 'Europe/Paris',
			texts: { fr: { title: 'Journée des communs' } }
		};
		const first = events.create(db, input);
		expect(first.slug).toBe('journee-des-communs');
		expect(events.create(db, input).slug).toBe('journee-des-communs-2');

		events.update(db, first.id, { ...events.toInput(first), slug: 'journee-des-communs-paris' });
		expect(events.findMoved(db, 'journee-des-communs')).toBe('journee-des-communs-paris');
		// The freed slug can be used again; it then no longer redirects.
		const reuse = events.create(db, { ...input, slug: 'journee-des-communs' });
		expect(reuse.slug).toBe('journee-des-communs');
		expect(events.findMoved(db, 'journee-des-communs')).toBeNull();
	});
});
