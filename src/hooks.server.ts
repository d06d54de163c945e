import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import {
	contentState,
	database,
	forgetContentState,
	forumWrittenHere,
	startApp,
	whenForumWrittenElsewhere
} from '$lib/server/app';
import * as responseCache from '$lib/server/http/response-cache';
import * as fastPath from '$lib/server/http/fast-path';
import * as forumChanges from '$lib/server/forum/changes';
import * as auth from '$lib/server/auth/sessions';
import * as guard from '$lib/server/auth/guard';
import * as compression from '$lib/server/http/compression';
import { MAX_PATH_LENGTH } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import * as language from '$lib/server/http/language';
import * as urlPatterns from '$lib/server/http/url-patterns';
import { crossSiteForm } from '$lib/server/http/same-origin';
import { paraglideMiddleware } from '$lib/paraglide/server';

export const init: ServerInit = () => {
	try {
		// The dev server answers on whatever host it is asked for: no ORIGIN needed, no cache.
		const { config, seeded } = startApp(process.env, { requireOrigin: !dev });
		if (config.origin)
			responseCache.enable({
				sessionIsLive: (token) => auth.validateSession(database(), token) !== null
			});
		// A forum write drops the cached answers that show it, and only those.
		forumChanges.onChange((tags) => {
			responseCache.invalidate(tags.filter((tag) => tag !== forumChanges.LISTS));
			if (tags.includes(forumChanges.LISTS))
				responseCache.invalidateSoon(forumChanges.LISTS, forumChanges.LISTS_LAG_MS);
			forumWrittenHere();
		});
		whenForumWrittenElsewhere(() => responseCache.invalidateTagged());
		fastPath.offerFastPath();
		urlPatterns.rememberCompiledPatterns();
		console.log(`Rencontres: database ${config.databasePath}${seeded ? ' (new, seeded)' : ''}`);
	} catch (error) {
		// Fail fast with the message alone: it says what to set, a stack trace would bury it.
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
};

/** Addresses that belong to no language: crawlers expect them at the root. */
const LANGUAGE_FREE = /^\/(?:sitemap\.xml|sitemap-[a-z]+-\d+\.xml|robots\.txt|healthz)$/;

/** Every page lives under /fr/ or /en/: anything else goes to the reader's language. */
const chooseLanguage: Handle = ({ event, resolve }) => {
	if (LANGUAGE_FREE.test(event.url.pathname)) return resolve(event);
	const target = language.redirectTarget(event.url, event.request.headers);
	if (target) {
		return new Response(null, {
			status: 302,
			headers: {
				location: target,
				vary: 'Cookie, Accept-Language',
				'cache-control': 'private, no-cache'
			}
		});
	}
	return resolve(event);
};

/** The language of the address, for getLocale(), the messages and `<html lang>`. */
const localise: Handle = ({ event, resolve }) => {
	if (LANGUAGE_FREE.test(event.url.pathname)) return resolve(event);
	// chooseLanguage has sent every address without a language prefix to one.
	const locale = language.localeOfPath(event.url.pathname);
	const inLocale = (locale: string) =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	if (locale) return language.runInLocale(locale, event.url.origin, () => inLocale(locale));
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return inLocale(locale);
	});
};

/**
 * Who is asking (`locals.account`), and the guard of the areas that need a role: decided on the
 * route SvelteKit matched, never on the raw path, which an encoded letter (`/fr/%6Frganiser`)
 * would disguise. Each load and action under those areas checks its caller again
 * (guard.requireRole); what an account may do to a thing is the domain's (auth/policy.ts).
 */
