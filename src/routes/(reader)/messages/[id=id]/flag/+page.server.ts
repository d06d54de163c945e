import * as guard from '$lib/server/auth/guard';
import * as flagActions from '$lib/server/forms/flags';
import type { Actions, PageServerLoad } from './$types';

// Members only: the hook's guard (AREAS) and each handler here, each on its own.
export const load: PageServerLoad = ({ params, locals, url }) =>
	flagActions.flagPage(guard.requireAccount(locals), Number(params.id), url);

export const actions = {
	default: (event) =>
		flagActions.flagMessage(guard.requireAccount(event.locals), event, Number(event.params.id))
} satisfies Actions;
