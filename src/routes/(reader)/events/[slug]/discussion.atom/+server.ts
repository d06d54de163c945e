import { error } from '@sveltejs/kit';
import { database, publicOrigin } from '$lib/server/app';
import * as forumFeeds from '$lib/server/formats/forum-feeds';
import { LISTS, NAMES } from '$lib/server/forum/changes';
import * as discussions from '$lib/server/forum/discussions';
import { dependOn } from '$lib/server/http/cache-tags';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url, params }) => {
	const db = database();
	const subject = forumFeeds.subjectBySlug(db, 'event', params.slug);
	// A missing one may appear later: a new topic changes LISTS.
	if (!subject) dependOn(LISTS);
	else dependOn(discussions.tagOf(subject), NAMES);
	const response =
		subject &&
		forumFeeds.discussionAtomResponse(db, request, subject, getLocale(), publicOrigin(url));
	if (!response) error(404, 'Not found');
	return response;
};
