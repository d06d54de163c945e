import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { get } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb } from './helpers/organiser';
import { ROOT } from './helpers/server';

/*
 * Walks every route and form action under src/routes/organiser, as files on disk, and proves
 * that each refuses a visitor without a session: a new route without the guard fails here.
 */
const AREA = path.join(ROOT, 'src/routes/organiser');

type Target = { method: 'GET' | 'POST'; path: string };

function routeFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory()
			? routeFiles(full)
			: /^\+(page|page\.server|server)\.ts$|^\+page\.svelte$/.test(entry.name)
				? [full]
				: [];
	});
}

function urlPath(file: string, lang: string): string {
	const route = path
		.relative(AREA, path.dirname(file))
		.split(path.sep)
		.filter(Boolean)
		.filter((segment) => !/^\(.*\)$/.test(segment))
		.map((segment) => segment.replace(/^\[\.\.\.\w+\]$/, 'x/y').replace(/^\[\w+(=\w+)?\]$/, '1'))
		.join('/');
	return `/${lang}/organiser${route ? `/${route}` : ''}`;
}

function targets(): Target[] {
	const found: Target[] = [];
	for (const file of routeFiles(AREA)) {
		const source = fs.readFileSync(file, 'utf8');
		for (const lang of ['fr', 'en']) {
			const at = urlPath(file, lang);
			if (file.endsWith('+page.svelte')) found.push({ method: 'GET', path: at });
			if (file.endsWith('+server.ts')) {
				for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
					found.push({ method: method === 'GET' ? 'GET' : 'POST', path: at });
				}
			}
			if (file.endsWith('+page.server.ts')) {
				const block = /export const actions = \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
				for (const [, name] of block.matchAll(/^\t(\w+):/gm)) {
					found.push({ method: 'POST', path: name === 'default' ? at : `${at}?/${name}` });
				}
			}
		}
	}
	return found;
}

const all = targets();
const isLogin = (t: Target) => /\/organiser\/login$/.test(t.path);

/** Every spelling of `at` with one letter of its path (after the language) percent-encoded, in both hex cases. */
function encodedVariants(at: string): string[] {
	const [pathPart = '', query] = at.split('?');
	const prefix = pathPart.slice(0, 4); // '/fr/'
	const rest = pathPart.slice(4);
	const variants: string[] = [];
	for (let i = 0; i < rest.length; i++) {
		if (!/[a-z]/i.test(rest[i]!)) continue;
		const hex = rest.charCodeAt(i).toString(16);
		for (const spelled of [hex.toUpperCase(), hex.toLowerCase()]) {
			const path = `${prefix}${rest.slice(0, i)}%${spelled}${rest.slice(i + 1)}`;
			variants.push(query === undefined ? path : `${path}?${query}`);
		}
	}
	return [...new Set(variants)];
}

function counts() {
	return serverDb()
		.$client.prepare(
			'select (select count(*) from revisions) r, (select count(*) from posts) p, (select count(*) from events) e, (select count(*) from accounts) o, (select count(*) from accounts where disabled_at is not null) d, (select max(version) from events) ev, (select max(version) from posts) pv'
		)
		.get();
}

/** What a refused request may look like: a redirect to the login page, or SvelteKit's data redirect to it. */
async function refused(response: Response): Promise<string | null> {
	const control = response.headers.get('cache-control') ?? '';
	if (/public/.test(control)) return `cache-control ${control}`;
	if (response.status === 303) {
		const location = response.headers.get('location') ?? '';
		return /^\/(fr|en)\/organiser\/login\?redirectTo=/.test(location) ? null : `303 to ${location}`;
	}
	const body = await response.text();
	if (response.status === 200 && (response.headers.get('content-type') ?? '').includes('json')) {
		const data = JSON.parse(body) as { type?: string; location?: string };
		if (
			data.type === 'redirect' &&
			/^\/(fr|en)\/organiser\/login\?redirectTo=/.test(data.location ?? '')
		)
			return null;
	}
	return `${response.status}: ${body.slice(0, 120)}`;
}

const HOSTILE_FORM = {
	title_fr: 'Intrus',
	slug: 'intrus',
	version: '1',
	revision: '1',
	email: 'x@example.org',
	name: 'X',
	password: 'une autre phrase de passe',
	intent: 'publish'
};

