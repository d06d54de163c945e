import { describe, expect, it } from 'vitest';
import { deLocalizeUrl, localizeHref } from '$lib/paraglide/runtime';
import { href, localisePlainPath, routePath, switchHref } from './i18n';

const GIVEN = [
	'/',
	'/events/x',
	'/fr/events/x',
	'/en/events/x',
	'/fr',
	'/en',
	'/fr/',
	'/en/',
	'/fr?x=1',
	'/en/?x=1',
	'/fren/x',
	'/FR/x',
	'/fr/en/x',
	'/en/fr',
	'/language?path=%2Fevents%2Fx%3Fa%3D1',
	'/posts?page=2',
	'/posts?page=2&past=3',
	'/calendar.ics',
	'/events/evenement-17.ics',
	'/organiser/events/12/history',
	'/x#frag',
	'/x?',
	'/events/a%20b',
	'/events/é',
	'/search?q=a b',
	"/search?q=l'été",
	'/search?q=été',
	'//evil.example/x',
	'/\\evil.example',
	'/.well-known/x',
	'/a/../b',
	'/a/./b',
	'/%2e%2e/x',
	'/%2E/x',
	'/a/%2e',
	'/x?a=/../b',
	'events/x',
	''
];

// Random paths over the characters that matter: separators, dots, escapes, prefixes, quotes.
function* randomPaths(count: number) {
	const pieces = [
		'/',
		'fr',
		'en',
		'.',
		'..',
		'%2e',
		'%20',
		'?',
		'&',
		'=',
		'#',
		'a',
		'x-1',
		"'",
		' ',
		'é',
		'%',
		':',
		'@',
		'~',
		'//'
	];
	let seed = 13;
	const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
	for (let i = 0; i < count; i++) {
		let path = '/';
		const length = 1 + (next() % 8);
		for (let j = 0; j < length; j++) path += pieces[next() % pieces.length];
		yield path;
	}
}

describe('localising without URLPattern', () => {
	it('gives what Paraglide gives, or hands the path to Paraglide', () => {
		let plain = 0;
		for (const path of [...GIVEN, ...randomPaths(1500)]) {
			for (const locale of ['fr', 'en'] as const) {
				// Paraglide refuses some (`//` with no host): so must href, never answering otherwise.
				const theirs = (() => {
					try {
						return localizeHref(path, { locale });
					} catch {
						return 'refused';
					}
				})();
				const fast = localisePlainPath(path, locale);
				if (fast !== null) {
					plain++;
					expect(fast, `${path} in ${locale}`).toBe(theirs);
				}
				const ours = (() => {
					try {
						return href(path, locale);
					} catch {
						return 'refused';
					}
				})();
				expect(ours, `${path} in ${locale}`).toBe(theirs);
			}
		}
		// Most addresses we make are plain: the fast way is the usual one.
		expect(plain).toBeGreaterThan(500);
		expect(localisePlainPath('/events/x', 'en')).toBe('/en/events/x');
		expect(localisePlainPath('/a/../b', 'fr')).toBeNull();
	});

	it('finds the route behind an address as Paraglide does', () => {
		for (const path of [...GIVEN, ...randomPaths(3000)]) {
			let url: URL;
			try {
				url = new URL(path, 'http://hub.example');
			} catch {
				continue;
			}
			if (url.host !== 'hub.example') continue;
			expect(routePath(url), path).toBe(deLocalizeUrl(new URL(url)).pathname);
		}
		expect(routePath(new URL('http://hub.example/en/posts/x'))).toBe('/posts/x');
		expect(routePath(new URL('http://hub.example/fr'))).toBe('/');
	});

	it('links the language switch to the page, its query included', () => {
		for (const path of ['/', '/events/x', '/search?q=été & co', '/posts?page=2&u=1-2']) {
			for (const locale of ['fr', 'en'] as const) {
				const link = switchHref(locale, path);
				expect(link).toBe(localizeHref(`/language?${new URLSearchParams({ path })}`, { locale }));
				expect(new URL(link, 'http://x').searchParams.get('path')).toBe(path);
			}
		}
	});
});
