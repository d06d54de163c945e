import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { base, get, getPage, textOf } from './helpers/http';

describe('search page', () => {
	it('finds « numerique » in « numérique », ranked, highlighted, reader language first', async () => {
		const { response, doc } = await getPage('/fr/search?q=numerique');
		expect(response.status).toBe(200);
		const hits = doc.querySelectorAll('.search-results li');
		expect(hits.length).toBeGreaterThan(0);
		expect(hits.every((li) => li.getAttribute('lang') === 'fr')).toBe(true);
		expect(hits.map((li) => li.querySelector('a')!.getAttribute('href'))).toContain(
			'/fr/events/autonomie-numerique-communs-2025'
		);
		expect(hits[0]!.querySelectorAll('mark').length).toBeGreaterThan(0);
	});

	it('matches prefixes in English', async () => {
		const { doc } = await getPage('/en/search?q=sovereign');
		const links = doc.querySelectorAll('.search-results a').map((a) => a.getAttribute('href'));
		expect(links).toContain('/en/events/ngi-forum-2025');
	});

	it.each([
		'"',
		'"unbalanced',
		'AND OR NOT',
		'NEAR(communs numérique, 2)',
		'title:forum',
		'*',
		'-communs',
		'(((',
		'%00',
		'x'.repeat(2000),
		'🙂',
		"l'autonomie"
	])('answers %j with results or a message, never a 500', async (q) => {
		const response = await get(`/en/search?q=${encodeURIComponent(q)}`);
		expect(response.status).toBe(200);
		const doc = parse(await response.text());
		const answered =
			doc.querySelector('.search-results') ||
			doc.querySelector('.empty') ||
			doc.querySelector('.form-error') ||
			doc.querySelector('[role=status]');
		expect(answered).not.toBeNull();
	});

	it('says when a query is too long', async () => {
		const { doc } = await getPage(`/en/search?q=${'a'.repeat(2000)}`);
		expect(textOf(doc.querySelector('.form-error'))).toBe(
			'Your search is too long: 200 characters at most.'
		);
	});
});

describe('Atom feeds', () => {
	it.each(['fr', 'en'])('lists posts in %s, and a recap links to its event', async (lang) => {
		const response = await get(`/${lang}/posts.atom`);
		expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		const feed = parse(await response.text(), { lowerCaseTagName: false });
		expect(feed.querySelector('feed')!.getAttribute('xml:lang')).toBe(lang);
		const entries = feed.querySelectorAll('entry');
		expect(entries.length).toBeGreaterThanOrEqual(3);
		const recap = entries.find((e) =>
			e
				.querySelector('link[rel=alternate]')!
				.getAttribute('href')!
				.endsWith(`/${lang}/posts/retour-ngi-forum-2025`)
		)!;
		expect(recap.querySelector('link[rel=related]')!.getAttribute('href')).toBe(
			`${base()}/${lang}/events/ngi-forum-2025`
		);
		expect(recap.querySelector('category')!.getAttribute('term')).toBe('recap');
		expect(Number.isNaN(Date.parse(textOf(recap.querySelector('updated'))))).toBe(false);
	});

	it('is announced on every page', async () => {
		for (const path of ['/fr/', '/en/events/ngi-forum-2025', '/en/posts']) {
			const { doc } = await getPage(path);
			const link = doc.querySelector('link[rel=alternate][type="application/atom+xml"]')!;
			expect(link.getAttribute('href')).toBe(`/${path.slice(1, 3)}/posts.atom`);
		}
	});
});

