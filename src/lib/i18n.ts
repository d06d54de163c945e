import {
	deLocalizeUrl,
	getLocale,
	locales,
	localizeHref,
	type Locale
} from '$lib/paraglide/runtime';

/*
 * Paraglide's localizeHref and deLocalizeUrl match our /fr/ and /en/ URL patterns with a
 * URLPattern polyfill on Node 20: about 0.4 ms a call, compiled afresh each time, and the first
 * cost of an uncached page (issue 13). Our patterns are one prefix per language
 * (scripts/paraglide.js), so an address made only of the characters that URL parsing leaves
 * alone is localised by swapping that prefix, with the very result Paraglide gives
 * (i18n.test.ts compares them on thousands of addresses). Anything else (dot segments, spaces,
 * accents, `//`, a fragment) still goes through Paraglide, and is remembered.
 */

/** What `new URL` keeps as it is, in a path and in a query: no dot segment, no `//` start. */
const PLAIN = /^\/(?![/\\])[\w\-.~!$&()*+,;=:@%/]*(?:\?[\w\-.~!$&()*+,;=:@%/?]+)?$/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;
const PREFIXES = locales.map((l) => `/${l}`);

/** The path without its language prefix (`/fr/events/x` → `/events/x`, `/en` → `/`). */
function withoutPrefix(pathname: string): string {
	for (const prefix of PREFIXES) {
		if (!pathname.startsWith(prefix)) continue;
		if (pathname.length === prefix.length) return '/';
		if (pathname[prefix.length] === '/') return pathname.slice(prefix.length);
	}
	return pathname;
}

/** localizeHref for a plain path, or null when Paraglide must decide. */
export function localisePlainPath(path: string, locale: Locale): string | null {
	if (!PLAIN.test(path) || DOT_SEGMENT.test(path)) return null;
	const query = path.indexOf('?');
	const pathname = query < 0 ? path : path.slice(0, query);
	const search = query < 0 ? '' : path.slice(query);
	// `/fr` stays without its slash, in either language.
	if (PREFIXES.includes(pathname)) return `/${locale}${search}`;
	return `/${locale}${withoutPrefix(pathname)}${search}`;
}

const cache = new Map<string, string>();
const MAX_ENTRIES = 10_000;
/**
 * Only short paths are remembered: every link and route we make is short, while a stranger's
 * address can be 16 KB, and ten thousand of those would fill the heap.
 */
const MAX_REMEMBERED_PATH = 256;

/** Paraglide's localizeHref, remembered: the link to `path` in `locale` (default: the reader's). */
export function href(path: string, locale: Locale = getLocale()): string {
	const key = `${locale}\u0000${path}`;
	let result = cache.get(key);
	if (result === undefined) {
		result = localisePlainPath(path, locale) ?? localizeHref(path, { locale });
		if (path.length > MAX_REMEMBERED_PATH) return result;
		// Slugs are unbounded over time: start afresh rather than grow without limit.
		if (cache.size >= MAX_ENTRIES) cache.clear();
		cache.set(key, result);
	}
	return result;
}

const routes = new Map<string, string>();

/** No page of ours has a longer path; longer ones are refused before any work (hooks.server.ts). */
export const MAX_PATH_LENGTH = 1024;

/** Paraglide's deLocalizeUrl, remembered by path: the route behind /fr/… or /en/…, on every request. */
export function routePath(url: URL): string {
	// Matching a 16 KB path against the language patterns costs milliseconds: such a path is no page.
	if (url.pathname.length > MAX_PATH_LENGTH) return url.pathname;
	let result = routes.get(url.pathname);
	if (result === undefined) {
		// A URL's pathname is already normalised: only the prefix is left to take off.
		result = PLAIN.test(url.pathname) ? withoutPrefix(url.pathname) : deLocalizeUrl(url).pathname;
		if (url.pathname.length > MAX_REMEMBERED_PATH) return result;
		if (routes.size >= MAX_ENTRIES) routes.clear();
		routes.set(url.pathname, result);
	}
	return result;
}

/**
 * The switcher's link to the page at `path` (without language) in `locale`: it goes through
 * /{locale}/language, which remembers the choice and redirects to the page. The page's own
 * address travels as a parameter, so only `/language` is localised (and remembered): a page
 * asked with a query of its own would otherwise be a new address to localise every time.
 */
export function switchHref(locale: Locale, path: string): string {
	return `${href('/language', locale)}?${new URLSearchParams({ path })}`;
}
