import { database } from '$lib/server/app';
import * as views from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) =>
	views.postsPage(database(), getLocale(), views.pageNumber(url.searchParams.get('page')));
