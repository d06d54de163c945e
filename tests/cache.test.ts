import { describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import { base, get, getPage } from './helpers/http';
import { loginCookie, makeOrganiser, serverDb, useOwnServer } from './helpers/organiser';

// This file changes content: a server of its own.
useOwnServer();

describe('response cache and HTTP caching', () => {
	it('serves anonymous pages with validators, 304 on revalidation, and a bounded max-age', async () => {
		const first = await get('/en/events/ngi-forum-2025');
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^W\/"/);
		expect(first.headers.get('cache-control')).toBe('public, max-age=60');
		expect((await get('/en/events/ngi-forum-2025')).headers.get('etag')).toBe(etag);
		const again = await get('/en/events/ngi-forum-2025', { 'if-none-match': etag });
		expect(again.status).toBe(304);
	});

	it('shows a change on the very next request, whatever wrote it', async () => {
		const before = await (await get('/fr/events/ngi-forum-2025')).text();
		expect(before).not.toContain('Nouveau résumé');
		const ngi = events.findBySlug(serverDb(), 'ngi-forum-2025')!;
		events.update(serverDb(), ngi.id, {
			...events.toInput(ngi),
			texts: { ...ngi.texts, fr: { ...ngi.texts.fr!, summary: 'Nouveau résumé' } }
		});
		expect(await (await get('/fr/events/ngi-forum-2025')).text()).toContain('Nouveau résumé');
		expect(await (await get('/fr/calendar.ics')).text()).toContain('Nouveau résumé');
	});

	it('moves an event to the past when it ends, with no write', async () => {
		const ends = Date.now() + 4000;
		events.create(serverDb(), {
			allDay: false,
			start: new Date(ends - 3_600_000).toISOString(),
			end: new Date(ends).toISOString(),
			timeZone: 'Europe/Paris',
			texts: { en: { title: 'Ending any second' } }
		});
		const sectionOf = async () => {
			const { doc } = await getPage('/en/');
			const past = doc.querySelector('section[aria-labelledby=past]')!.textContent;
			return past.includes('Ending any second') ? 'past' : 'upcoming';
		};
		expect(await sectionOf()).toBe('upcoming');
		expect(await sectionOf()).toBe('upcoming');
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends - Date.now()) + 100));
		expect(await sectionOf()).toBe('past');
	});

	it('never caches for organisers: fresh, private pages', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		const page = await get('/fr/events/ngi-forum-2025', { cookie });
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('private, no-store');
	});

	it('answers every reader of a page with the same bytes and no cookie, so shared caches can keep it', async () => {
		await get('/en/posts');
		const plain = await get('/en/posts');
		const other = await get('/en/posts', { cookie: 'lang=fr' });
		expect(other.headers.get('set-cookie')).toBeNull();
		expect(other.headers.get('etag')).toBe(plain.headers.get('etag'));
		expect(await other.text()).toBe(await plain.text());
	});

	it('answers HEAD and If-Modified-Since from memory too', async () => {
		const first = await get('/en/calendar.ics');
		const head = await fetch(`${base()}/en/calendar.ics`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(head.headers.get('etag')).toBe(first.headers.get('etag'));
		const since = await get('/en/calendar.ics', {
			'if-modified-since': first.headers.get('last-modified')!
		});
		expect(since.status).toBe(304);
	});

	it('never stores a data request under its page', async () => {
		await get('/fr/__data.json');
		const page = await get('/fr/');
		expect(page.headers.get('content-type')).toMatch(/^text\/html/);
	});
});
