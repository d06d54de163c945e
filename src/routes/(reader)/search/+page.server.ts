import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as search from '$lib/server/content/search';
import { LISTS, NAMES } from '$lib/server/forum/changes';
import * as forumSearch from '$lib/server/forum/search';
import { dependOn } from '$lib/server/http/cache-tags';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	// Messages found, with their authors' names.
	dependOn(LISTS, NAMES);
	const q = url.searchParams.get('q') ?? '';
	const db = database();
	const outcome = await search.search(db, q, getLocale());
	const found =
		outcome.status === 'ok' ? await forumSearch.searchMessages(db, q, getLocale()) : null;
	if (outcome.status === 'busy' || found?.status === 'busy') {
		setHeaders({ 'retry-after': String(search.RETRY_AFTER_SECONDS) });
		error(503, 'busy');
	}
	return {
		q: q.slice(0, 2 * search.MAX_QUERY_LENGTH),
		outcome,
		messages: found?.status === 'ok' ? found.hits : []
	};
};
