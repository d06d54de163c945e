import { database } from '$lib/server/app';
import { LISTS, NAMES } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import * as views from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	// Message counts and the latest discussions with their last writer: any new message
	// changes this page, and so does a renamed member.
	dependOn(LISTS, NAMES);
	return views.homePage(database(), getLocale(), views.pageNumber(url.searchParams.get('past')));
};
