import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paths } from './paths';

/** The route folder an address lands in, if any: what SvelteKit would match, without the groups. */
function routeOf(path: string): string | null {
	const segments = path.split('?')[0]!.split('/').filter(Boolean);
	const walk = (dir: string, rest: string[]): string | null => {
		if (rest.length === 0)
			return fs.existsSync(`${dir}/+page.svelte`) || fs.existsSync(`${dir}/+server.ts`)
				? dir
				: null;
		const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
		for (const e of entries) {
			const group = /^\(.*\)$/.test(e.name);
			const fits = group || e.name === rest[0] || /^\[.+\]$/.test(e.name);
			const found = fits && walk(`${dir}/${e.name}`, group ? rest : rest.slice(1));
			if (found) return found;
		}
		return null;
	};
	return walk('src/routes', segments);
}

describe('paths', () => {
	it('builds the addresses of the pages they name', () => {
		expect(paths.editor('event', 3)).toBe('/organiser/events/3');
		expect(paths.history('post', 4)).toBe('/organiser/posts/4/history');
		expect(paths.newPost(7)).toBe('/organiser/posts/new?event=7');
		expect(paths.page('post', 'retour')).toBe(paths.post('retour'));
		expect(paths.topic('covoiturage')).toBe('/forum/covoiturage');
		expect(paths.message(12)).toBe('/messages/12');
		expect(paths.messageAction(12, 'history')).toBe('/messages/12/history');
	});

	it('lands every address on a page that exists: a route that moves breaks this test', () => {
		const built = [
			paths.event('x'),
			paths.post('x'),
			paths.page('event', 'x'),
			paths.editor('event', 1),
			paths.editor('post', 1),
			paths.history('event', 1),
			paths.history('post', 1),
			paths.newPost(),
			paths.newPost(1),
			paths.topic('x'),
			paths.message(1),
			...(['reply', 'edit', 'delete', 'history'] as const).map((a) => paths.messageAction(1, a))
		];
		for (const path of built) expect(routeOf(path), path).not.toBeNull();
	});
});