const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(auth.SESSION_COOKIE) ?? null;
	event.locals.sessionToken = token;
	event.locals.account = token ? auth.validateSession(database(), token) : null;
	const routeId = event.route.id;
	const role = guard.roleNeeded(routeId);
	// Visitors go to the login page; an account without the role gets the page's own 403.
	if (role !== null && !event.locals.account) {
		const back =
			event.request.method === 'GET' ? event.url.pathname + event.url.search : guard.homeOf(role);
		const headers = new Headers({
			location: guard.loginLocation(back, role),
			'cache-control': 'no-store'
		});
		// A session that no longer opens anything is forgotten by the browser too. (The response
		// is made here, not by resolve(): cookies.delete() would not reach it.)
		if (token)
			headers.append(
				'set-cookie',
				event.cookies.serialize(auth.SESSION_COOKIE, '', { path: '/', maxAge: 0 })
			);
		return new Response(null, { status: 303, headers });
	}
	const response = await resolve(event);
	// Whoever is logged in always gets fresh pages, and no shared cache keeps them.
	if (guard.inOrganiserArea(routeId) || event.locals.account)
		response.headers.set('cache-control', 'private, no-store');
	// A page differs once its reader logs in (their name, the forms): a browser must not show
	// the visitor's copy it kept for a minute to the member who just signed in.
	if (response.headers.get('content-type')?.startsWith('text/html'))
		response.headers.append('vary', 'Cookie');
	return response;
};

/** Headers every response carries; pages get their Content-Security-Policy from kit.csp. */
const secure: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	if (!headers.has('content-security-policy')) {
		headers.set(
			'content-security-policy',
			"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
		);
	}
	return response;
};

/** Text answers go out compressed (brotli or gzip): pages, feeds, calendars, sitemaps. */
const compress: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return compression.compressResponse(event.request, response, {
		once: compression.isRenderedForOne(event.request)
	});
};

/** A path longer than any of ours is refused before it costs anything, in the language it names. */
const bounded: Handle = ({ event, resolve }) => {
	if (event.url.pathname.length <= MAX_PATH_LENGTH) return resolve(event);
	const locale = event.url.pathname.startsWith('/en/') ? 'en' : 'fr';
	return new Response(m.address_too_long({}, { locale }), {
		status: 414,
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'content-language': locale,
			'cache-control': 'no-store'
		}
	});
};

/**
 * Form posts from another site are refused (CSRF), as SvelteKit's own check did, except on the
 * one route mail clients post to (one-click unsubscribe, RFC 8058): http/same-origin.ts.
 */
const sameOriginForms: Handle = ({ event, resolve }) => {
	if (!crossSiteForm(event.request, event.url, event.route.id)) return resolve(event);
	const message = `Cross-site ${event.request.method} form submissions are forbidden`;
	const json = event.request.headers.get('accept') === 'application/json';
	return new Response(json ? JSON.stringify({ message }) : message, {
		status: 403,
		headers: {
			'content-type': json ? 'application/json' : 'text/plain;charset=UTF-8',
			'cache-control': 'no-store'
		}
	});
};

/** Anonymous pages and feeds from memory while the content has not changed (fast-path.ts answers most hits first). */
const cached: Handle = async ({ event, resolve }) => {
	const asked = responseCache.askedOf(event.request);
	if (!responseCache.cacheable(asked)) {
		compression.renderedForOne(event.request);
		if (asked.method === 'GET' || asked.method === 'HEAD') return resolve(event);
		// A form post may have changed content: the very next request must see it.
		try {
			return await resolve(event);
		} finally {
			forgetContentState();
		}
	}
	const key = responseCache.keyFor(asked, contentState());
	const hit = responseCache.lookup(key, asked);
	if (hit) return responseCache.toResponse(hit);
	// A page's data request (__data.json) answers another question than the page: never kept.
	if (event.isDataRequest || !responseCache.storableRoute(event.route.id, asked.target))
		compression.renderedForOne(event.request);
	return responseCache.fill(
		key,
		asked,
		event.isDataRequest ? null : event.route.id,
		() => resolve(event),
		() => event.locals.cacheTags ?? []
	);
};

export const handle = sequence(
	bounded,
	sameOriginForms,
	cached,
	compress,
	secure,
	chooseLanguage,
	localise,
	authenticate
);

/** A reader's bad link (4xx) is not a server fault: log only what is ours to fix. */
export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status >= 500) console.error(error);
	return { message };
};
