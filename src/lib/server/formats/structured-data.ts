import type { ContentLocale } from '$lib/content';
import { pickText } from '$lib/content';
import { wallClock, zoneOffset } from '$lib/time';
import { eventPlace, type HubEvent } from '../content/events';
import type { HubPost } from '../content/posts';
import { cleanLine, cleanText } from '../content/text';
import type { Message } from '../forum/messages';
import type { MessageState } from '../db/schema';
import { markdownToText } from './markdown';

/* schema.org JSON-LD for search engines and link previews. */

/** `2025-06-19T09:00:00+02:00`: the event's own wall-clock time with its offset. */
export function isoWithOffset(instant: number, timeZone: string): string {
	const wall = wallClock(instant, timeZone);
	const offsetMinutes = Math.round(zoneOffset(instant, timeZone) / 60_000);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const hh = String(Math.floor(abs / 60)).padStart(2, '0');
	const mm = String(abs % 60).padStart(2, '0');
	return `${wall.date}T${wall.time}:${String(wall.second).padStart(2, '0')}${sign}${hh}:${mm}`;
}

/** JSON that is safe inside <script>: no "</script>" or "<!--" can close or confuse it. */
export function jsonForScript(value: unknown): string {
	// Every string cleaned (text.ts), whatever an old row holds; U+2028/U+2029 end up as \n.
	return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cleanText(v) : v))
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026');
}

export function eventJsonLd(event: HubEvent, locale: ContentLocale, origin: string) {
	const text = pickText(event.texts, locale);
	const cancelled = event.status === 'cancelled';
	const place = eventPlace(event, locale);
	return {
		'@context': 'https://schema.org',
		'@type': 'Event',
		name: cleanLine(text?.value.title ?? event.slug),
		description: text?.value.summary || undefined,
		inLanguage: text?.lang ?? locale,
		url: `${origin}/${locale}/events/${encodeURIComponent(event.slug)}`,
		// All-day events are plain dates (endDate: the last day); timed ones carry their offset.
		startDate: event.allDay ? event.start : isoWithOffset(Date.parse(event.start), event.timeZone),
		endDate: event.allDay ? event.end : isoWithOffset(Date.parse(event.end), event.timeZone),
		eventStatus: cancelled
			? 'https://schema.org/EventCancelled'
			: 'https://schema.org/EventScheduled',
		eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
		location: {
			'@type': 'Place',
			name: place.venue || place.city || undefined,
			address: {
				'@type': 'PostalAddress',
				addressLocality: place.city || undefined,
				addressCountry: event.country ?? undefined
			}
		},
		organizer: event.host ? { '@type': 'Organization', name: event.host } : undefined
	};
}

/** `event` must be one readers may see: an archived event is neither named nor linked. */
export function articleJsonLd(
	post: HubPost,
	locale: ContentLocale,
	origin: string,
	event?: HubEvent
) {
	const text = pickText(post.texts, locale);
	return {
		'@context': 'https://schema.org',
		'@type': post.kind === 'podcast' ? 'PodcastEpisode' : 'Article',
		headline: cleanLine(text?.value.title ?? post.slug),
		inLanguage: text?.lang ?? locale,
		url: `${origin}/${locale}/posts/${encodeURIComponent(post.slug)}`,
		datePublished: post.publishedOn ?? undefined,
		dateModified: new Date(post.updatedAt).toISOString(),
		publisher: { '@type': 'Organization', name: 'Rencontres' },
		about: event
			? {
					'@type': 'Event',
					name: cleanLine(pickText(event.texts, locale)?.value.title ?? event.slug),
					url: `${origin}/${locale}/events/${encodeURIComponent(event.slug)}`
				}
			: undefined
	};
}

/*
 * The forum in schema.org terms: a topic is a DiscussionForumPosting whose text is its opening
 * message; messages are Comments. Only published messages are described: a tombstone, a hidden
 * or a held message says nothing. The builders take messages either as the domain has them
 * (commentOfMessage) or as a thread's page shows them (commentOfView: no second read).
 */

/** What a Comment is made of. */
export type CommentSource = {
	id: number;
	state: MessageState;
	author: string | null;
	/** null or '': a language we cannot name. */
	lang: ContentLocale | '' | null;
	/** ISO instant. */
	datetime: string;
	/** Plain text. */
	text: string;
	replyTo: { id: number } | null;
};

export function commentOfMessage(message: Message): CommentSource {
	return {
		id: message.id,
		state: message.state,
		author: message.authorName,
		lang: message.locale,
		datetime: new Date(message.createdAt).toISOString(),
		text: markdownToText(message.body),
		replyTo: message.replyTo
	};
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	'#39': "'",
	'#x27': "'",
	nbsp: '\u00a0'
};

