import { describe, expect, it } from 'vitest';
import { base } from './helpers/http';
import { serverDb } from './helpers/organiser';

/*
 * A generated corpus of bad requests against every public URL: odd languages, huge or malformed
 * slugs, bad UTF-8, absurd query strings, wrong methods. Each must get a 4xx (after any
 * redirect), with a page in a hub language when it is a page, never a 500, never a changed row.
 */

const LANGS = ['xx', 'de', 'FR', 'f', 'fr-FR', '%66%72', '..', 'en%00'];
const SLUGS = [
	'a'.repeat(5000),
	'%00',
	'%E0%A4%A',
	'%FF%FE',
	'%C0%AF',
	'%ZZ',
	'..%2F..%2Fetc%2Fpasswd',
	'%3Cscript%3Ealert(1)%3C%2Fscript%3E',
	"'%3B%20drop%20table%20events%3B--",
	'%C3%A9v%C3%A9nement',
	'%F0%9F%99%82',
	'x%20y',
	'ngi-forum-2025.ics.ics',
	'ngi-forum-2025%2F..%2F..'
];
const QUERIES = [
	'q=%E0%A4%A',
	'q=%FF',
	'q=%ZZ',
	`q=${'%22'.repeat(500)}`,
	`q=${'x'.repeat(6000)}`,
	Array.from({ length: 400 }, (_, i) => `k${i}=v`).join('&'),
	'q[]=1&q[]=2',
	'q=NEAR(a%20b)%20OR%20*',
	'page=-1&page=999999999999999999999',
	// For the language switch: never a redirect to another host.
	'path=%2F%2Fevil.example%2Fx',
	'path=https%3A%2F%2Fevil.example',
	'path=%2F%5Cevil.example'
];
const PUBLIC = [
	'/fr/',
	'/en/events/ngi-forum-2025',
	'/fr/posts',
	'/en/posts/retour-ngi-forum-2025',
	'/fr/calendar.ics',
	'/en/events/ngi-forum-2025.ics',
	'/fr/posts.atom',
	'/en/search',
	'/sitemap.xml',
	'/sitemap-posts-1.xml',
	'/robots.txt',
	'/healthz',
	'/fr/language'
];

type Case = { method: string; path: string };

function corpus(): Case[] {
	const cases: Case[] = [];
	for (const lang of LANGS)
		for (const rest of ['/', '/events/ngi-forum-2025', '/posts'])
			cases.push({ method: 'GET', path: `/${lang}${rest}` });
	for (const slug of SLUGS) {
		for (const pattern of [
			'/fr/events/{}',
			'/en/posts/{}',
			'/fr/events/{}.ics',
			'/en/{}',
			'/fr/organiser/posts/{}',
			'/en/unsubscribe/{}'
		]) {
			cases.push({ method: 'GET', path: pattern.replace('{}', slug) });
		}
	}
	for (const query of QUERIES)
		for (const path of ['/fr/search', '/en/', '/fr/calendar.ics', '/en/posts.atom', '/en/language'])
			cases.push({ method: 'GET', path: `${path}?${query}` });
	for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'])
		for (const path of PUBLIC) cases.push({ method, path });
	// Every public address with one letter percent-encoded: the router decodes, so must every decision.
	for (const path of PUBLIC) {
		for (let i = 1; i < path.length; i++) {
			if (!/[a-z]/i.test(path[i]!)) continue;
			const hex = path.charCodeAt(i).toString(16);
			cases.push({
				method: 'GET',
				path: `${path.slice(0, i)}%${i % 2 ? hex.toUpperCase() : hex}${path.slice(i + 1)}`
			});
		}
	}
	return cases;
}

function snapshot() {
	const db = serverDb().$client;
	const tables = [
		'events',
		'event_texts',
		'posts',
		'post_texts',
		'accounts',
		'sessions',
		'revisions',
		'slug_history',
		'meta'
	];
	return Object.fromEntries(
		tables.map((t) => [t, db.prepare(`select count(*) as n from ${t}`).get()])
	);
}

describe('hostile input on public URLs', () => {
	const cases = corpus();

	it('has a corpus worth the name', () => {
		expect(cases.length).toBeGreaterThan(150);
	});

	it('never answers 500 and never changes a row', async () => {
		const before = snapshot();
		const failures: string[] = [];
		for (const { method, path } of cases) {
			let response: Response;
			try {
				response = await fetch(base() + path, {
					method,
					headers: {
						accept: 'text/html',
						origin: base(),
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: method === 'GET' ? undefined : 'title_fr=x&q=y'
				});
			} catch (error) {
				failures.push(`${method} ${path.slice(0, 80)}: ${(error as Error).message}`);
				continue;
			}
			const text = await response.text();
			const page = (response.headers.get('content-type') ?? '').startsWith('text/html');
			const ok =
				response.status < 500 &&
				(response.status < 400 || !page || /<html lang="(fr|en)">/.test(text));
			// Fetch followed any redirect: 2xx is fine where the URL still names a real page (odd query strings).
			if (!ok) failures.push(`${method} ${path.slice(0, 80)} -> ${response.status}`);
		}
		expect(failures).toEqual([]);
		expect(snapshot()).toEqual(before);
	});

	it('answers wrong methods with 405 and bad encodings with 400, in the reader language', async () => {
		const post = await fetch(`${base()}/en/posts`, {
			method: 'POST',
			headers: { accept: 'text/html', origin: base() }
		});
		expect(post.status).toBe(405);
		const put = await fetch(`${base()}/en/events/ngi-forum-2025`, {
			method: 'PUT',
			headers: { accept: 'text/html', origin: base() }
		});
		expect(put.status).toBe(405);
		// An event's page takes its discussion's named actions (?/write…) and no other.
		const unnamed = await fetch(`${base()}/en/events/ngi-forum-2025`, {
			method: 'POST',
			headers: { accept: 'text/html', origin: base() }
		});
		expect(unnamed.status).toBe(404);
		const bad = await fetch(`${base()}/en/events/%E0%A4%A`, { headers: { accept: 'text/html' } });
		expect(bad.status).toBe(400);
		const html = await bad.text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('Invalid request');
	});
});