describe('the organiser area refuses visitors whatever the spelling of its address', () => {
	const guarded = all.filter((t) => !isLogin(t));

	it.each(guarded.map((t) => [t.method, t.path] as const))(
		'%s %s, every letter encoded, and its data',
		async (method, at) => {
			const before = counts();
			const failures: string[] = [];
			const spellings = [at, ...encodedVariants(at)];
			for (const spelled of spellings) {
				const attempts =
					method === 'GET'
						? [get(spelled), get(`${spelled.replace(/\/$/, '')}/__data.json`)]
						: [
								postForm(spelled, HOSTILE_FORM),
								postForm(spelled, HOSTILE_FORM, {
									accept: 'application/json',
									'x-sveltekit-action': 'true'
								})
							];
				for (const response of await Promise.all(attempts)) {
					const why = await refused(response);
					if (why) failures.push(`${method} ${spelled}: ${why}`);
				}
			}
			expect(failures).toEqual([]);
			expect(spellings.length).toBeGreaterThan(10);
			expect(counts()).toEqual(before);
		}
	);

	it('lets no organiser page into a shared cache, even one an organiser asked for first', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		for (const at of ['/fr/%6Frganiser', '/fr/organiser', '/en/organis%65r/events/new']) {
			const own = await get(at, { cookie });
			expect(own.status).toBe(200);
			expect(own.headers.get('cache-control')).toBe('private, no-store');
			const stranger = await get(at);
			expect(stranger.status).toBe(303);
			expect(stranger.headers.get('cache-control')).not.toMatch(/public/);
		}
	});
});

describe('every organiser load and action checks its caller itself', () => {
	// The hook's guard is one layer; each route is another, so a bypassed hook still lets nothing through.
	const files = routeFiles(AREA).filter((f) =>
		/\+(page\.server|layout\.server|server)\.ts$/.test(f)
	);

	it.each(files.map((f) => [path.relative(AREA, f)]))('%s', (relative) => {
		const source = fs.readFileSync(path.join(AREA, relative), 'utf8');
		const handlers: string[] = [];
		for (const [, body] of source.matchAll(
			/export const (?:load|GET|POST|PUT|PATCH|DELETE)\b[^=]*=\s*(?:async\s*)?\([^)]*\)\s*=>\s*([\s\S]*?)\n(?=export|$)/g
		))
			handlers.push(body!);
		const actions = /export const actions = \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
		for (const [, body] of actions.matchAll(/^\t\w+:([\s\S]*?)(?=^\t\w+:|$(?![\s\S]))/gm))
			handlers.push(body!);
		expect(handlers.length).toBeGreaterThan(0);
		for (const body of handlers) {
			// The login page is the one door open to visitors.
			if (relative.startsWith('login')) continue;
			expect(body).toMatch(/guard\.require(Account|Role)\(/);
		}
	});
});

describe('the organiser area refuses visitors without a session', () => {
	it('finds the routes it guards', () => {
		// A sanity floor: if the walk finds nothing, it proves nothing.
		expect(all.filter((t) => t.method === 'POST').length).toBeGreaterThanOrEqual(10);
		expect(all.filter((t) => t.method === 'GET').length).toBeGreaterThanOrEqual(8);
	});

	it.each(all.filter((t) => !isLogin(t)).map((t) => [t.method, t.path] as const))(
		'%s %s',
		async (method, at) => {
			const db = serverDb();
			const before = db.$client
				.prepare(
					'select (select count(*) from revisions) r, (select count(*) from posts) p, (select count(*) from events) e'
				)
				.get();
			const response =
				method === 'GET'
					? await get(at)
					: await postForm(at, {
							title_fr: 'Intrus',
							version: '1',
							revision: '1',
							email: 'x@example.org',
							name: 'X'
						});
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toMatch(/^\/(fr|en)\/organiser\/login\?redirectTo=/);
			const after = db.$client
				.prepare(
					'select (select count(*) from revisions) r, (select count(*) from posts) p, (select count(*) from events) e'
				)
				.get();
			expect(after).toEqual(before);
		}
	);
});
