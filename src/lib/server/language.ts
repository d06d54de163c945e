import { cookieMaxAge, cookieName, isLocale, localizeUrl, type Locale } from '$lib/paraglide/runtime';

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
			return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
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
 * A Set-Cookie value that remembers the language of the page read, when it is not the one
 * remembered already: the next visit to `/` lands there.
 */
export function rememberChoice(locale: Locale, requestHeaders: Headers, responseHeaders: Headers): string | null {
	if (!responseHeaders.get('content-type')?.startsWith('text/html')) return null;
	if (cookieLocale(requestHeaders) === locale) return null;
	return `${cookieName}=${locale}; Path=/; Max-Age=${cookieMaxAge}; SameSite=Lax`;
}
