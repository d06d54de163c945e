import * as messageActions from '$lib/server/forms/message-actions';
import { messagePage } from '$lib/server/forms/message-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => messagePage(params, locals, 'delete');

export const actions = {
	default: (event) => messageActions.remove(event, Number(event.params.id))
} satisfies Actions;
