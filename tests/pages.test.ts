import { describe, expect, it } from 'vitest';
import { base, get, getPage, textOf } from './helpers/http';

describe('the root chooses a language', () => {
	it('redirects to French by default', async () => {
		const response = await get('/');
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe('/fr/');
		expect(response.headers.get('vary')).toMatch(/Accept-Language/);
	});

	it('follows Accept-Language, and a remembered cookie over it', async () => {
		expect((await get('/', { 'accept-language': 'en-GB,en;q=0.9' })).headers.get('location')).toBe(
			'/en/'
		);
		expect((await get('/', { 'accept-language': 'de,fr;q=0.5' })).headers.get('location')).toBe(
			'/fr/'
		);
		expect(
			(await get('/', { 'accept-language': 'fr', cookie: 'lang=en' })).headers.get('location')
		).toBe('/en/');
		expect(
			(await get('/', { 'accept-language': 'en', cookie: 'lang=fr' })).headers.get('location')
		).toBe('/fr/');
	});

	it('remembers the language a reader chooses with the switcher, and sets no cookie on pages', async () => {
		expect((await get('/en/')).headers.get('set-cookie')).toBeNull();
		const { doc } = await getPage('/fr/events/ngi-forum-2025?x=1');
		const link = doc.querySelector('nav.languages a[hreflang=en]')!.getAttribute('href')!;
		const choice = await get(link);
		expect(choice.status).toBe(303);
		expect(choice.headers.get('location')).toBe('/en/events/ngi-forum-2025?x=1');
		expect(choice.headers.get('set-cookie')).toMatch(
			/^lang=en; Max-Age=\d+; Path=\/; SameSite=Lax/
		);
		expect((await get('/', { cookie: 'lang=en' })).headers.get('location')).toBe('/en/');
	});

	it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'x', '/a\u0000b'])(
		'refuses to switch to anything but a path of this site: %s',
		async (path) => {
			const response = await get(`/en/language?${new URLSearchParams({ path })}`);
			expect(response.status).toBe(400);
			expect(response.headers.get('location')).toBeNull();
			expect(await response.text()).toContain('<html lang="en">');
		}
	);

	it('sends an address without a language to the same page in the reader language', async () => {
		const response = await get('/events/ngi-forum-2025', { 'accept-language': 'en' });
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe('/en/events/ngi-forum-2025');
	});
});

describe('home page', () => {
	it.each([
		['fr', 'Passés', '19–20 juin 2025', 'Bruxelles, Belgique', '1 juillet 2025', 'Paris, France'],
		['en', 'Past events', '19 – 20 June 2025', 'Brussels, Belgium', '1 July 2025', 'Paris, France']
	])(
		'lists the past events latest first, with dates and places in %s',
		async (lang, pastTitle, ngiDates, ngiPlace, coopDates, coopPlace) => {
			const { response, doc } = await getPage(`/${lang}/`);
			expect(response.status).toBe(200);
			expect(doc.querySelector('html')!.getAttribute('lang')).toBe(lang);
			const past = doc.querySelector('section[aria-labelledby=past]')!;
			expect(textOf(past.querySelector('h2'))).toBe(pastTitle);
			const cards = past.querySelectorAll('.event-card');
			expect(cards.map((c) => c.querySelector('h3 a')!.getAttribute('href'))).toEqual([
				`/${lang}/events/autonomie-numerique-communs-2025`,
				`/${lang}/events/ngi-forum-2025`
			]);
			expect(textOf(cards[0]!.querySelector('.dates'))).toBe(coopDates);
			expect(textOf(cards[0]!.querySelector('.place'))).toBe(coopPlace);
			expect(textOf(cards[1]!.querySelector('.dates')).replace(/ ?– ?/, '–')).toBe(
				ngiDates.replace(/ ?– ?/, '–')
			);
			expect(textOf(cards[1]!.querySelector('.place'))).toBe(ngiPlace);
			// The NGI Forum links to its recap; the Coop des Communs day has none yet.
			expect(cards[1]!.querySelectorAll('.recaps a').map((a) => a.getAttribute('href'))).toEqual([
				`/${lang}/posts/retour-ngi-forum-2025`
			]);
			expect(cards[0]!.querySelector('.recaps')).toBeNull();
		}
	);

	it('sends no script to readers', async () => {
		const { doc } = await getPage('/fr/');
		expect(doc.querySelectorAll('script')).toHaveLength(0);
	});
});

