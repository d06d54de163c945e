import { pickText, type ContentLocale } from '$lib/content';
import { formatDate, formatEventSpan } from '$lib/format';
import * as m from '$lib/paraglide/messages';
import * as calendar from '../formats/calendar';
import type { Db } from '../db';
import type { PostKind } from '../db/schema';
import * as events from '../content/events';
import { markdownToText, renderMarkdown } from '../formats/markdown';
import * as posts from '../content/posts';
import { articleJsonLd, eventJsonLd, jsonForScript } from '../formats/structured-data';
import * as forumActivity from './forum-activity';

/*
 * What each page shows, shaped on the server from the entity modules: texts picked in the
 * reader's language (or the other, flagged), dates written for that language, Markdown
 * turned into safe HTML. Components only lay it out.
 */

/*
 * What a reader page shows of the content is the same for every reader of a language until the
 * content changes: the app's content state (app.contentState: the data version, raised by every
 * write to events, posts and their texts, and the next moment an event ends). Pages rendered on
 * every request (a signed-in member's, an address with a parameter of its own) reuse it:
 * assembling the home page of a big archive reads 120 events and 470 recaps (~15 ms); laying it
 * out is the rest. Only what is made of that content may be remembered here, nothing personal.
 */
const remembered = new Map<string, unknown>();
let rememberedState: string | null = null;
/** Pages of a few hundred events each at most: a bound, not a working set. */
const MAX_REMEMBERED = 256;

/**
 * `make()`, made once for `key` while the content state is `state`. Nothing (null, undefined)
 * is not remembered: a flood of unknown addresses must not push out the pages that exist.
 */
export function rememberedFor<T>(state: string, key: string, make: () => T): T {
	if (state !== rememberedState) {
		remembered.clear();
		rememberedState = state;
	}
	if (remembered.has(key)) return remembered.get(key) as T;
	const value = make();
	if (value == null) return value;
	if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
	remembered.set(key, value);
	return value;
}

/** Content in `lang`, which differs from the reader's language when `fallback` is true. */
export type Shown<T> = { lang: ContentLocale; fallback: boolean } & T;

export type RecapLink = Shown<{ slug: string; title: string }>;

export type EventCard = Shown<{
	/** For what the forum adds to the card (withForum). */
	id: number;
	slug: string;
	title: string;
	summary: string;
	dates: string;
	place: string;
	cancelled: boolean;
	recaps: RecapLink[];
	/** "12 messages" in its discussion; null when there are none. */
	messages: string | null;
}>;

export type PostCard = Shown<{
	slug: string;
	kind: PostKind;
	title: string;
	date: string | null;
	event: Shown<{ slug: string; title: string }> | null;
	/** "12 messages" in its discussion; null when there are none. */
	messages: string | null;
}>;

function shown<T extends object, R>(
	texts: Partial<Record<ContentLocale, T>>,
	locale: ContentLocale,
	map: (t: T) => R
) {
	const picked = pickText(texts, locale);
	if (!picked) return null;
	return { lang: picked.lang, fallback: picked.fallback, ...map(picked.value) };
}

function recapLinks(recaps: posts.Recap[] | undefined, locale: ContentLocale): RecapLink[] {
	return (recaps ?? []).flatMap(
		(p) => shown(p.texts, locale, (t) => ({ slug: p.slug, title: t.title })) ?? []
	);
}

function eventCard(
	event: events.HubEvent,
	recaps: posts.Recap[] | undefined,
	locale: ContentLocale,
	messages: string | null = null
): EventCard {
	const text = shown(event.texts, locale, (t) => ({ title: t.title, summary: t.summary })) ?? {
		lang: locale,
		fallback: false,
		title: event.slug,
		summary: ''
	};
	return {
		id: event.id,
		...text,
		slug: event.slug,
		dates: formatEventSpan(event, locale, 'short'),
		place: calendar.eventLocation(event, locale),
		cancelled: event.status === 'cancelled',
		recaps: recapLinks(recaps, locale),
		messages
	};
}

/** A page number from the query string: 1 for anything that is not a sane whole number. */
export function pageNumber(raw: string | null): number {
	const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
	return Math.max(1, n);
}

export const PAGE_SIZE = 20;

export type Pagination = { page: number; pages: number };

/**
 * The home page's content: events and their recaps. It changes only with the content, so a page
 * can remember it per content state; what the forum adds changes with every message (withForum).
 */
