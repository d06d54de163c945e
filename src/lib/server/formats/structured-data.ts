import type { ContentLocale } from '$lib/content';
import { pickText } from '$lib/content';
import { wallClock, zoneOffset } from '$lib/time';
import { eventPlace, type HubEvent } from '../content/events';
import type { HubPost } from '../content/posts';
import { cleanLine, cleanText } from '../content/text';

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
