import { database, publicOrigin } from '$lib/server/app';
import * as feeds from '$lib/server/formats/feeds';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url }) =>
	feeds.atomResponse(database(), request, getLocale(), publicOrigin(url));
