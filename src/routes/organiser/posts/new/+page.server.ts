import { database } from '$lib/server/app';
import { emptyPostForm } from '$lib/server/forms/posts';
import { savePost } from '$lib/server/forms/post-actions';
import * as views from '$lib/server/organiser-views';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	values: emptyPostForm(url.searchParams.get('event') ?? ''),
	events: views.eventChoices(database(), getLocale())
});

export const actions = {
	save: (event) => savePost(event, null)
} satisfies Actions;
