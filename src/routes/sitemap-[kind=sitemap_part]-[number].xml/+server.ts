import { database, publicOrigin } from '$lib/server/app';
import * as sitemap from '$lib/server/sitemap';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params }) => {
	const number = /^\d{1,6}$/.test(params.number) ? Number(params.number) : 0;
	const body = sitemap.buildSitemapPart(database(), publicOrigin(url), params.kind as sitemap.PartKind, number);
	if (body === null) return new Response('No such sitemap part\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' } });
};
