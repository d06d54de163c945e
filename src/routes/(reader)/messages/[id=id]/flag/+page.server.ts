import * as flagActions from '$lib/server/forms/flags';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) =>
	flagActions.flagPage(params, locals, url);

export const actions = {
	default: (event) => flagActions.flagMessage(event, Number(event.params.id))
} satisfies Actions;
