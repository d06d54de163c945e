import { publicOrigin } from '$lib/server/app';
import * as sitemap from '$lib/server/formats/sitemap';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	new Response(sitemap.buildRobots(publicOrigin(url)), {
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'public, max-age=86400'
		}
	});
