import { database, publicOrigin } from '$lib/server/app';
import * as sitemap from '$lib/server/formats/sitemap';
import { LISTS } from '$lib/server/forum/changes';
import { dependOn } from '$lib/server/http/cache-tags';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, params }) => {
	// Topics come and go with the forum's writes; events and posts with the content's.
	if (params.kind === 'topics') dependOn(LISTS);
	const body = await sitemap.buildSitemapPart(
		database(),
		publicOrigin(url),
		params.kind,
		params.number
	);
	if (body === null)
		return new Response('No such sitemap part\n', {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	return new Response(body, { headers: sitemap.HEADERS });
};
