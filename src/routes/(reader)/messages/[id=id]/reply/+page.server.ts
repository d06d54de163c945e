import * as messageActions from '$lib/server/forms/message-actions';
import { messagePage } from '$lib/server/forms/message-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const page = messagePage(params, locals, 'reply');
	// `?quote=1`: the whole text to start from, for the member to trim to the words they answer.
	return { ...page, quote: url.searchParams.get('quote') === '1' ? page.source.body : null };
};

export const actions = {
	default: (event) => messageActions.reply(event, Number(event.params.id))
} satisfies Actions;
