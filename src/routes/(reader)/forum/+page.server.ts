import { database } from '$lib/server/app';
import * as forum from '$lib/server/views/forum';
import { pageNumber } from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	forum.listsDiscussions();
	return forum.forumPage(database(), getLocale(), pageNumber(url.searchParams.get('page')));
};
