import * as guard from '$lib/server/auth/guard';
import * as wordActions from '$lib/server/forms/words';
import type { Actions, PageServerLoad } from './$types';

// Admins only: the hook's guard (AREAS) and each handler here, each on its own.
export const load: PageServerLoad = ({ url }) =>
	wordActions.wordsPage(guard.requireRole('admin'), url);

export const actions = {
	add: (event) => wordActions.addWord(guard.requireRole('admin', event.locals), event),
	remove: (event) => wordActions.removeWord(guard.requireRole('admin', event.locals), event)
} satisfies Actions;
