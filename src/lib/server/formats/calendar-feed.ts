import type { ContentLocale } from '$lib/content';
import * as m from '$lib/paraglide/messages';
import * as calendar from './calendar';
import type { Db } from '../db';
import * as events from '../content/events';
import { createHash } from 'node:crypto';
import { conditionalResponse, etagFromHash } from '../http/conditional';
import * as posts from '../content/posts';
import { calendarLabels } from '../views/reader';

const CONTENT_TYPE = 'text/calendar; charset=utf-8';
// Calendars poll on their own schedule; a short shared cache keeps a cancellation visible soon.
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

type Feed = { body: Uint8Array<ArrayBuffer>; etag: string; lastModified: number };

/*
 * The full feed of each language, built once per content state and reused by every request
 * while the state holds, whatever its query string: a big archive's feed is 1–2 MB, and a
 * cache-busting parameter must not make each request rebuild (or rehash) it. Concurrent requests
 * of a new state share one build. Only the latest state is kept: older ones are never asked again.
 */
const feeds = new Map<ContentLocale, { key: string; feed: Promise<Feed> }>();

/** `/{lang}/calendar.ics`: every event, cancelled ones included so calendars drop them. */
export async function fullFeedResponse(
	db: Db,
	request: Request,
	locale: ContentLocale,
	origin: string,
	contentState: string
): Promise<Response> {
	const key = `${contentState}|${origin}`;
	let known = feeds.get(locale);
	if (known?.key !== key) {
		known = { key, feed: buildFullFeed(db, locale, origin) };
		feeds.set(locale, known);
		// A failed build is not remembered: the next request tries again.
		known.feed.catch(() => feeds.get(locale) === known && feeds.delete(locale));
	}
	const feed = await known.feed;
	return conditionalResponse(request, feed.body, {
		etag: feed.etag,
		lastModified: feed.lastModified,
		headers: { 'content-type': CONTENT_TYPE, 'cache-control': CACHE_CONTROL }
	});
}

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Reads the events a page at a time and lets other requests run between pages; the VEVENTs are
 * then made in slices (calendar.prepareBlocks). A write between two pages raises the content
 * state, so the next request builds again from a consistent start.
 */
async function buildFullFeed(db: Db, locale: ContentLocale, origin: string): Promise<Feed> {
	const all: events.HubEvent[] = [];
	const recaps = new Map<number, posts.Recap[]>();
	for (const page of events.feedPages(db)) {
		all.push(...page);
		for (const [id, list] of posts.listRecapsByEvent(
			db,
			page.map((e) => e.id)
		))
			recaps.set(id, list);
		await yieldToOthers();
	}
	const description = m.calendar_feed_description(
		{ count: events.FEED_PAST_EVENTS, url: `${origin}/${locale}/` },
		{ locale }
	);
	const labels = calendarLabels(locale);
	const blocks = await calendar.prepareBlocks({ events: all, locale, origin, labels, recaps });
	const { head, tail } = calendar.calendarFrame({
		events: all,
		locale,
		origin,
		labels,
		feed: true,
		recaps,
		description
	});
	// Encoded and hashed block by block, in slices too: joining, encoding and hashing 3.7 MB took
	// 50–90 ms at once.
	await yieldToOthers();
	const parts = [head, ...blocks, tail];
	const body = new Uint8Array(parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0));
	await yieldToOthers();
	const hash = createHash('sha256');
	let offset = 0;
	await calendar.inSlices(parts, (part) => {
		const written = Buffer.from(body.buffer, offset).write(part);
		hash.update(body.subarray(offset, offset + written));
		offset += written;
	});
	const feed = { body, etag: etagFromHash(hash), lastModified: lastChange(all, recaps) };
	// The requests waiting for it answer in a turn of their own.
	await yieldToOthers();
	return feed;
}

/** `/{lang}/events/{slug}.ics`: one event, as a download with a readable name. */
export function eventFileResponse(
	db: Db,
	request: Request,
	slug: string,
	locale: ContentLocale,
	origin: string
): Response {
	const event = events.findBySlug(db, slug);
	if (!event) {
		const movedTo = events.findMoved(db, slug);
		if (movedTo) {
			return new Response(null, {
				status: 301,
				headers: { location: `/${locale}/events/${encodeURIComponent(movedTo)}.ics` }
			});
		}
		return new Response(m.calendar_not_found({}, { locale }), {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'content-language': locale }
		});
	}
	const recaps = posts.listRecapsByEvent(db, [event.id]);
	const body = calendar.buildCalendar({
		events: [event],
		locale,
		origin,
		labels: calendarLabels(locale),
		feed: false,
		recaps
	});
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
	for (const group of recaps.values())
		for (const p of group) latest = Math.max(latest, p.updatedAt);
	return latest;
}
