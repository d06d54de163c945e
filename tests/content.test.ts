import path from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import * as events from '../src/lib/server/content/events';
import * as posts from '../src/lib/server/content/posts';
import { getPage, get, textOf } from './helpers/http';
import { ROOT } from './helpers/server';

// Writes go straight to the running server's SQLite file (WAL allows a second writer).
const db = openDatabase(inject('databasePath'), path.join(ROOT, 'drizzle'));
afterAll(() => db.$client.close());

describe('content in one language only', () => {
	it('falls back to the other language with a note and a lang attribute', async () => {
		posts.create(db, {
			slug: 'seulement-en-francais',
			kind: 'article',
			texts: { fr: { title: 'Seulement en français', body: 'Un texte **français**.' } }
		});
		const { doc } = await getPage('/en/posts/seulement-en-francais');
		expect(textOf(doc.querySelector('.fallback-note'))).toBe(
			'This content is only available in French.'
		);
		expect(doc.querySelector('h1')!.getAttribute('lang')).toBe('fr');
		expect(doc.querySelector('.prose')!.getAttribute('lang')).toBe('fr');
		expect(doc.querySelector('html')!.getAttribute('lang')).toBe('en');

		const list = await getPage('/en/posts');
		const card = list.doc
			.querySelectorAll('.post-card')
			.find((c) => textOf(c).includes('Seulement en français'))!;
		expect(card.querySelector('h2')!.getAttribute('lang')).toBe('fr');
	});

	it('shows an English-only event to French readers, and a cancelled one as cancelled everywhere', async () => {
		const created = events.create(db, {
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
		const card = upcoming
			.querySelectorAll('.event-card')
			.find((c) => textOf(c).includes('Commons Camp'))!;
		expect(card.querySelector('h3')!.getAttribute('lang')).toBe('en');
		// A timed event names its zone, in the reader's language.
		expect(textOf(card.querySelector('.dates'))).toContain('10:00');
		expect(textOf(card.querySelector('.dates'))).toContain('heure normale d’Europe centrale');

		page = await getPage('/fr/events/commons-camp-2099');
		expect(textOf(page.doc.querySelector('.fallback-note'))).toBe(
			'Ce contenu n’existe qu’en anglais.'
		);
		// Scheduled: the web calendars are offered, and no banner.
		const hosts = (doc: typeof page.doc) =>
			doc
				.querySelectorAll('.add-to-calendar a')
				.map((a) => new URL(a.getAttribute('href')!, 'https://hub.example').host);
		expect(hosts(page.doc)).toEqual(expect.arrayContaining(['calendar.google.com']));
		expect(page.doc.querySelector('.cancelled-banner')).toBeNull();

		events.changeState(db, created.id, 'cancel');
		for (const [lang, said, title] of [
			['en', 'This event is cancelled.', 'Update my calendar'],
			['fr', 'Cet événement est annulé.', 'Mettre à jour mon agenda']
		] as const) {
			page = await getPage(`/${lang}/events/commons-camp-2099`);
			// The banner opens the article, before the title.
			const article = page.doc.querySelector('article.event')!;
			const first = article.childNodes.find((n) => n.nodeType === 1) as typeof article;
			expect(first.classList.contains('cancelled-banner')).toBe(true);
			expect(textOf(first.querySelector('strong'))).toBe(said);
			// Only what tells a calendar of the cancellation: the updated file and the subscription.
			const block = page.doc.querySelector('.add-to-calendar')!;
			expect(textOf(block.querySelector('h2'))).toBe(title);
			const links = block.querySelectorAll('a').map((a) => a.getAttribute('href')!);
			expect(links).toEqual([
				`/${lang}/events/commons-camp-2099.ics`,
				expect.stringMatching(new RegExp(`^webcal://.*/${lang}/calendar\\.ics$`))
			]);
			expect(textOf(block.querySelector('.hint'))).toMatch(
				lang === 'en'
					? /Google Calendar and Outlook\.com links are not offered/
					: /liens Google Agenda et Outlook\.com ne sont pas proposés/
			);
		}
		const ics = await (await get('/en/events/commons-camp-2099.ics')).text();
		expect(ics).toContain('STATUS:CANCELLED');
		expect(ics).toContain('SEQUENCE:1');
		expect(await (await get('/en/calendar.ics')).text()).toContain('STATUS:CANCELLED');
	});
});