/** Sanitised HTML (markdown.ts) as plain text: tags gone, blocks apart, entities read. */
export function htmlToText(html: string): string {
	return html
		.replace(/<\/(p|li|h[1-6]|blockquote|pre)>|<br\s*\/?>/gi, '\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
			const known = ENTITIES[name.toLowerCase()];
			if (known !== undefined) return known;
			const code = /^#x/i.test(name)
				? parseInt(name.slice(2), 16)
				: /^#/.test(name)
					? parseInt(name.slice(1), 10)
					: NaN;
			return Number.isInteger(code) && code > 0 && code <= 0x10ffff
				? String.fromCodePoint(code)
				: whole;
		})
		.replace(/[ \t]*\n\s*/g, '\n')
		.trim();
}

/** A message as a thread's page shows it (views/forum.ts MessageView), as a Comment's source. */
export function commentOfView(view: {
	id: number;
	state: MessageState;
	author: string | null;
	lang: ContentLocale | '' | null;
	datetime: string;
	html: string;
	replyTo: { id: number } | null;
}): CommentSource {
	return { ...view, text: htmlToText(view.html) };
}

const personOf = (name: string | null) =>
	name === null || cleanLine(name) === ''
		? undefined
		: { '@type': 'Person', name: cleanLine(name) };

/** A message's permalink in `locale`. */
const messageUrl = (id: number, locale: ContentLocale, origin: string) =>
	`${origin}/${locale}/messages/${id}`;

export function commentJsonLd(source: CommentSource, locale: ContentLocale, origin: string) {
	return {
		'@type': 'Comment',
		url: messageUrl(source.id, locale, origin),
		author: personOf(source.author),
		datePublished: source.datetime,
		inLanguage: source.lang || undefined,
		text: source.text,
		parentItem: source.replyTo
			? { '@type': 'Comment', url: messageUrl(source.replyTo.id, locale, origin) }
			: undefined
	};
}

const published = (list: CommentSource[]) => list.filter((m) => m.state === 'published');

/**
 * What an event's or a post's JSON-LD gains from its discussion: the messages of the page shown
 * as `comment`, and how many published ones there are in all; nothing when it has none.
 */
export function discussionJsonLd(
	count: number,
	page: CommentSource[],
	locale: ContentLocale,
	origin: string
) {
	if (count === 0) return {};
	return {
		commentCount: count,
		comment: published(page).map((m) => commentJsonLd(m, locale, origin))
	};
}

/**
 * An event's or a post's JSON-LD (as jsonForScript wrote it) with its discussion added: what a
 * page load does with the discussion it shows (`discussion.count`, `discussion.messages`).
 */
export function withDiscussion(
	jsonLd: string,
	discussion: { count: number; messages: Parameters<typeof commentOfView>[0][] },
	locale: ContentLocale,
	origin: string
): string {
	if (discussion.count === 0) return jsonLd;
	return jsonForScript({
		...(JSON.parse(jsonLd) as object),
		...discussionJsonLd(discussion.count, discussion.messages.map(commentOfView), locale, origin)
	});
}

/**
 * A topic: headline, its opener and opening message (`opening`, the discussion's first message,
 * when known and published), and the other messages of the page as comments.
 */
export function topicJsonLd(
	topic: { slug: string; title: string; locale: ContentLocale | '' | null; createdAt?: number },
	count: number,
	opening: CommentSource | null,
	page: CommentSource[],
	locale: ContentLocale,
	origin: string
) {
	const first = opening?.state === 'published' ? opening : null;
	return {
		'@context': 'https://schema.org',
		'@type': 'DiscussionForumPosting',
		headline: cleanLine(topic.title),
		inLanguage: topic.locale || undefined,
		url: `${origin}/${locale}/forum/${encodeURIComponent(topic.slug)}`,
		author: personOf(first?.author ?? null),
		datePublished:
			first?.datetime ??
			(topic.createdAt === undefined ? undefined : new Date(topic.createdAt).toISOString()),
		text: first?.text,
		interactionStatistic: {
			'@type': 'InteractionCounter',
			interactionType: 'https://schema.org/CommentAction',
			// Answers: the opening message is the posting itself.
			userInteractionCount: Math.max(0, count - (first ? 1 : 0))
		},
		comment: published(page)
			.filter((m) => m.id !== opening?.id)
			.map((m) => commentJsonLd(m, locale, origin))
	};
}

/**
 * A topic page's JSON-LD, from what its load shows: the topic's heading and the discussion's
 * page (its first message is the opening one on page 1).
 */
export function topicJsonLdOfPage(
	topic: { slug: string; title: string; lang: ContentLocale | '' | null },
	discussion: {
		count: number;
		page: number;
		lang: ContentLocale | null;
		messages: Parameters<typeof commentOfView>[0][];
	},
	locale: ContentLocale,
	origin: string
): string {
	const page = discussion.messages.map(commentOfView);
	// Unfiltered page 1 begins with the opening message; elsewhere it is not at hand.
	const opening = discussion.page === 1 && discussion.lang === null ? (page[0] ?? null) : null;
	return jsonForScript(
		topicJsonLd(
			{ slug: topic.slug, title: topic.title, locale: topic.lang },
			discussion.count,
			opening,
			page,
			locale,
			origin
		)
	);
}
