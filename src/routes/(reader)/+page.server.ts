import { database } from '$lib/server/app';
import { LISTS } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import * as views from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	// Message counts and the latest discussions: any new message changes this page.
	dependOn(LISTS);
	return views.homePage(database(), getLocale(), views.pageNumber(url.searchParams.get('past')));
};
