import type { ContentLocale } from '$lib/content';
import * as m from '$lib/paraglide/messages';
import * as calendar from './calendar';
import type { Db } from './db';
import * as events from './events';
import { conditionalResponse } from './http';
import { calendarLabels } from './views';

const CONTENT_TYPE = 'text/calendar; charset=utf-8';
// Calendars poll on their own schedule; a short shared cache keeps a cancellation visible soon.
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

/** `/{lang}/calendar.ics`: every event, cancelled ones included so calendars drop them. */
export function fullFeedResponse(db: Db, request: Request, locale: ContentLocale, origin: string): Response {
	const all = events.listAllEvents(db);
	const body = calendar.buildCalendar({ events: all, locale, origin, labels: calendarLabels(locale), feed: true });
	return conditionalResponse(request, body, {
		lastModified: events.eventsVersion(db).lastModified,
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
		return new Response(m.calendar_not_found({}, { locale }), {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'content-language': locale }
		});
	}
	const body = calendar.buildCalendar({ events: [event], locale, origin, labels: calendarLabels(locale), feed: false });
	const filename = calendar.eventFileName(event);
	return conditionalResponse(request, body, {
		lastModified: event.updatedAt,
		headers: {
			'content-type': CONTENT_TYPE,
			'cache-control': CACHE_CONTROL,
			'content-disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`
		}
	});
}
