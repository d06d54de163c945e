import { database, publicOrigin } from '$lib/server/app';
import * as forumFeeds from '$lib/server/formats/forum-feeds';
import { LISTS, NAMES } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url }) => {
	dependOn(LISTS, NAMES);
	return forumFeeds.forumAtomResponse(database(), request, getLocale(), publicOrigin(url));
};
