import { describe, expect, it } from 'vitest';
import { crossSiteForm } from './same-origin';

const url = new URL('https://hub.example/fr/login');
const post = (headers: Record<string, string>, method = 'POST') =>
	new Request(url, { method, headers, body: method === 'GET' ? undefined : 'a=b' });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('cross-site form posts', () => {
	it('are refused everywhere, from another origin or none, as SvelteKit did', () => {
		for (const headers of [
			{ ...FORM, origin: 'https://evil.example' },
			{ ...FORM, origin: 'null' },
			FORM,
			{ 'content-type': 'multipart/form-data; boundary=x', origin: 'https://evil.example' },
			{ 'content-type': 'TEXT/PLAIN', origin: 'https://evil.example' }
		])
			expect(crossSiteForm(post(headers), url, '/(members)/login'), JSON.stringify(headers)).toBe(
				true
			);
		// A path no route matched is refused too.
		expect(crossSiteForm(post(FORM), url, null)).toBe(true);
		for (const method of ['PUT', 'PATCH', 'DELETE'])
			expect(crossSiteForm(post(FORM, method), url, '/(members)/login')).toBe(true);
	});

	it('pass from our own origin, as JSON (which needs a preflight), or as a GET', () => {
		expect(
			crossSiteForm(post({ ...FORM, origin: 'https://hub.example' }), url, '/(members)/login')
		).toBe(false);
		expect(
			crossSiteForm(
				post({ 'content-type': 'application/json', origin: 'https://evil.example' }),
				url,
				'/x'
			)
		).toBe(false);
		expect(
			crossSiteForm(new Request(url, { headers: { origin: 'https://evil.example' } }), url, '/x')
		).toBe(false);
	});

	it('pass to the unsubscribe route alone, which mail clients post to (RFC 8058)', () => {
		const oneClick = post({ ...FORM });
		expect(crossSiteForm(oneClick, url, '/(members)/unsubscribe/[token]')).toBe(false);
		expect(crossSiteForm(oneClick, url, '/(members)/unsubscribe')).toBe(true);
		expect(crossSiteForm(oneClick, url, '/(members)/account')).toBe(true);
	});
});
