import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { pickText, type ContentLocale } from '$lib/content';
import { countryName, exclusiveEndDate } from '$lib/format';
import { eventPlace, type HubEvent } from '../content/events';
import { foldLines } from './ical-fold';
import { markdownToText } from './markdown';
import type { Recap } from '../content/posts';
import { cleanLine, cleanText } from '../content/text';
import * as vtimezone from './vtimezone';
import * as time from '$lib/time';

/** How often subscribed calendars are asked to poll: often enough for a cancellation. */
export const REFRESH_SECONDS = 6 * 60 * 60;

export type CalendarLabels = {
	/** X-WR-CALNAME of the full feed, in the feed's language. */
	calendarName: string;
	/** Line that ends every DESCRIPTION, before the event page's address. */
	moreAt: string;
	/** Heading of the recaps listed in a DESCRIPTION. */
	recaps: string;
};

/** What joins a label to what follows it: French puts a no-break space before the colon. */
export function colon(locale: ContentLocale): string {
	return locale === 'fr' ? '\u00a0: ' : ': ';
}

/** Absolute URL of an event page in `locale`. */
export function eventPageUrl(origin: string, locale: ContentLocale, slug: string): string {
	return `${origin}/${locale}/events/${encodeURIComponent(slug)}`;
}

/** One line of place: venue, city, country, in the reader's language (each falling back to the other). */
export function eventLocation(event: HubEvent, locale: ContentLocale): string {
	const { venue, city } = eventPlace(event, locale);
	return [venue, city, event.country ? countryName(event.country, locale) : null]
		.filter(Boolean)
		.join(', ');
}

/**
 * The plain-text DESCRIPTION: summary, description, the recaps, then the page link
 * (Exchange ignores URL, so the link must be in the text).
 */
export function eventDescription(
	event: HubEvent,
	locale: ContentLocale,
	origin: string,
	labels: CalendarLabels,
	recaps: Recap[] = []
) {
	const text = pickText(event.texts, locale)?.value;
	const parts = [text?.summary?.trim(), text?.description ? markdownToText(text.description) : '']
		.filter((p): p is string => Boolean(p))
		.filter((p, i, all) => i === 0 || p !== all[0]);
	const recapLines = recaps.flatMap((post) => {
		const title = pickText(post.texts, locale)?.value.title;
		return title
			? [`- ${title}${colon(locale)}${origin}/${locale}/posts/${encodeURIComponent(post.slug)}`]
			: [];
	});
	if (recapLines.length > 0) parts.push([labels.recaps, ...recapLines].join('\n'));
	parts.push(`${labels.moreAt} ${eventPageUrl(origin, locale, event.slug)}`);
	return parts.join('\n\n');
}

type BuildOptions = {
	events: HubEvent[];
	locale: ContentLocale;
	origin: string;
	labels: CalendarLabels;
	/** The full feed gets a name and refresh interval; a single event's file does not need them. */
	feed: boolean;
	/** Published recaps by event id, listed in each DESCRIPTION. */
	recaps?: Map<number, Recap[]>;
	/** X-WR-CALDESC of the feed: what it holds and where the rest is. */
	description?: string;
};

/*
 * Each event's folded VEVENT is made once per version of what it shows, and the feed is
 * assembled around the remembered blocks: a feed of a few thousand events is then a join.
 */
const blocks = new Map<string, string>();
const MAX_BLOCKS = 20_000;

function blockKey(
	event: HubEvent,
	locale: ContentLocale,
	origin: string,
	labels: CalendarLabels,
	recaps: Recap[] = []
) {
	const recapKey = recaps.map((p) => `${p.id}.${p.updatedAt}`).join(',');
	return `${event.uid}|${event.updatedAt}|${event.sequence}|${event.archivedAt ?? ''}|${locale}|${origin}|${labels.moreAt}|${labels.recaps}|${recapKey}`;
}

