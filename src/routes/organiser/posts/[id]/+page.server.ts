import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import { postFormValues } from '$lib/server/forms/posts';
import { savePost, setArchived } from '$lib/server/forms/post-actions';
import * as views from '$lib/server/organiser-views';
import * as posts from '$lib/server/posts';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/guard';

function postId(raw: string): number {
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!posts.findPostById(database(), id)) error(404, m.not_found_title());
	return id;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireOrganiser();
	const post = posts.findPostById(database(), postId(params.id))!;
	return {
		post: { id: post.id, slug: post.slug, status: post.status, archived: post.archivedAt !== null },
		values: postFormValues(post),
		events: views.eventChoices(database(), getLocale(), post.eventId ?? null),
		saved: url.searchParams.has('saved')
	};
};

export const actions = {
	save: (event) => savePost(event, guard.requireOrganiser(), postId(event.params.id)),
	archive: (event) => setArchived(guard.requireOrganiser(), postId(event.params.id), true),
	unarchive: (event) => setArchived(guard.requireOrganiser(), postId(event.params.id), false)
} satisfies Actions;
