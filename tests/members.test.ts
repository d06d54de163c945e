import { describe, expect, it } from 'vitest';
import { get, getPage, textOf } from './helpers/http';
import { postForm, serverDb, useOwnServer, makeOrganiser, loginCookie } from './helpers/organiser';

// This file signs people up and logs them in and out: a server and database of its own.
useOwnServer();

const PASSWORD = 'une phrase de passe assez longue';
let counter = 0;

function newMember(overrides: Record<string, string> = {}) {
	const n = `${Date.now().toString(36)}${++counter}`;
	return {
		name: `Membre ${n}`,
		email: `membre-${n}@example.org`,
		password: PASSWORD,
		locale: 'fr',
		...overrides
	};
}

function sessionOf(response: Response): string | null {
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
	return cookie ? cookie.split(';')[0]! : null;
}

/** Joins through the form and returns the session cookie. */
async function join(fields: Record<string, string>, path = '/fr/join') {
	const response = await postForm(path, fields);
	return { response, cookie: sessionOf(response) };
}

function accountCount(): number {
	return (serverDb().$client.prepare('select count(*) n from accounts').get() as { n: number }).n;
}

describe('joining', () => {
	it('shows a form with labelled fields and the right autocomplete, in the reader language', async () => {
		const { response, doc } = await getPage('/en/join');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		const form = doc.querySelector('main form')!;
		// The traps (tests/abuse.test.ts) aside: a honeypot out of sight and reach, a hidden moment.
		const inputs = form
			.querySelectorAll('input:not([name=website]):not([type=hidden])')
			.map((i) => [i.getAttribute('name'), i.getAttribute('type'), i.getAttribute('autocomplete')]);
		expect(inputs).toEqual([
			['name', 'text', 'nickname'],
			// The address is what logs in: password managers save it with the new password.
			['email', 'email', 'username'],
			['password', 'password', 'new-password'],
			['locale', 'radio', undefined],
			['locale', 'radio', undefined]
		]);
		for (const id of ['name', 'email', 'password'])
			expect(textOf(doc.querySelector(`label[for=${id}]`))).not.toBe('');
		expect(textOf(doc.querySelector('h1'))).toBe('Join Rencontres');
		// The page's language is offered first.
		expect(form.querySelector('input[value=en]')!.hasAttribute('checked')).toBe(true);
	});

	it('signs a visitor up as a member, logged in at once, landing on their account in the language chosen', async () => {
		const member = newMember({ locale: 'en' });
		const { response, cookie } = await join(member);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/en/account');
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		expect(setCookie).toMatch(/Path=\//i);
		// The browser drops its copies of public pages, made for a visitor (the header differs now).
		expect(response.headers.get('clear-site-data')).toBe('"cache"');
		const row = serverDb()
			.$client.prepare('select role, locale, name, name_key from accounts where email = ?')
			.get(member.email);
		expect(row).toEqual({
			role: 'member',
			locale: 'en',
			name: member.name,
			name_key: member.name.toLowerCase()
		});
		const account = await getPage('/en/account', { cookie: cookie! });
		expect(account.response.status).toBe(200);
		expect(account.response.headers.get('cache-control')).toBe('private, no-store');
		expect(textOf(account.doc.querySelector('main'))).toContain(member.email);
		// A member is no organiser.
		expect((await get('/en/organiser', { cookie: cookie! })).status).toBe(403);
		// Nor can a stale join form, posted again, make them a second account.
		const before = accountCount();
		const twice = await postForm('/en/join', newMember(), { cookie: cookie! });
		expect(twice.status).toBe(303);
		expect(twice.headers.get('location')).toBe('/en/account');
		expect(accountCount()).toBe(before);
		expect((await get('/en/join', { cookie: cookie! })).headers.get('location')).toBe(
			'/en/account'
		);
	});

	it('goes back where the visitor was going after joining, never elsewhere', async () => {
		const back = await join(newMember(), '/fr/join?redirectTo=%2Fen%2Fevents%2Fngi-forum-2025');
		expect(back.response.headers.get('location')).toBe('/fr/events/ngi-forum-2025');
		const evil = await join(newMember(), '/fr/join?redirectTo=https%3A%2F%2Fevil.example%2F');
		expect(evil.response.headers.get('location')).toBe('/fr/account');
	});

	it('refuses a taken address, keeping what was typed but the password, with no session', async () => {
		const first = newMember();
		expect((await join(first)).response.status).toBe(303);
		const again = newMember({
			email: first.email.toUpperCase(),
			password: 'un secret bien gardé ici'
		});
		const { response, cookie } = await join(again, '/en/join');
		expect(response.status).toBe(400);
		expect(cookie).toBeNull();
		const html = await response.text();
		expect(html).toContain('An account has this address already');
		expect(html).toContain(`value="${again.name}"`);
		expect(html).toContain(`value="${again.email}"`);
		expect(html).not.toContain(again.password);
	});

	it('refuses a name already taken in other capitals, accents or spaces', async () => {
		const unique = Date.now().toString(36);
		expect((await join(newMember({ name: `Élise Durand ${unique}` }))).response.status).toBe(303);
		const before = accountCount();
		for (const name of [
			`elise durand ${unique}`,
			`ELISE   DURAND ${unique}`,
			`E\u0301lise Durand ${unique}`
		]) {
			const { response } = await join(newMember({ name }));
			expect(response.status, name).toBe(400);
			expect(await response.text()).toContain('Ce nom est déjà pris');
		}
		expect(accountCount()).toBe(before);
	});

	it('refuses a weak password, in the reader language', async () => {
		const { response } = await join(newMember({ password: 'motdepasse123' }), '/en/join');
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('This password is too easy to guess');
		const short = await join(newMember({ password: 'court' }));
		expect(await short.response.text()).toContain('au moins 12 caractères');
	});

	it('refuses hostile names and a language it does not have, creating nothing', async () => {
		const before = accountCount();
		for (const name of [
			'\u202eJeanne Dupont',
			'Jean\u200bne',
			'Jeanne\r\nDupont',
			'\u3164\u3164\u3164',
			'x'.repeat(16 * 1024),
			'A',
			'<>()!?' // punctuation only
		]) {
			const { response, cookie } = await join(newMember({ name }));
			expect(response.status, JSON.stringify(name.slice(0, 20))).toBe(400);
			expect(cookie).toBeNull();
			const html = await response.text();
			// A 16 KB name is not written back whole.
			expect(html.length).toBeLessThan(60_000);
		}
		const german = await join(newMember({ locale: 'de' }));
		expect(german.response.status).toBe(400);
		expect(await german.response.text()).toContain('Choisissez le français ou l’anglais');
		expect(accountCount()).toBe(before);
	});

	it('writes a hostile but valid name escaped', async () => {
		const name = `<b>Zoé</b> & "co" ${Date.now().toString(36)}`;
		const { cookie } = await join(newMember({ name }));
		const { html } = await getPage('/fr/account', { cookie: cookie! });
		expect(html).not.toContain('<b>Zoé</b>');
		expect(html).toContain('&lt;b>Zoé&lt;/b> &amp; "co"');
	});

	it('lets one of several parallel sign-ups with one name through, and tells the others why', async () => {
		const name = `Course ${Date.now().toString(36)}`;
		const responses = await Promise.all(
			[name, name.toUpperCase(), name.toLowerCase(), name].map((n) =>
				postForm('/en/join', newMember({ name: n }))
			)
		);
		const statuses = responses.map((r) => r.status).sort();
		expect(statuses).toEqual([303, 400, 400, 400]);
		for (const r of responses.filter((r) => r.status === 400))
			expect(await r.text()).toContain('This name is taken');
		expect(
			serverDb()
				.$client.prepare('select count(*) n from accounts where name_key = ?')
				.get(name.toLowerCase())
		).toEqual({ n: 1 });
	});

	it('refuses a cross-site sign-up (SvelteKit origin check)', async () => {
		const response = await postForm('/fr/join', newMember(), { origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toEqual([]);
	});
});

describe('logging in and out', () => {
	it('logs a member in at /login, back to where they were going, and says the same for any failure', async () => {
		const member = newMember();
		await join(member);
		const ok = await postForm('/en/login?redirectTo=%2Ffr%2Fposts', {
			email: member.email,
			password: member.password
		});
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe('/en/posts');
		expect(sessionOf(ok)).not.toBeNull();
		expect(ok.headers.get('clear-site-data')).toBe('"cache"');
		const plain = await postForm('/fr/login', { email: member.email, password: member.password });
		expect(plain.headers.get('location')).toBe('/fr/account');
		for (const [email, password] of [
			['nobody@example.org', 'whatever it may be'],
			[member.email, 'not the right password']
		]) {
			const response = await postForm('/fr/login', { email: email!, password: password! });
			expect(response.status).toBe(400);
			const html = await response.text();
			expect(html).toContain('Adresse ou mot de passe incorrect.');
			expect(html).toContain(`value="${email}"`);
			expect(html).not.toContain(password);
		}
	});

	it('sends a visitor who needs an account to /login with where they were going', async () => {
		const response = await get('/en/account');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/en/login?redirectTo=%2Fen%2Faccount');
		// However its letters are encoded: the guard reads the route matched, not the path.
		const encoded = await get('/en/%61ccount');
		expect(encoded.status).toBe(303);
		expect(encoded.headers.get('location')).toMatch(/^\/en\/login\?redirectTo=/);
		// A form post without a session changes nothing and goes to the login page too.
		const post = await postForm('/fr/account?/name', { name: 'Personne du tout' });
		expect(post.status).toBe(303);
		expect(post.headers.get('location')).toMatch(/^\/fr\/login\?redirectTo=/);
		// The organiser area keeps its own login page, which keeps working for organisers.
		expect((await get('/fr/organiser')).headers.get('location')).toBe(
			'/fr/organiser/login?redirectTo=%2Ffr%2Forganiser'
		);
		const organiser = await makeOrganiser();
		const viaMembers = await postForm('/fr/login?redirectTo=%2Ffr%2Forganiser', {
			email: organiser.email,
			password: organiser.password
		});
		expect(viaMembers.headers.get('location')).toBe('/fr/organiser');
	});

	it('logs out by POST only: a GET shows a button and changes nothing', async () => {
		const member = newMember();
		const { cookie } = await join(member);
		const page = await getPage('/fr/logout', { cookie: cookie! });
		expect(page.response.status).toBe(200);
		expect(page.doc.querySelector('main form[method=POST] button')).not.toBeNull();
		expect(textOf(page.doc.querySelector('main'))).toContain(member.name);
		// Still logged in after the GET.
		expect((await get('/fr/account', { cookie: cookie! })).status).toBe(200);
		const out = await postForm('/fr/logout', {}, { cookie: cookie! });
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/fr/');
		expect(out.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(/Max-Age=0/i);
		expect(out.headers.get('clear-site-data')).toBe('"cache"');
		// The old cookie opens nothing any more.
		expect((await get('/fr/account', { cookie: cookie! })).status).toBe(303);
		// Without a session, logging out just sends the visitor on.
		expect((await postForm('/fr/logout', {})).status).toBe(303);
	});
});

describe('the account page', () => {
	it('renames, refusing a taken name and keeping what was typed', async () => {
		const member = newMember();
		const { cookie } = await join(member);
		const other = newMember();
		await join(other);
		const taken = await postForm(
			'/fr/account?/name',
			{ name: other.name.toUpperCase() },
			{ cookie: cookie! }
		);
		expect(taken.status).toBe(400);
		const html = await taken.text();
		expect(html).toContain('Ce nom est déjà pris');
		expect(html).toContain(`value="${other.name.toUpperCase()}"`);
		const renamed = `Nouveau ${Date.now().toString(36)}`;
		const ok = await postForm('/fr/account?/name', { name: `  ${renamed} ` }, { cookie: cookie! });
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe('/fr/account?done=name');
		const { doc } = await getPage('/fr/account?done=name', { cookie: cookie! });
		expect(textOf(doc.querySelector('[role=status]'))).toBe('Nom changé.');
		expect(textOf(doc.querySelector('.account-nav a'))).toBe(renamed);
	});

	it('changes the interface language, and shows the account in it', async () => {
		const member = newMember();
		const { cookie } = await join(member);
		const bad = await postForm('/fr/account?/locale', { locale: 'xx' }, { cookie: cookie! });
		expect(bad.status).toBe(400);
		const ok = await postForm('/fr/account?/locale', { locale: 'en' }, { cookie: cookie! });
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe('/en/account?done=locale');
		expect(
			serverDb().$client.prepare('select locale from accounts where email = ?').get(member.email)
		).toEqual({ locale: 'en' });
		const { doc } = await getPage('/en/account?done=locale', { cookie: cookie! });
		expect(doc.querySelector('input[name=locale][value=en]')!.hasAttribute('checked')).toBe(true);
	});

	it('changes the password only with the current one; the other sessions end, this one stays', async () => {
		const member = newMember();
		const { cookie } = await join(member);
		const elsewhere = sessionOf(
			await postForm('/fr/login', { email: member.email, password: member.password })
		)!;
		const fresh = 'trois pommes vertes sous la lune';
		const wrong = await postForm(
			'/fr/account?/password',
			{ current: 'pas le bon du tout', password: fresh, confirm: fresh },
			{ cookie: cookie! }
		);
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('Le mot de passe actuel est incorrect.');
		const ok = await postForm(
			'/fr/account?/password',
			{ current: member.password, password: fresh, confirm: fresh },
			{ cookie: cookie! }
		);
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe('/fr/account?done=password');
		expect((await get('/fr/account', { cookie: cookie! })).status).toBe(200);
		expect((await get('/fr/account', { cookie: elsewhere })).status).toBe(303);
		const relogin = await postForm('/fr/login', { email: member.email, password: fresh });
		expect(relogin.status).toBe(303);
	});
});

describe('the site header', () => {
	it('offers visitors the same bytes, with "Log in" and "Join", and names a member only to them', async () => {
		const a = await get('/fr/events/ngi-forum-2025');
		const b = await get('/fr/events/ngi-forum-2025');
		const bytes = await a.text();
		expect(await b.text()).toBe(bytes);
		expect(a.headers.get('set-cookie')).toBeNull();
		const visitorNav = (await getPage('/en/events/ngi-forum-2025')).doc.querySelector(
			'.account-nav'
		)!;
		expect(
			visitorNav.querySelectorAll('a').map((l) => [textOf(l), l.getAttribute('href')])
		).toEqual([
			['Log in', '/en/login?redirectTo=%2Fen%2Fevents%2Fngi-forum-2025'],
			['Join', '/en/join?redirectTo=%2Fen%2Fevents%2Fngi-forum-2025']
		]);
		expect(visitorNav.querySelector('form')).toBeNull();

		const member = newMember();
		const { cookie } = await join(member);
		const mine = await getPage('/fr/events/ngi-forum-2025', { cookie: cookie! });
		expect(mine.response.headers.get('cache-control')).toBe('private, no-store');
		const nav = mine.doc.querySelector('.account-nav')!;
		expect(textOf(nav.querySelector('a'))).toBe(member.name);
		expect(nav.querySelector('a')!.getAttribute('href')).toBe('/fr/account');
		const logout = nav.querySelector('form')!;
		expect(logout.getAttribute('method')).toBe('POST');
		expect(logout.getAttribute('action')).toBe('/fr/logout');
		// Visitors still get the shared bytes, without the member's name.
		const after = await get('/fr/events/ngi-forum-2025');
		const afterBytes = await after.text();
		expect(afterBytes).toBe(bytes);
		expect(afterBytes).not.toContain(member.name);
		expect(after.headers.get('cache-control')).toBe('public, max-age=60');
	});

	it('shows an organiser their name too, and their organiser login still lands in the area', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		const { doc } = await getPage('/fr/', { cookie });
		expect(textOf(doc.querySelector('.account-nav a'))).toBe(organiser.name);
		const account = await getPage('/fr/account', { cookie });
		expect(account.doc.querySelector(`main a[href="/fr/organiser"]`)).not.toBeNull();
	});
});