function newCalendar(locale: ContentLocale) {
	return ical({
		prodId: { company: 'Rencontres', product: 'Rencontres', language: locale.toUpperCase() },
		// No calendar zone (DTSTAMP and LAST-MODIFIED stay in UTC) and no zone generator: the
		// VTIMEZONEs are written by calendarFrame, one per TZID the events use (vtimezone.ts).
		timezone: null
	});
}

const UTC_NAMES = /^(?:etc\/)?(?:utc|uct|gmt|zulu|universal)$/i;
const THREE_HOURS = 3 * 60 * 60 * 1000;

/** Whether the autumn change repeats the wall-clock time of `iso` in `zone` (02:30 twice). */
function inRepeatedHour(iso: string, zone: string): boolean {
	const at = Date.parse(iso);
	const offset = time.zoneOffset(at, zone);
	// Most instants are hours from any change: three offsets say so without more work.
	if (
		time.zoneOffset(at - THREE_HOURS, zone) === offset &&
		time.zoneOffset(at + THREE_HOURS, zone) === offset
	)
		return false;
	const wall = time.wallClock(at, zone);
	return time.readWallTime(wall.date, wall.time, zone).kind === 'ambiguous';
}

/**
 * The zone a timed event's times are written in (its TZID), or null for UTC. A wall-clock time
 * the autumn change repeats has two readings, and parsers pick either (RFC 5545 says the
 * first): such an event, and one in UTC itself, is written in UTC, which has one.
 */
export function writtenZone(event: HubEvent): string | null {
	if (event.allDay || UTC_NAMES.test(event.timeZone)) return null;
	return inRepeatedHour(event.start, event.timeZone) || inRepeatedHour(event.end, event.timeZone)
		? null
		: event.timeZone;
}

/** The folded VEVENT of one event, from memory when it has not changed. */
function eventBlock(
	event: HubEvent,
	locale: ContentLocale,
	origin: string,
	labels: CalendarLabels,
	recaps?: Recap[]
): string {
	const key = blockKey(event, locale, origin, labels, recaps);
	const known = blocks.get(key);
	if (known !== undefined) return known;
	const calendar = newCalendar(locale);
	const when = event.allDay
		? {
				allDay: true,
				start: new Date(`${event.start}T00:00:00Z`),
				end: new Date(`${exclusiveEndDate(event.end)}T00:00:00Z`)
			}
		: {
				start: DateTime.fromISO(event.start, { zone: 'utc' }),
				end: DateTime.fromISO(event.end, { zone: 'utc' }),
				timezone: writtenZone(event)
			};
	const archived = event.archivedAt !== null;
	const vevent = calendar.createEvent({
		// Stored at creation: the same in both languages, in the feed and in the single file.
		id: event.uid,
		...when,
		sequence: event.sequence,
		stamp: new Date(event.updatedAt),
		lastModified: new Date(event.updatedAt),
		created: new Date(event.createdAt),
		// Cleaned again here (text.ts), for rows stored before input was: a SUMMARY with a line
		// break or a control character makes calendar clients drop the event.
		// An archived event was withdrawn: subscribers' calendars learn it is cancelled (UID,
		// SEQUENCE, STATUS), and nothing of it is published any more.
		...(archived
			? { summary: '' }
			: {
					summary: cleanLine(pickText(event.texts, locale)?.value.title ?? event.slug),
					location: cleanLine(eventLocation(event, locale)) || null,
					url: eventPageUrl(origin, locale, event.slug),
					description: cleanText(eventDescription(event, locale, origin, labels, recaps))
				}),
		status:
			event.status === 'cancelled' || archived
				? ICalEventStatus.CANCELLED
				: ICalEventStatus.CONFIRMED
	});
	// The event alone, folded here: the calendar's own toString would fold a VTIMEZONE too.
	const block = foldLines(vevent.toString());
	if (blocks.size >= MAX_BLOCKS) blocks.clear();
	blocks.set(key, block);
	return block;
}

/** A slice of the event loop a feed build may hold before letting other requests through. */
const SLICE_MS = 15;

/**
 * Calls `each` for every item, letting other requests run every few milliseconds: a cold feed of
 * thousands of events takes seconds, and must not stall the pages answered meanwhile.
 */