describe('structured data', () => {
	function jsonLd(doc: ReturnType<typeof parse>) {
		return JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent);
	}

	it('describes events with their dates, status, place, organiser and language', async () => {
		const { doc } = await getPage('/en/events/ngi-forum-2025');
		expect(jsonLd(doc)).toMatchObject({
			'@context': 'https://schema.org',
			'@type': 'Event',
			name: 'Next Generation Internet Forum 2025',
			startDate: '2025-06-19',
			endDate: '2025-06-20',
			eventStatus: 'https://schema.org/EventScheduled',
			inLanguage: 'en',
			url: `${base()}/en/events/ngi-forum-2025`,
			location: {
				'@type': 'Place',
				address: { addressLocality: 'Brussels', addressCountry: 'BE' }
			},
			organizer: { '@type': 'Organization', name: 'Next Generation Internet (NGI)' }
		});
		expect(doc.querySelector('meta[property="og:title"]')!.getAttribute('content')).toBe(
			'Next Generation Internet Forum 2025'
		);
		expect(doc.querySelector('meta[property="og:locale"]')!.getAttribute('content')).toBe('en_GB');
		expect(doc.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary');
		expect(doc.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(
			`${base()}/en/events/ngi-forum-2025`
		);
	});

	it('describes posts as articles about their event', async () => {
		const { doc } = await getPage('/fr/posts/retour-ngi-forum-2025');
		expect(jsonLd(doc)).toMatchObject({
			'@type': 'Article',
			headline: 'NGI Forum 2025 : ce que nous retenons de Bruxelles',
			inLanguage: 'fr',
			about: { '@type': 'Event', url: `${base()}/fr/events/ngi-forum-2025` }
		});
		expect(doc.querySelector('meta[property="og:type"]')!.getAttribute('content')).toBe('article');
	});
});

describe('sitemap and robots', () => {
	it('is an index of parts, and the parts list every page in both languages with its alternates', async () => {
		const index = await get('/sitemap.xml');
		expect(index.status).toBe(200);
		const parts = parse(await index.text(), { lowerCaseTagName: false })
			.querySelectorAll('sitemap loc')
			.map((loc) => textOf(loc));
		expect(parts).toEqual([
			`${base()}/sitemap-pages-1.xml`,
			`${base()}/sitemap-events-1.xml`,
			`${base()}/sitemap-posts-1.xml`
		]);
		const urls = [];
		for (const part of parts) {
			const response = await fetch(part);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
			urls.push(
				...parse(await response.text(), { lowerCaseTagName: false }).querySelectorAll('url')
			);
		}
		const locs = urls.map((u) => textOf(u.querySelector('loc')));
		for (const path of [
			'/',
			'/posts',
			'/events/ngi-forum-2025',
			'/events/autonomie-numerique-communs-2025',
			'/posts/retour-ngi-forum-2025'
		]) {
			expect(locs).toContain(`${base()}/fr${path}`);
			expect(locs).toContain(`${base()}/en${path}`);
		}
		const ngi = urls.find(
			(u) => textOf(u.querySelector('loc')) === `${base()}/en/events/ngi-forum-2025`
		)!;
		const alternates = Object.fromEntries(
			ngi
				.getElementsByTagName('xhtml:link')
				.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')])
		);
		expect(alternates).toEqual({
			fr: `${base()}/fr/events/ngi-forum-2025`,
			en: `${base()}/en/events/ngi-forum-2025`,
			'x-default': `${base()}/events/ngi-forum-2025`
		});
	});

	it('answers 404 for a part that does not exist', async () => {
		for (const path of [
			'/sitemap-events-2.xml',
			'/sitemap-events-0.xml',
			'/sitemap-posts-99999999.xml',
			'/sitemap-drafts-1.xml'
		]) {
			expect((await get(path)).status, path).toBe(404);
		}
	});

	it('points robots to the sitemap', async () => {
		const text = await (await get('/robots.txt')).text();
		expect(text).toContain(`Sitemap: ${base()}/sitemap.xml`);
		const closed = text
			.split('\n')
			.filter((line) => line.startsWith('Disallow: '))
			.map((line) => line.slice(10));
		expect(closed).toEqual(
			expect.arrayContaining(['/fr/organiser', '/en/organiser', '/fr/language', '/en/language'])
		);
	});
});
