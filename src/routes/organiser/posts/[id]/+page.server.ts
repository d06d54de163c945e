import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import { postFormValues } from '$lib/server/forms/posts';
import * as postActions from '$lib/server/forms/post-actions';
import { doneOf } from '$lib/server/forms/outcome';
import * as views from '$lib/server/views/organiser';
import * as posts from '$lib/server/content/posts';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

function postId(raw: string): number {
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!posts.findPostById(database(), id)) error(404, m.not_found_title());
	return id;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	const post = posts.findPostById(database(), postId(params.id))!;
	return {
		post: { id: post.id, slug: post.slug, version: post.version, status: post.status, archived: post.archivedAt !== null },
		values: postFormValues(post),
		events: views.eventChoices(database(), getLocale(), post.eventId ?? null),
		done: doneOf(url)
	};
};

export const actions = {
	save: (event) => postActions.savePost(event, guard.requireRole('organiser'), postId(event.params.id)),
	publish: (event) => postActions.changeState(event, guard.requireRole('organiser'), postId(event.params.id), 'publish'),
	unpublish: (event) => postActions.changeState(event, guard.requireRole('organiser'), postId(event.params.id), 'unpublish'),
	archive: (event) => postActions.setArchived(event, guard.requireRole('organiser'), postId(event.params.id), true),
	unarchive: (event) => postActions.setArchived(event, guard.requireRole('organiser'), postId(event.params.id), false)
} satisfies Actions;