export async function inSlices<T>(items: Iterable<T>, each: (item: T) => void) {
	let sliceStart = performance.now();
	for (const item of items) {
		each(item);
		if (performance.now() - sliceStart > SLICE_MS) {
			await new Promise((resolve) => setImmediate(resolve));
			sliceStart = performance.now();
		}
	}
}

/** The VEVENT blocks of `events`, in order, made in slices (see inSlices). */
export async function prepareBlocks({
	events,
	locale,
	origin,
	labels,
	recaps
}: Omit<BuildOptions, 'feed' | 'description'>) {
	const made: string[] = [];
	await inSlices(events, (event) =>
		made.push(eventBlock(event, locale, origin, labels, recaps?.get(event.id)))
	);
	// The offset changes calendarFrame's VTIMEZONEs need, found here a zone-year at a time (about
	// a millisecond each): many zones over many years would otherwise hold the loop at once.
	const zoneYears = zoneSpans(events).flatMap(({ zone, fromYear, toYear }) =>
		Array.from({ length: toYear - fromYear + 2 }, (_, i) => ({ zone, year: fromYear + i }))
	);
	await inSlices(zoneYears, ({ zone, year }) => vtimezone.prepareYear(zone, year));
	return made;
}

/** Forgets every remembered block (tests measure cold builds). */
export function forgetBlocks() {
	blocks.clear();
}

/** An iCalendar document for `events`, in `locale`. */
export function buildCalendar(options: BuildOptions): string {
	const { events, locale, origin, labels, recaps } = options;
	const { head, tail } = calendarFrame(options);
	return (
		head +
		events.map((e) => eventBlock(e, locale, origin, labels, recaps?.get(e.id))).join('') +
		tail
	);
}

/** What an iCalendar document holds before its VEVENTs (properties, time zones) and after them. */
export function calendarFrame({
	events,
	locale,
	origin,
	labels,
	feed,
	description
}: BuildOptions): { head: string; tail: string } {
	const calendar = newCalendar(locale);
	if (feed) {
		calendar.name(labels.calendarName).ttl(REFRESH_SECONDS).url(`${origin}/${locale}/`);
		if (description) calendar.description(description);
	}
	const shell = calendar.toString();
	const end = shell.lastIndexOf('END:VCALENDAR');
	// RFC 5545: the last line ends with CRLF too; strict parsers drop an unterminated END:VCALENDAR.
	return { head: shell.slice(0, end) + timezoneBlocks(events), tail: 'END:VCALENDAR\r\n' };
}

/** Each zone the timed events use, spelled as stored, with the years its events span (widened by one). */
function zoneSpans(events: HubEvent[]): { zone: string; fromYear: number; toYear: number }[] {
	const instantsByZone = new Map<string, string[]>();
	for (const event of events) {
		const zone = writtenZone(event);
		if (zone === null) continue;
		const instants = instantsByZone.get(zone) ?? [];
		instants.push(event.start, event.end);
		instantsByZone.set(zone, instants);
	}
	return [...instantsByZone].map(([zone, instants]) => ({ zone, ...vtimezone.spanOf(instants) }));
}

/**
 * One VTIMEZONE per TZID the timed events use, spelled exactly as their DTSTART writes it, each
 * covering the years of that zone's events.
 */
function timezoneBlocks(events: HubEvent[]): string {
	return zoneSpans(events)
		.map(({ zone, fromYear, toYear }) =>
			foldLines(vtimezone.vtimezoneBlock(zone, fromYear, toYear))
		)
		.join('');
}

/** A readable, safe file name for one event's `.ics`. */
export function eventFileName(event: HubEvent): string {
	return `${event.slug}.ics`;
}

/** Longest link kept: browsers, proxies and Outlook on the web cut or refuse longer addresses. */
export const MAX_LINK_LENGTH = 2_000;
/** Share of the link a title or a place may take before being shortened, encoded. */
const MAX_FIELD_ENCODED = 450;
const ELLIPSIS = '…';

/** Encoded with %20 for spaces: outlook.live.com shows the `+` of form encoding literally. */
const encode = encodeURIComponent;

