import * as content from '$lib/server/forms/content';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireOrganiser();
	return content.historyOf('post', Number(params.id), url);
};

export const actions = {
	restore: (event) => content.restoreRevision('post', event, guard.requireOrganiser(), Number(event.params.id))
} satisfies Actions;
