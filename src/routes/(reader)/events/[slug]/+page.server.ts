import { error } from '@sveltejs/kit';
import { database, publicOrigin } from '$lib/server/app';
import * as views from '$lib/server/views';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => {
	const event = views.eventPage(database(), params.slug, getLocale(), publicOrigin(url));
	if (!event) error(404, m.not_found_title());
	return { event };
};
