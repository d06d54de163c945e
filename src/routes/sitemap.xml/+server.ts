import { database, publicOrigin } from '$lib/server/app';
import * as sitemap from '$lib/server/sitemap';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	new Response(sitemap.buildSitemapIndex(database(), publicOrigin(url)), {
		headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
