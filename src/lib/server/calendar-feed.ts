import type { ContentLocale } from '$lib/content';
import * as m from '$lib/paraglide/messages';
import * as calendar from './calendar';
import type { Db } from './db';
import * as events from './events';
import { conditionalResponse } from './http';
import * as posts from './posts';
import { calendarLabels } from './views';

const CONTENT_TYPE = 'text/calendar; charset=utf-8';
// Calendars poll on their own schedule; a short shared cache keeps a cancellation visible soon.
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

/** `/{lang}/calendar.ics`: every event, cancelled ones included so calendars drop them. */
export async function fullFeedResponse(db: Db, request: Request, locale: ContentLocale, origin: string): Promise<Response> {
	const all = events.listFeedEvents(db);
	const recaps = posts.listRecapsByEvent(db, all.map((e) => e.id));
	const description = m.calendar_feed_description({ count: events.FEED_PAST_EVENTS, url: `${origin}/${locale}/` }, { locale });
	const labels = calendarLabels(locale);
	await calendar.prepareBlocks({ events: all, locale, origin, labels, recaps });
	const body = calendar.buildCalendar({ events: all, locale, origin, labels, feed: true, recaps, description });
	return conditionalResponse(request, body, {
		lastModified: lastChange(all, recaps),
		headers: { 'content-type': CONTENT_TYPE, 'cache-control': CACHE_CONTROL }
	});
}

/** `/{lang}/events/{slug}.ics`: one event, as a download with a readable name. */
export function eventFileResponse(
	db: Db,
	request: Request,
	slug: string,
	locale: ContentLocale,
	origin: string
): Response {
	const event = events.findEventBySlug(db, slug);
	if (!event) {
		const movedTo = events.findMovedEvent(db, slug);
		if (movedTo) {
			return new Response(null, { status: 301, headers: { location: `/${locale}/events/${encodeURIComponent(movedTo)}.ics` } });
		}
		return new Response(m.calendar_not_found({}, { locale }), {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'content-language': locale }
		});
	}
	const recaps = posts.listRecapsByEvent(db, [event.id]);
	const body = calendar.buildCalendar({ events: [event], locale, origin, labels: calendarLabels(locale), feed: false, recaps });
	const filename = calendar.eventFileName(event);
	return conditionalResponse(request, body, {
		lastModified: lastChange([event], recaps),
		headers: {
			'content-type': CONTENT_TYPE,
			'cache-control': CACHE_CONTROL,
			'content-disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`
		}
	});
}

/** The newest change among the events and the recaps their descriptions list. */
function lastChange(list: events.HubEvent[], recaps: Map<number, posts.Recap[]>): number {
	let latest = 0;
	for (const e of list) latest = Math.max(latest, e.updatedAt);
	for (const group of recaps.values()) for (const p of group) latest = Math.max(latest, p.updatedAt);
	return latest;
}
