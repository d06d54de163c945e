import { contentState, database } from '$lib/server/app';
import { LISTS, NAMES } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import * as views from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import { unsent } from '$lib/server/http/unsent';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const locale = getLocale();
	const page = views.pageNumber(url.searchParams.get('past'));
	// Message counts and the latest discussions with their last writer: any new message
	// changes this page, and so does a renamed member. The events part waits for the content.
	dependOn(LISTS, NAMES);
	const home = views.rememberedFor(contentState(), `home|${locale}|${page}`, () =>
		views.homePage(database(), locale, page)
	);
	return unsent(views.withForum(database(), home, locale));
};
