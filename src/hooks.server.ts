import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { startApp } from '$lib/server/app';
import * as language from '$lib/server/language';
import { paraglideMiddleware } from '$lib/paraglide/server';

export const init: ServerInit = () => {
	try {
		const { config, seeded } = startApp();
		console.log(`Rencontres: database ${config.databasePath}${seeded ? ' (new, seeded)' : ''}`);
	} catch (error) {
		// Fail fast with the message alone: it says what to set, a stack trace would bury it.
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
};

/** Every page lives under /fr/ or /en/: anything else goes to the reader's language. */
const chooseLanguage: Handle = ({ event, resolve }) => {
	const target = language.redirectTarget(event.url, event.request.headers);
	if (target) {
		return new Response(null, {
			status: 302,
			headers: { location: target, vary: 'Cookie, Accept-Language', 'cache-control': 'private, no-cache' }
		});
	}
	return resolve(event);
};

const localise: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', locale)
		});
		const cookie = language.rememberChoice(locale, event.request.headers, response.headers);
		if (cookie) response.headers.append('set-cookie', cookie);
		return response;
	});

export const handle = sequence(chooseLanguage, localise);
