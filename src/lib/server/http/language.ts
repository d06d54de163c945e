import { AsyncLocalStorage } from 'node:async_hooks';
import {
	cookieMaxAge,
	cookieName,
	deLocalizeUrl,
	getServerAsyncLocalStorage,
	isLocale,
	localizeUrl,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';

const FALLBACK: Locale = 'fr';

function cookieLocale(headers: Headers): Locale | undefined {
	const match = new RegExp(`(?:^|;\\s*)${cookieName}=([^;]*)`).exec(headers.get('cookie') ?? '');
	const value = match?.[1];
	return value && isLocale(value) ? value : undefined;
}

/** The best of our languages for an Accept-Language header, by quality then order. */
export function negotiate(acceptLanguage: string | null): Locale | undefined {
	if (!acceptLanguage) return undefined;
	const ranges = acceptLanguage
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
			return {
				base: tag.trim().toLowerCase().split('-')[0] ?? '',
				q: q === undefined ? 1 : Number(q),
				index
			};
		})
		.filter((r) => r.q > 0 && !Number.isNaN(r.q))
		.sort((a, b) => b.q - a.q || a.index - b.index);
	for (const range of ranges) if (isLocale(range.base)) return range.base;
	return undefined;
}

/** The reader's language for an address without one: remembered choice, then browser, then French. */
export function preferredLocale(headers: Headers): Locale {
	return cookieLocale(headers) ?? negotiate(headers.get('accept-language')) ?? FALLBACK;
}

/** Where to send a request whose path has no language prefix; null when it has one. */
export function redirectTarget(url: URL, headers: Headers): string | null {
	const first = url.pathname.split('/')[1] ?? '';
	if (isLocale(first)) return null;
	const target = localizeUrl(url, { locale: preferredLocale(headers) });
	return target.pathname + target.search;
}

/**
 * The answer to the switcher: remember the chosen language, then the same page in it. The
 * choice is remembered here, not on every page read, so pages carry no Set-Cookie and any
 * shared cache can keep them (docs/deploy.md). Null for anything but a path on this site.
 */
export function switchTo(locale: Locale, url: URL) {
	const path = url.searchParams.get('path') ?? '/';
	// Only a path on this site: not //host, not /\host, no scheme, no control characters.
	// eslint-disable-next-line no-control-regex -- the control characters are what is matched
	if (path.length > 2000 || !/^\/(?![/\\])[^\u0000-\u001f\\]*$/.test(path)) return null;
	const target = localizeUrl(deLocalizeUrl(new URL(path, 'http://x')), { locale });
	return {
		location: target.pathname + target.search,
		cookie: {
			name: cookieName,
			value: locale,
			// Not HttpOnly: Paraglide reads it in the browser on the organisers' pages.
			options: {
				path: '/',
				maxAge: cookieMaxAge,
				sameSite: 'lax',
				httpOnly: false,
				secure: url.protocol === 'https:'
			} as const
		}
	};
}

/** The language an address names by its prefix (`/en`, `/en/…`), if it names one. */
export function localeOfPath(pathname: string): Locale | undefined {
	const first = pathname.split('/', 2)[1] ?? '';
	return isLocale(first) ? first : undefined;
}

/** What Paraglide's runtime reads in its store (messageCalls: only for its locale splitting). */
type ParaglideStore = { locale?: Locale; origin?: string; messageCalls?: Set<string> };

function storage() {
	let found = getServerAsyncLocalStorage() as AsyncLocalStorage<ParaglideStore> | undefined;
	if (!found) {
		found = new AsyncLocalStorage<ParaglideStore>();
		overwriteServerAsyncLocalStorage(found);
	}
	return found;
}

/**
 * Runs `work` in `locale`, for getLocale() and every message: what Paraglide's middleware does
 * for an address that already names its language (hooks.server.ts sends the others to one),
 * without what it adds on every request: matching the address against the URL patterns twice
 * (URLPattern, on Node 20 a polyfill compiled afresh each call), cloning the request twice, and
 * noting every message called (only its experimental locale splitting reads that).
 */
export function runInLocale<T>(locale: Locale, origin: string, work: () => T): T {
	return storage().run({ locale, origin }, work);
}
