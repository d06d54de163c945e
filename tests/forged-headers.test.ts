import { describe, expect, it } from 'vitest';
import { base } from './helpers/http';
import { rawGet } from './helpers/server';

/*
 * The hub's own address comes from ORIGIN, never from what a request claims: one forged Host
 * must not reach the next reader through a link, a feed or the response cache.
 */
const FORGED: Record<string, string>[] = [
	{ host: 'evil.example' },
	{ 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
	{ forwarded: 'host=evil.example;proto=http' }
];
const ADDRESSES = [
	'/fr/events/ngi-forum-2025',
	'/en/',
	'/fr/posts.atom',
	'/en/calendar.ics',
	'/fr/events/ngi-forum-2025.ics',
	'/robots.txt',
	'/sitemap.xml',
	'/sitemap-pages-1.xml',
	'/en/posts/retour-ngi-forum-2025'
];

describe('forged host headers', () => {
	it('never put another host into pages, feeds or calendars, for that request or the next', async () => {
		const own = new URL(base()).host;
		for (const address of ADDRESSES) {
			for (const headers of FORGED) {
				const forged = await rawGet(base() + address, headers);
				expect(forged.status, address).toBeLessThan(400);
				expect(forged.body.toString('utf8'), address).not.toContain('evil.example');
			}
			const next = await rawGet(base() + address);
			const text = next.body.toString('utf8');
			expect(text, address).not.toContain('evil.example');
			// The hub's own address is what links carry (robots.txt names the sitemap with it).
			if (/calendar|\.ics|atom|robots|sitemap|events\//.test(address))
				expect(text, address).toContain(own);
		}
	});
});
