import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import { memoryDb } from '../testing/db';
import { homePage, rememberedFor } from './reader';

describe('reader pages remembered per content state', () => {
	it('assembles a page once per state and key, and again when the state moves', () => {
		let made = 0;
		const make = () => ({ n: ++made });
		const first = rememberedFor('state-1', 'home|fr|1', make);
		expect(rememberedFor('state-1', 'home|fr|1', make)).toBe(first);
		expect(rememberedFor('state-1', 'home|en|1', make)).not.toBe(first);
		expect(made).toBe(2);
		const next = rememberedFor('state-2', 'home|fr|1', make);
		expect(next).not.toBe(first);
		expect(next.n).toBe(3);
	});

	it('never remembers nothing: unknown addresses are asked again and push nothing out', () => {
		let asked = 0;
		const missing = () => (asked++, null);
		expect(rememberedFor('state-3', 'event|fr|nope', missing)).toBeNull();
		expect(rememberedFor('state-3', 'event|fr|nope', missing)).toBeNull();
		expect(asked).toBe(2);
	});

	it('holds a bounded number of pages, however many addresses are asked', () => {
		let made = 0;
		for (let i = 0; i < 1000; i++)
			rememberedFor('state-4', `post|fr|p${i}`, () => ({ i, n: ++made }));
		// The latest are still there; the earliest were let go.
		expect(rememberedFor('state-4', 'post|fr|p999', () => ({ i: -1, n: ++made })).i).toBe(999);
		expect(rememberedFor('state-4', 'post|fr|p0', () => ({ i: -1, n: ++made })).i).toBe(-1);
	});

	it('gives the same page as assembling it afresh', () => {
		const db = memoryDb();
		const now = Date.parse('2026-06-01T00:00:00Z');
		events.create(
			db,
			{
				allDay: true,
				start: '2026-06-10',
				end: '2026-06-10',
				timeZone: 'Europe/Paris',
				country: 'FR',
				host: null,
				texts: { fr: { title: 'Atelier', summary: 'Un atelier', description: '' } }
			},
			{ now }
		);
		const remembered = rememberedFor('state-5', 'home|fr|1', () => homePage(db, 'fr', 1, now));
		expect(remembered).toEqual(homePage(db, 'fr', 1, now));
		expect(remembered.upcoming.map((e) => e.title)).toEqual(['Atelier']);
	});
});
