import type { ContentLocale } from '$lib/content';
import { pickText } from '$lib/content';
import { wallClock, zoneOffset } from '$lib/time';
import { eventPlace, type HubEvent } from '../content/events';
import type { HubPost } from '../content/posts';
import { cleanLine, cleanText } from '../content/text';
import type { Discussion } from '../forum/discussions';
import type { Message } from '../forum/messages';
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
 * or a held message says nothing.
 */

const personOf = (name: string | null) =>
	name === null || cleanLine(name) === ''
		? undefined
		: { '@type': 'Person', name: cleanLine(name) };

/** A message's permalink in `locale`. */
const messageUrl = (id: number, locale: ContentLocale, origin: string) =>
	`${origin}/${locale}/messages/${id}`;

export function commentJsonLd(message: Message, locale: ContentLocale, origin: string) {
	return {
		'@type': 'Comment',
		url: messageUrl(message.id, locale, origin),
		author: personOf(message.authorName),
		datePublished: new Date(message.createdAt).toISOString(),
		dateModified: message.editedAt === null ? undefined : new Date(message.editedAt).toISOString(),
		inLanguage: message.locale ?? undefined,
		text: markdownToText(message.body),
		parentItem: message.replyTo
			? { '@type': 'Comment', url: messageUrl(message.replyTo.id, locale, origin) }
			: undefined
	};
}

const published = (list: Message[]) => list.filter((m) => m.state === 'published');

/**
 * What an event's or a post's JSON-LD gains from its discussion: the messages of the page shown
 * as `comment`, and how many there are in all; nothing when it has none.
 */
export function discussionJsonLd(
	discussion: Pick<Discussion, 'messageCount'>,
	pageMessages: Message[],
	locale: ContentLocale,
	origin: string
) {
	if (discussion.messageCount === 0) return {};
	return {
		commentCount: discussion.messageCount,
		comment: published(pageMessages).map((m) => commentJsonLd(m, locale, origin))
	};
}

/**
 * A topic: headline, its opener and opening message (`opening`, the discussion's first message,
 * null when it is no longer published), and the other messages of the page shown as comments.
 */
export function topicJsonLd(
	topic: Pick<Discussion, 'slug' | 'title' | 'locale' | 'messageCount' | 'createdAt'>,
	opening: Message | null,
	pageMessages: Message[],
	locale: ContentLocale,
	origin: string
) {
	const first = opening?.state === 'published' ? opening : null;
	return {
		'@context': 'https://schema.org',
		'@type': 'DiscussionForumPosting',
		headline: cleanLine(topic.title ?? topic.slug ?? ''),
		inLanguage: topic.locale ?? undefined,
		url: `${origin}/${locale}/forum/${encodeURIComponent(topic.slug ?? '')}`,
		author: personOf(first?.authorName ?? null),
		datePublished: new Date(first?.createdAt ?? topic.createdAt).toISOString(),
		text: first ? markdownToText(first.body) : undefined,
		interactionStatistic: {
			'@type': 'InteractionCounter',
			interactionType: 'https://schema.org/CommentAction',
			// Answers: the opening message is the posting itself.
			userInteractionCount: Math.max(0, topic.messageCount - (first ? 1 : 0))
		},
		comment: published(pageMessages)
			.filter((m) => m.id !== opening?.id)
			.map((m) => commentJsonLd(m, locale, origin))
	};
}
