import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { get } from './helpers/http';
import { postForm, serverDb } from './helpers/organiser';
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
		return entry.isDirectory() ? routeFiles(full) : /^\+(page|page\.server|server)\.ts$|^\+page\.svelte$/.test(entry.name) ? [full] : [];
	});
}

function urlPath(file: string, lang: string): string {
	const route = path
		.relative(AREA, path.dirname(file))
		.split(path.sep)
		.filter(Boolean)
		.filter((segment) => !/^\(.*\)$/.test(segment))
		.map((segment) => segment.replace(/^\[\.\.\.\w+\]$/, 'x/y').replace(/^\[\w+\]$/, '1'))
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

describe('the organiser area refuses visitors without a session', () => {
	it('finds the routes it guards', () => {
		// A sanity floor: if the walk finds nothing, it proves nothing.
		expect(all.filter((t) => t.method === 'POST').length).toBeGreaterThanOrEqual(10);
		expect(all.filter((t) => t.method === 'GET').length).toBeGreaterThanOrEqual(8);
	});

	it.each(all.filter((t) => !isLogin(t)).map((t) => [t.method, t.path] as const))('%s %s', async (method, at) => {
		const db = serverDb();
		const before = db.$client.prepare('select (select count(*) from revisions) r, (select count(*) from posts) p, (select count(*) from events) e').get();
		const response =
			method === 'GET'
				? await get(at)
				: await postForm(at, { title_fr: 'Intrus', version: '1', revision: '1', email: 'x@example.org', name: 'X' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/(fr|en)\/organiser\/login\?redirectTo=/);
		const after = db.$client.prepare('select (select count(*) from revisions) r, (select count(*) from posts) p, (select count(*) from events) e').get();
		expect(after).toEqual(before);
	});
});
