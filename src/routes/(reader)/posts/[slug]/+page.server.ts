import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as views from '$lib/server/views';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const post = views.postPage(database(), params.slug, getLocale());
	if (!post) error(404, m.not_found_title());
	return { post };
};
