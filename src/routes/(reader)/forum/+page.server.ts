import { database } from '$lib/server/app';
import * as forum from '$lib/server/views/forum';
import { pageNumber } from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import { unsent } from '$lib/server/http/unsent';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	forum.listsDiscussions();
	return unsent(forum.forumPage(database(), getLocale(), pageNumber(url.searchParams.get('page'))));
};
