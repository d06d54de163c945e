import { database } from '$lib/server/app';
import { emptyPostForm } from '$lib/server/forms/posts';
import * as postActions from '$lib/server/forms/post-actions';
import * as views from '$lib/server/views/organiser';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ url }) => {
	guard.requireRole('organiser');
	return {
		values: emptyPostForm(url.searchParams.get('event') ?? ''),
		events: views.eventChoices(database(), getLocale())
	};
};

export const actions = {
	save: (requestEvent) => postActions.savePost(requestEvent, guard.requireRole('organiser'), null)
} satisfies Actions;
