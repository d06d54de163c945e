import { database, publicOrigin } from '$lib/server/app';
import * as sitemap from '$lib/server/formats/sitemap';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	new Response(sitemap.buildSitemapIndex(database(), publicOrigin(url)), {
		headers: sitemap.HEADERS
	});
