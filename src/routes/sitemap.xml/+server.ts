import { database, publicOrigin } from '$lib/server/app';
import * as sitemap from '$lib/server/formats/sitemap';
import { LISTS } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => {
	// A new topic may open a new part of topics.
	dependOn(LISTS);
	return new Response(sitemap.buildSitemapIndex(database(), publicOrigin(url)), {
		headers: sitemap.HEADERS
	});
};
