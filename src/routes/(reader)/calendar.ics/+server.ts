import { contentState, database, publicOrigin } from '$lib/server/app';
import * as calendarFeed from '$lib/server/formats/calendar-feed';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url }) =>
	calendarFeed.fullFeedResponse(
		database(),
		request,
		getLocale(),
		publicOrigin(url),
		contentState()
	);
