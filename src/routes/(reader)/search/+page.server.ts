import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as search from '$lib/server/content/search';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	const q = url.searchParams.get('q') ?? '';
	const outcome = await search.search(database(), q, getLocale());
	if (outcome.status === 'busy') {
		setHeaders({ 'retry-after': String(search.RETRY_AFTER_SECONDS) });
		error(503, 'busy');
	}
	return { q: q.slice(0, 2 * search.MAX_QUERY_LENGTH), outcome };
};