export function homePage(db: Db, locale: ContentLocale, pastPage = 1, now = Date.now()) {
	const counts = events.count(db, now);
	// Upcoming events are few by nature; the archive of past ones is what grows.
	const upcoming = events.listUpcoming(db, now, { limit: 100, offset: 0 });
	const pages = Math.max(1, Math.ceil(counts.past / PAGE_SIZE));
	const page = Math.min(pastPage, pages);
	const past = events.listPast(db, now, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	const recaps = posts.listRecapsByEvent(
		db,
		[...upcoming, ...past].map((e) => e.id)
	);
	const card = (e: events.HubEvent) => eventCard(e, recaps.get(e.id), locale);
	return {
		upcoming: upcoming.map(card),
		past: past.map(card),
		pastPagination: { page, pages } satisfies Pagination
	};
}

/** The home page with what the forum says now: each event's message count, the latest discussions. */
export function withForum(db: Db, home: ReturnType<typeof homePage>, locale: ContentLocale) {
	const talk = forumActivity.countLabels(
		db,
		'event',
		[...home.upcoming, ...home.past].map((card) => card.id),
		locale
	);
	const counted = (card: EventCard) => ({ ...card, messages: talk.get(card.id) ?? null });
	return {
		...home,
		upcoming: home.upcoming.map(counted),
		past: home.past.map(counted),
		forum: forumActivity.latestDiscussions(db, locale)
	};
}

export function calendarLabels(locale: ContentLocale): calendar.CalendarLabels {
	return {
		calendarName: m.calendar_feed_name({}, { locale }),
		moreAt: m.calendar_more_at({}, { locale }),
		recaps: m.calendar_recaps({}, { locale })
	};
}

export function eventPage(db: Db, slug: string, locale: ContentLocale, origin: string) {
	const event = events.findBySlug(db, slug);
	if (!event) {
		const movedTo = events.findMoved(db, slug);
		return movedTo ? { movedTo } : null;
	}
	const recaps = posts.listRecapsByEvent(db, [event.id]).get(event.id);
	const text = shown(event.texts, locale, (t) => ({
		descriptionHtml: renderMarkdown(t.description)
	}));
	const page = {
		...eventCard(event, recaps, locale),
		longDates: formatEventSpan(event, locale, 'long'),
		host: event.host,
		description: text,
		jsonLd: jsonForScript(eventJsonLd(event, locale, origin)),
		calendar: {
			ics: `/${locale}/events/${encodeURIComponent(event.slug)}.ics`,
			subscribe: calendar.subscriptionUrl(origin, locale),
			// Google and Outlook links carry no status: they would add a fresh event that is not
			// cancelled. A cancelled event offers only what tells calendars (the file, the feed).
			...(event.status === 'cancelled'
				? {}
				: calendar.webCalendarLinks(event, locale, origin, calendarLabels(locale)))
		}
	};
	return { page, id: event.id };
}

function postCard(
	post: posts.HubPost,
	eventsById: Map<number, events.HubEvent>,
	locale: ContentLocale,
	messages: string | null = null
): PostCard {
	const text = shown(post.texts, locale, (t) => ({ title: t.title })) ?? {
		lang: locale,
		fallback: false,
		title: post.slug
	};
	const event = post.eventId == null ? undefined : eventsById.get(post.eventId);
	return {
		...text,
		slug: post.slug,
		kind: post.kind,
		date: post.publishedOn ? formatDate(post.publishedOn, locale) : null,
		event: event ? shown(event.texts, locale, (t) => ({ slug: event.slug, title: t.title })) : null,
		messages
	};
}

function eventsOf(db: Db, list: posts.HubPost[]) {
	const ids = [...new Set(list.flatMap((p) => (p.eventId == null ? [] : [p.eventId])))];
	// Archived events are left out: a recap of one keeps its page but no longer names or links it.
	return new Map(events.listPublicByIds(db, ids).map((e) => [e.id, e]));
}

export function postsPage(db: Db, locale: ContentLocale, requested = 1) {
	const pages = Math.max(1, Math.ceil(posts.count(db) / PAGE_SIZE));
	const page = Math.min(requested, pages);
	const list = posts.list(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	const byId = eventsOf(db, list);
	const talk = forumActivity.countLabels(
		db,
		'post',
		list.map((p) => p.id),
		locale
	);
	return {
		posts: list.map((p) => postCard(p, byId, locale, talk.get(p.id) ?? null)),
		pagination: { page, pages } satisfies Pagination
	};
}

export function postPage(db: Db, slug: string, locale: ContentLocale, origin: string) {
	const found = posts.findPublished(db, slug);
	if (!found) return null;
	if ('movedTo' in found) return { movedTo: found.movedTo };
	const { post } = found;
	const related = eventsOf(db, [post]);
	const body = pickText(post.texts, locale);
	const page = {
		...postCard(post, related, locale),
		jsonLd: jsonForScript(
			articleJsonLd(
				post,
				locale,
				origin,
				post.eventId == null ? undefined : related.get(post.eventId)
			)
		),
		description: body ? markdownToText(body.value.body).slice(0, 200) : '',
		mediaUrl: post.mediaUrl,
		body: shown(post.texts, locale, (t) => ({ html: renderMarkdown(t.body) }))
	};
	return { page, id: post.id };
}
