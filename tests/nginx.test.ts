import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import { get, useServer } from './helpers/http';
import { NGINX, startNginx, type RunningNginx } from './helpers/nginx';
import { loginCookie, makeOrganiser, serverDb } from './helpers/organiser';
import { freePort, rawGet as raw, startServer, type RunningServer } from './helpers/server';

/*
 * deploy/nginx/rencontres.conf, run as shipped (only addresses and folders swapped) by Debian's
 * nginx in front of the built app. .ci/run installs nginx; without it these tests say so.
 */

if (!NGINX && process.env.CI) throw new Error('nginx is missing: .ci/run should install it');

let app: RunningServer;
let nginx: RunningNginx;

beforeAll(async () => {
	if (!NGINX) return;
	const port = await freePort();
	const publicUrl = `http://127.0.0.1:${port}`;
	// What docs/deploy.md tells operators to set behind nginx.
	app = await startServer({ env: { ORIGIN: publicUrl, ADDRESS_HEADER: 'X-Real-IP' } });
	nginx = await startNginx(app.url, { port, tls: true });
	useServer({ url: nginx.url, databasePath: app.databasePath });
}, 60_000);

afterAll(async () => {
	if (!NGINX) return;
	serverDb().$client.close();
	await nginx?.stop();
	await app?.stop();
});

describe.skipIf(!NGINX)('behind nginx (deploy/nginx/rencontres.conf)', () => {
	it('keeps anonymous pages in the shared cache, byte for byte what the app sends', async () => {
		const path = '/en/events/ngi-forum-2025';
		const first = await raw(nginx.url + path, { 'accept-encoding': 'br' });
		const second = await raw(nginx.url + path, { 'accept-encoding': 'br' });
		const direct = await raw(app.url + path, { 'accept-encoding': 'br' });
		expect([first.status, second.status]).toEqual([200, 200]);
		expect(first.headers['x-cache-status']).toBe('MISS');
		expect(second.headers['x-cache-status']).toBe('HIT');
		expect(second.body.equals(direct.body)).toBe(true);
		expect(second.headers['cache-control']).toBe('public, max-age=60');
		expect(second.headers.etag).toBe(direct.headers.etag);
	});

	it('keeps one copy per encoding, whatever the spelling of Accept-Encoding', async () => {
		const path = '/fr/posts';
		const br = await raw(nginx.url + path, { 'accept-encoding': 'gzip, deflate, br' });
		const gzip = await raw(nginx.url + path, { 'accept-encoding': 'gzip' });
		const plain = await raw(nginx.url + path);
		const gzipAgain = await raw(nginx.url + path, { 'accept-encoding': 'deflate, gzip;q=0.9' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(gzip.headers['content-encoding']).toBe('gzip');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toContain('<html lang="fr">');
		expect(gzipAgain.headers['content-encoding']).toBe('gzip');
		expect(gzipAgain.headers['x-cache-status']).toBe('HIT');
	});

	it('answers a revalidation with 304 from the cache', async () => {
		const path = '/fr/calendar.ics';
		const first = await raw(nginx.url + path, { 'accept-encoding': 'br' });
		expect(first.headers['cache-control']).toMatch(/max-age=300/);
		const again = await raw(nginx.url + path, {
			'accept-encoding': 'br',
			'if-none-match': String(first.headers.etag)
		});
		expect(again.status).toBe(304);
		expect(again.headers['x-cache-status']).toBe('HIT');
	});

	it('lets organisers through to fresh pages, and keeps none of them', async () => {
		const organiser = await makeOrganiser();
		// Logging in through nginx also proves the origin check passes behind the proxy.
		const cookie = await loginCookie(organiser.email, organiser.password);
		const path = '/fr/events/ngi-forum-2025';
		await get(path);
		const ngi = events.findBySlug(serverDb(), 'ngi-forum-2025')!;
		events.update(serverDb(), ngi.id, {
			...events.toInput(ngi),
			texts: { ...ngi.texts, fr: { ...ngi.texts.fr!, summary: 'Vu par nginx' } }
		});
		const fresh = await get(path, { cookie });
		expect(fresh.headers.get('x-cache-status')).toBe('BYPASS');
		expect(fresh.headers.get('cache-control')).toBe('private, no-store');
		expect(await fresh.text()).toContain('Vu par nginx');
		// Anonymous readers keep the shared copy until its max-age (60 s) runs out: the stated bound.
		const shared = await get(path);
		expect(shared.headers.get('x-cache-status')).toBe('HIT');
		expect(await shared.text()).not.toContain('Vu par nginx');
		const dashboard = await get('/fr/organiser', { cookie });
		expect(dashboard.status).toBe(200);
		// An anonymous reader never receives what an organiser was shown.
		const anonymous = await get('/fr/organiser');
		expect(anonymous.status).toBe(303);
	});

	it('keeps nothing that differs per reader: the language redirect and the switch', async () => {
		for (const headers of [
			{ 'accept-language': 'en' },
			{ 'accept-language': 'fr' },
			{ 'accept-language': 'en' }
		]) {
			const root = await get('/', headers);
			expect(root.status).toBe(302);
			expect(root.headers.get('location')).toBe(`/${headers['accept-language']}/`);
			expect(root.headers.get('x-cache-status')).not.toBe('HIT');
		}
		const choice = await get('/en/language?path=%2Fposts');
		expect(choice.headers.get('set-cookie')).toMatch(/^lang=en;/);
		expect((await get('/en/language?path=%2Fposts')).headers.get('x-cache-status')).not.toBe('HIT');
	});

	it('never answers one address with the page of another whose key would read the same', async () => {
		// Without separators, `q=libre` in gzip and `q=libregzip` in plain made one key.
		const gzip = await raw(nginx.url + '/fr/search?q=libre', { 'accept-encoding': 'gzip' });
		expect(gzip.headers['content-encoding']).toBe('gzip');
		const other = await raw(nginx.url + '/fr/search?q=libregzip');
		expect(other.headers['x-cache-status']).toBe('MISS');
		expect(other.headers['content-encoding']).toBeUndefined();
		expect(other.body.toString()).toContain('value="libregzip"');
	});

	it('marks its own error answers nosniff, once, like those of the app', async () => {
		const tooLarge = await fetch(nginx.url + '/fr/organiser/login', {
			method: 'POST',
			body: 'x'.repeat(3 * 1024 * 1024)
		});
		expect(tooLarge.status).toBe(413);
		expect(tooLarge.headers.get('x-content-type-options')).toBe('nosniff');
		const page = await raw(nginx.url + '/fr/');
		expect(page.headers['x-content-type-options']).toBe('nosniff');
	});

	it('sends Strict-Transport-Security on every answer over TLS, from the app, the cache or an error, and none over plain http', async () => {
		const hsts = 'max-age=31536000; includeSubDomains';
		const page = '/fr/posts';
		const first = await raw(nginx.tlsUrl + page);
		const cached = await raw(nginx.tlsUrl + page);
		expect([first.status, cached.status]).toEqual([200, 200]);
		expect(cached.headers['x-cache-status']).toBe('HIT');
		const missing = await raw(nginx.tlsUrl + '/fr/events/pas-un-evenement');
		expect(missing.status).toBe(404);
		for (const answer of [first, cached, missing])
			expect(answer.headers['strict-transport-security']).toBe(hsts);

		const plain = await raw(nginx.url + page);
		expect(plain.status).toBe(200);
		expect(plain.headers['strict-transport-security']).toBeUndefined();
	});
});
