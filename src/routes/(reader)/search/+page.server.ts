import { database } from '$lib/server/app';
import * as search from '$lib/server/search';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const q = url.searchParams.get('q') ?? '';
	return { q: q.slice(0, 2 * search.MAX_QUERY_LENGTH), outcome: await search.search(database(), q, getLocale()) };
};
