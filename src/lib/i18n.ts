import { deLocalizeUrl, getLocale, localizeHref, type Locale } from '$lib/paraglide/runtime';

/*
 * Paraglide's localizeHref matches our /fr/ and /en/ URL patterns with a URLPattern polyfill
 * on Node 20, at about 0.4 ms a call: a page with a dozen links spent most of its time there.
 * Its result depends only on the path and the language, so it is remembered.
 */
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
		result = localizeHref(path, { locale });
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
		result = deLocalizeUrl(url).pathname;
		if (url.pathname.length > MAX_REMEMBERED_PATH) return result;
		if (routes.size >= MAX_ENTRIES) routes.clear();
		routes.set(url.pathname, result);
	}
	return result;
}

/**
 * The switcher's link to the page at `path` (without language) in `locale`: it goes through
 * /{locale}/language, which remembers the choice and redirects to the page.
 */
export function switchHref(locale: Locale, path: string): string {
	return href(`/language?${new URLSearchParams({ path })}`, locale);
}