describe('language alternates and switcher', () => {
	it.each(['/fr/events/ngi-forum-2025', '/en/posts/retour-ngi-forum-2025', '/en/', '/fr/posts'])(
		'%s links to itself in both languages',
		async (path) => {
			const { doc } = await getPage(path);
			const bare = path.replace(/^\/(fr|en)/, '');
			const alternates = Object.fromEntries(
				doc
					.querySelectorAll('link[rel=alternate][hreflang]')
					.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')])
			);
			const origin = new URL(base()).origin;
			expect(alternates).toEqual({
				fr: `${origin}/fr${bare}`,
				en: `${origin}/en${bare}`,
				'x-default': `${origin}${bare}`
			});
			// Each switcher link goes through the switch (which remembers the choice) to this page.
			const switcher = doc.querySelectorAll('nav.languages a');
			expect(
				switcher.map((a) => [a.getAttribute('hreflang'), a.getAttribute('lang'), textOf(a)])
			).toEqual([
				['fr', 'fr', 'Français'],
				['en', 'en', 'English']
			]);
			for (const [index, locale] of (['fr', 'en'] as const).entries()) {
				const choice = await get(switcher[index]!.getAttribute('href')!);
				expect(choice.status).toBe(303);
				expect(choice.headers.get('location')).toBe(`/${locale}${bare || '/'}`);
			}
		}
	);
});

describe('event page', () => {
	it('shows the event, its recap and an add-to-calendar block', async () => {
		const { response, doc } = await getPage('/en/events/ngi-forum-2025');
		expect(response.status).toBe(200);
		expect(textOf(doc.querySelector('h1'))).toBe('Next Generation Internet Forum 2025');
		expect(textOf(doc.querySelector('.facts dd'))).toBe('Thursday 19 June – Friday 20 June 2025');
		expect(doc.querySelectorAll('.recap-list a').map((a) => a.getAttribute('href'))).toEqual([
			'/en/posts/retour-ngi-forum-2025'
		]);
		const links = doc.querySelectorAll('.add-to-calendar a').map((a) => a.getAttribute('href')!);
		expect(links[0]).toBe('/en/events/ngi-forum-2025.ics');
		expect(new URL(links[1]!).searchParams.get('dates')).toBe('20250619/20250621');
		expect(new URL(links[2]!).searchParams.get('enddt')).toBe('2025-06-21');
		expect(links[3]).toBe(`webcal://${new URL(base()).host}/en/calendar.ics`);
	});

	it('says when an event has no recap yet', async () => {
		const { doc } = await getPage('/fr/events/autonomie-numerique-communs-2025');
		expect(textOf(doc.querySelector('h1'))).toBe(
			'Pour une autonomie numérique fondée sur les communs'
		);
		expect(textOf(doc.querySelector('.facts dd'))).toBe('mardi 1 juillet 2025');
		expect(textOf(doc.querySelector('section[aria-labelledby=recaps] .empty'))).toBe(
			'Pas encore de compte rendu pour cet événement.'
		);
	});
});

describe('posts', () => {
	it('lists every post with its kind', async () => {
		const { doc } = await getPage('/fr/posts');
		// Other test files may add posts to the shared database: look at the seeded ones.
		const seeded = /retour-ngi|parlez-moi|ethique-et-performance/;
		const cards = doc
			.querySelectorAll('.post-card')
			.filter((c) => seeded.test(c.querySelector('h2 a')!.getAttribute('href')!));
		// None of the seeded posts has a publication date: newest added first.
		expect(cards.map((c) => c.querySelector('h2 a')!.getAttribute('href'))).toEqual([
			'/fr/posts/ethique-et-performance-chatgpt',
			'/fr/posts/parlez-moi-d-ia-jeanne-bretecher',
			'/fr/posts/retour-ngi-forum-2025'
		]);
		expect(cards.map((c) => textOf(c.querySelector('.kind')))).toEqual([
			'Article',
			'Podcast',
			'Compte rendu'
		]);
	});

	it('links a recap back to its event, in each language', async () => {
		for (const lang of ['fr', 'en']) {
			const { doc } = await getPage(`/${lang}/posts/retour-ngi-forum-2025`);
			expect(doc.querySelector('.about a')!.getAttribute('href')).toBe(
				`/${lang}/events/ngi-forum-2025`
			);
			expect(doc.querySelector('.fallback-note')).toBeNull();
			expect(doc.querySelector('.prose')!.getAttribute('lang')).toBe(lang);
		}
	});
});

describe('unknown addresses', () => {
	it.each([
		['/fr/events/nexiste-pas', 'Page introuvable'],
		['/en/events/does-not-exist', 'Page not found'],
		['/en/posts/does-not-exist', 'Page not found'],
		['/fr/pas-de-page-ici', 'Page introuvable']
	])('%s is a 404 in the reader language', async (path, title) => {
		const { response, doc } = await getPage(path);
		expect(response.status).toBe(404);
		expect(doc.querySelector('html')!.getAttribute('lang')).toBe(path.slice(1, 3));
		expect(textOf(doc.querySelector('h1'))).toBe(title);
	});

	it('answers 404 for the .ics of an unknown event', async () => {
		const response = await get('/en/events/does-not-exist.ics');
		expect(response.status).toBe(404);
		expect(await response.text()).toBe('No event at this address.');
	});
});
