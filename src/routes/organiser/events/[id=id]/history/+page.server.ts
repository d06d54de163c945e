import * as content from '$lib/server/forms/content';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	return content.historyOf('event', Number(params.id), url);
};

export const actions = {
	restore: (requestEvent) =>
		content.restoreRevision(
			'event',
			requestEvent,
			guard.requireRole('organiser'),
			Number(requestEvent.params.id)
		)
} satisfies Actions;
