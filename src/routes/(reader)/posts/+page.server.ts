import { database } from '$lib/server/app';
import { LISTS } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import * as views from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import { unsent } from '$lib/server/http/unsent';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	// Each post shows its message count.
	dependOn(LISTS);
	return unsent(
		views.postsPage(database(), getLocale(), views.pageNumber(url.searchParams.get('page')))
	);
};
