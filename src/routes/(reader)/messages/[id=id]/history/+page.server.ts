import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as forum from '$lib/server/views/forum';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

/** Public: every version of a message, so an edit never rewrites what was said unseen. */
export const load: PageServerLoad = ({ params }) => {
	const found = forum.historyPage(database(), Number(params.id), getLocale());
	if (!found) error(404, m.not_found_title());
	forum.showsDiscussion(found.subject);
	return found.page;
};
