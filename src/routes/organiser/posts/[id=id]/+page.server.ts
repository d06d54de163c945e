import { database } from '$lib/server/app';
import { postFormValues } from '$lib/server/forms/posts';
import * as postActions from '$lib/server/forms/post-actions';
import * as content from '$lib/server/forms/content';
import { doneOf } from '$lib/server/forms/outcome';
import * as views from '$lib/server/views/organiser';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	const post = content.findOr404('post', params.id);
	return {
		post: {
			id: post.id,
			slug: post.slug,
			version: post.version,
			status: post.status,
			archived: post.archivedAt !== null
		},
		values: postFormValues(post),
		events: views.eventChoices(database(), getLocale(), post.eventId ?? null),
		done: doneOf(url)
	};
};

/** The id the address names, once it is known to exist (a 404 otherwise). */
const postId = (raw: string) => content.findOr404('post', raw).id;

export const actions = {
	save: (requestEvent) =>
		postActions.savePost(
			requestEvent,
			guard.requireRole('organiser'),
			postId(requestEvent.params.id)
		),
	publish: (requestEvent) =>
		postActions.changeState(
			requestEvent,
			guard.requireRole('organiser'),
			postId(requestEvent.params.id),
			'publish'
		),
	unpublish: (requestEvent) =>
		postActions.changeState(
			requestEvent,
			guard.requireRole('organiser'),
			postId(requestEvent.params.id),
			'unpublish'
		),
	archive: (requestEvent) =>
		content.setArchived(
			'post',
			requestEvent,
			guard.requireRole('organiser'),
			postId(requestEvent.params.id),
			true
		),
	unarchive: (requestEvent) =>
		content.setArchived(
			'post',
			requestEvent,
			guard.requireRole('organiser'),
			postId(requestEvent.params.id),
			false
		)
} satisfies Actions;