/**
 * The longest start of `text` whose encoding fits `budget` characters once `suffix` is added,
 * cut at a word and ended with an ellipsis; the whole text when it fits.
 */
function shortenToFit(text: string, budget: number, suffix = ''): string {
	if (encode(text + suffix).length <= budget) return text;
	const room = budget - encode(ELLIPSIS + suffix).length;
	if (room <= 0) return '';
	// Binary search on the cut: the encoded length only grows with it.
	let lo = 0;
	let hi = text.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (encode(wholeUnits(text, mid)).length <= room) lo = mid;
		else hi = mid - 1;
	}
	let cut = wholeUnits(text, lo);
	const lastSpace = cut.search(/\s\S*$/);
	if (lastSpace > 0) cut = cut.slice(0, lastSpace);
	return cut.trimEnd() + ELLIPSIS;
}

/** The first `n` UTF-16 units of `text`, one fewer when the last would split a surrogate pair. */
function wholeUnits(text: string, n: number): string {
	const code = text.charCodeAt(n - 1);
	return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * `base?params` with `detailsKey` holding `body` then `tail` (the page link), the body shortened so
 * the whole link stays under MAX_LINK_LENGTH and the link to the page always survives.
 */
function fittedLink(
	base: string,
	params: [string, string][],
	detailsKey: string,
	body: string,
	tail: string
): string {
	const query = params.map(([key, value]) => `${key}=${encode(value)}`).join('&');
	const head = `${base}?${query}&${detailsKey}=`;
	const budget = MAX_LINK_LENGTH - 1 - head.length;
	const kept = body ? shortenToFit(body, budget, `\n\n${tail}`) : '';
	const details = kept ? `${kept}\n\n${tail}` : tail;
	return head + encode(details);
}

/** Prefilled links into web calendars, all-day aware, each under MAX_LINK_LENGTH characters. */
export function webCalendarLinks(
	event: HubEvent,
	locale: ContentLocale,
	origin: string,
	labels: CalendarLabels
) {
	const title = shortenToFit(
		cleanLine(pickText(event.texts, locale)?.value.title ?? event.slug),
		MAX_FIELD_ENCODED
	);
	const location = shortenToFit(cleanLine(eventLocation(event, locale)), MAX_FIELD_ENCODED);
	// The description ends with the page link (eventDescription); only what comes before is shortened.
	const details = cleanText(eventDescription(event, locale, origin, labels));
	const tail = cleanText(`${labels.moreAt} ${eventPageUrl(origin, locale, event.slug)}`);
	const body = details.endsWith(tail) ? details.slice(0, -tail.length).trimEnd() : details;
	const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

	const googleParams: [string, string][] = [
		['action', 'TEMPLATE'],
		['text', title],
		[
			'dates',
			event.allDay
				? `${compact(event.start)}/${compact(exclusiveEndDate(event.end))}`
				: `${compact(event.start)}/${compact(event.end)}`
		],
		['ctz', event.timeZone]
	];
	if (location) googleParams.push(['location', location]);

	const outlookParams: [string, string][] = [
		['rru', 'addevent'],
		['subject', title],
		...(event.allDay
			? ([
					['allday', 'true'],
					['startdt', event.start],
					['enddt', exclusiveEndDate(event.end)]
				] as [string, string][])
			: ([
					['startdt', event.start],
					['enddt', event.end]
				] as [string, string][]))
	];
	if (location) outlookParams.push(['location', location]);

	return {
		google: fittedLink(
			'https://calendar.google.com/calendar/render',
			googleParams,
			'details',
			body,
			tail
		),
		outlook: fittedLink(
			'https://outlook.live.com/calendar/0/action/compose',
			outlookParams,
			'body',
			body,
			tail
		)
	};
}

/** `webcal://` address of the full feed, which calendar apps open as a subscription. */
export function subscriptionUrl(origin: string, locale: ContentLocale): string {
	return `${origin.replace(/^https?:/, 'webcal:')}/${locale}/calendar.ics`;
}
