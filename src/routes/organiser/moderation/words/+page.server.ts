import * as wordActions from '$lib/server/forms/words';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => wordActions.wordsPage(url);

export const actions = {
	add: (event) => wordActions.addWord(event),
	remove: (event) => wordActions.removeWord(event)
} satisfies Actions;
