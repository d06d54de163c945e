import { error, redirect } from '@sveltejs/kit';
import * as language from '$lib/server/http/language';
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

// /{lang}/language?path=… : the switcher's link. Never rendered: it always redirects.
export const load: PageServerLoad = ({ url, cookies, setHeaders }) => {
	const choice = language.switchTo(getLocale(), url);
	if (!choice) error(400, m.bad_request_title());
	setHeaders({ 'cache-control': 'no-store' });
	cookies.set(choice.cookie.name, choice.cookie.value, choice.cookie.options);
	redirect(303, choice.location);
};
