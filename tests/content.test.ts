import path from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import * as events from '../src/lib/server/events';
import * as posts from '../src/lib/server/posts';
import { getPage, get, textOf } from './helpers/http';
import { ROOT } from './helpers/server';

// Writes go straight to the running server's SQLite file (WAL allows a second writer).
const db = openDatabase(inject('databasePath'), path.join(ROOT, 'drizzle'));
afterAll(() => db.$client.close());

describe('content in one language only', () => {
	it('falls back to the other language with a note and a lang attribute', async () => {
		posts.createPost(db, {
			slug: 'seulement-en-francais',
			kind: 'article',
			texts: { fr: { title: 'Seulement en français', body: 'Un texte **français**.' } }
		});
		const { doc } = await getPage('/en/posts/seulement-en-francais');
		expect(textOf(doc.querySelector('.fallback-note'))).toBe('This content is only available in French.');
		expect(doc.querySelector('h1')!.getAttribute('lang')).toBe('fr');
		expect(doc.querySelector('.prose')!.getAttribute('lang')).toBe('fr');
		expect(doc.querySelector('html')!.getAttribute('lang')).toBe('en');

		const list = await getPage('/en/posts');
		const card = list.doc.querySelectorAll('.post-card').find((c) => textOf(c).includes('Seulement en français'))!;
		expect(card.querySelector('h2')!.getAttribute('lang')).toBe('fr');
	});

	it('shows an English-only event to French readers, and a cancelled one as cancelled everywhere', async () => {
		const created = events.createEvent(db, {
			slug: 'commons-camp-2099',
			allDay: false,
			start: '2099-03-28T09:00:00.000Z',
			end: '2099-03-28T16:00:00.000Z',
			timeZone: 'Europe/Brussels',
			country: 'BE',
			texts: { en: { title: 'Commons Camp', summary: 'A day of workshops.', city: 'Gent' } }
		});
		let page = await getPage('/fr/');
		const upcoming = page.doc.querySelector('section[aria-labelledby=upcoming]')!;
		const card = upcoming.querySelectorAll('.event-card').find((c) => textOf(c).includes('Commons Camp'))!;
		expect(card.querySelector('h3')!.getAttribute('lang')).toBe('en');
		// A timed event names its zone, in the reader's language.
		expect(textOf(card.querySelector('.dates'))).toContain('10:00');
		expect(textOf(card.querySelector('.dates'))).toContain('heure normale d’Europe centrale');

		page = await getPage('/fr/events/commons-camp-2099');
		expect(textOf(page.doc.querySelector('.fallback-note'))).toBe('Ce contenu n’existe qu’en anglais.');

		events.updateEvent(db, created.id, { ...events.toInput(created), status: 'cancelled' });
		page = await getPage('/en/events/commons-camp-2099');
		expect(textOf(page.doc.querySelector('.notice'))).toBe('This event is cancelled.');
		const ics = await (await get('/en/events/commons-camp-2099.ics')).text();
		expect(ics).toContain('STATUS:CANCELLED');
		expect(ics).toContain('SEQUENCE:1');
		expect(await (await get('/en/calendar.ics')).text()).toContain('STATUS:CANCELLED');
	});
});
