import { describe, expect, it } from 'vitest';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm } from './helpers/organiser';

describe('organiser login', () => {
	it('sends a visitor to the login page and back where they were going', async () => {
		const response = await get('/en/organiser/posts/new');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			'/en/organiser/login?redirectTo=%2Fen%2Forganiser%2Fposts%2Fnew'
		);

		const { doc } = await getPage('/en/organiser/login');
		// Visible labels tied to their fields.
		expect(
			doc.querySelectorAll('form.stack label').map((l) => [l.getAttribute('for'), textOf(l)])
		).toEqual([
			['email', 'Email address'],
			['password', 'Password']
		]);

		const organiser = await makeOrganiser();
		const login = await postForm('/en/organiser/login?redirectTo=%2Fen%2Forganiser%2Fposts%2Fnew', {
			email: organiser.email.toUpperCase(),
			password: organiser.password
		});
		expect(login.status).toBe(303);
		expect(login.headers.get('location')).toBe('/en/organiser/posts/new');
		const cookie = login.headers.getSetCookie().find((c) => c.startsWith('session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		// Plain http on this machine: not Secure, or the browser would never send it back.
		expect(cookie).not.toMatch(/Secure/i);
		const page = await get('/en/organiser/posts/new', { cookie: cookie.split(';')[0]! });
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('private, no-store');
	});

	it('after login, goes back to the page asked for in the language the login page was switched to', async () => {
		const organiser = await makeOrganiser();
		// Sent from a French page, the organiser switched the login page to English.
		const login = await postForm('/en/organiser/login?redirectTo=%2Ffr%2Forganiser%2Fposts%2Fnew', {
			email: organiser.email,
			password: organiser.password
		});
		expect(login.status).toBe(303);
		expect(login.headers.get('location')).toBe('/en/organiser/posts/new');
	});

	it('never redirects elsewhere after login', async () => {
		const organiser = await makeOrganiser();
		const login = await postForm('/fr/organiser/login?redirectTo=https%3A%2F%2Fevil.example%2F', {
			email: organiser.email,
			password: organiser.password
		});
		expect(login.headers.get('location')).toBe('/fr/organiser');
		// Nor out of the organiser area by dot segments, which the address would resolve.
		const cookie = await loginCookie(organiser.email, organiser.password);
		for (const target of [
			'/fr/organiser/../../evil',
			'/fr/organiser/./x',
			'/fr/organiser//evil.example'
		]) {
			const page = await get(`/fr/organiser/login?redirectTo=${encodeURIComponent(target)}`, {
				cookie
			});
			expect(page.headers.get('location'), target).toBe('/fr/organiser');
		}
	});

	it('says the same for an unknown address and a wrong password, keeping the address typed', async () => {
		const organiser = await makeOrganiser();
		for (const [email, password] of [
			['nobody-here@example.org', 'whatever it may be'],
			[organiser.email, 'not the right password']
		]) {
			const response = await postForm('/fr/organiser/login', {
				email: email!,
				password: password!
			});
			expect(response.status).toBe(400);
			const html = await response.text();
			expect(html).toContain('Adresse ou mot de passe incorrect.');
			expect(html).toContain(`value="${email}"`);
		}
	});

	it('limits failures per account with a 429 in the reader language, and a new token at each login', async () => {
		const organiser = await makeOrganiser();
		const first = await loginCookie(organiser.email, organiser.password);
		const second = await loginCookie(organiser.email, organiser.password);
		expect(first).not.toBe(second);
		for (let i = 0; i < 5; i++)
			await postForm('/en/organiser/login', {
				email: organiser.email,
				password: `wrong ${i} wrong`
			});
		const limited = await postForm('/en/organiser/login', {
			email: organiser.email,
			password: organiser.password
		});
		expect(limited.status).toBe(429);
		expect(await limited.text()).toContain('Too many login attempts. Try again in 15 minutes');
	});

	it('logs out on the server: the old cookie opens nothing', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		expect((await get('/fr/organiser', { cookie })).status).toBe(200);
		const logout = await postForm('/fr/organiser/logout', {}, { cookie });
		expect(logout.status).toBe(303);
		expect(logout.headers.get('location')).toBe('/fr/organiser/login');
		const stale = await get('/fr/organiser', { cookie });
		expect(stale.status).toBe(303);
		// The browser is told to forget the dead session.
		expect(stale.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(
			/Max-Age=0/i
		);
	});

	it('refuses a cross-site form post (SvelteKit origin check)', async () => {
		const organiser = await makeOrganiser();
		const response = await postForm(
			'/fr/organiser/login',
			{ email: organiser.email, password: organiser.password },
			{ origin: 'https://evil.example' }
		);
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toEqual([]);
	});
});

describe('security headers', () => {
	it.each([
		'/fr/',
		'/en/events/ngi-forum-2025',
		'/fr/organiser/login',
		'/fr/calendar.ics',
		'/fr/nope'
	])('%s', async (path) => {
		const response = await get(path);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		const csp = response.headers.get('content-security-policy')!;
		expect(csp).toContain("frame-ancestors 'none'");
		const directives = Object.fromEntries(
			csp
				.split(';')
				.map((d) => d.trim().split(/\s+/))
				.map(([name, ...values]) => [name, values])
		);
		const scripts = directives['script-src'] ?? directives['default-src'];
		expect(scripts).not.toContain("'unsafe-inline'");
		expect(scripts).not.toContain("'unsafe-eval'");
		// Every inline script of the page is allowed by its hash.
		const html = await response.text();
		// Executable inline scripts only: JSON-LD data blocks are never run.
		for (const [, body] of html.matchAll(
			/<script(?![^>]*\b(?:src|type)=)[^>]*>([\s\S]*?)<\/script>/g
		)) {
			const { createHash } = await import('node:crypto');
			expect(csp).toContain(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`);
		}
	});
});
