import { pickText, type ContentLocale } from '$lib/content';
import * as m from '$lib/paraglide/messages';
import type { Db } from '../db';
import * as events from '../content/events';
import { conditionalResponse } from '../http/conditional';
import { renderMarkdown } from './markdown';
import * as posts from '../content/posts';
import { cleanLine, escapeXml } from '../content/text';

/* The Atom feed of posts, one per language (RFC 4287). */

// Every text goes through escapeXml, which also drops what XML forbids: rows written before
// input was cleaned (text.ts) must not make the feed ill-formed.
const xml = escapeXml;

/** Feeds must stay small: the newest posts only; the site holds the rest. */
export const FEED_SIZE = 50;

export function buildAtom(
	db: Db,
	locale: ContentLocale,
	origin: string
): { body: string; lastModified: number } {
	const list = posts.listRecentlyChanged(db, FEED_SIZE);
	const eventIds = list.flatMap((p) => (p.eventId == null ? [] : [p.eventId]));
	const related = new Map(events.listPublicByIds(db, eventIds).map((e) => [e.id, e]));
	const self = `${origin}/${locale}/posts.atom`;
	const updated = Math.max(0, ...list.map((p) => p.updatedAt));
	const entries = list.flatMap((post) => {
		const text = pickText(post.texts, locale);
		if (!text) return [];
		const url = `${origin}/${locale}/posts/${encodeURIComponent(post.slug)}`;
		const event = post.eventId == null ? undefined : related.get(post.eventId);
		return [
			`<entry>
	<id>${xml(`${origin}/posts/${post.id}#${locale}`)}</id>
	<title type="text" xml:lang="${text.lang}">${xml(cleanLine(text.value.title))}</title>
	<link rel="alternate" type="text/html" href="${xml(url)}"/>
	${event ? `<link rel="related" type="text/html" href="${xml(`${origin}/${locale}/events/${encodeURIComponent(event.slug)}`)}" title="${xml(cleanLine(pickText(event.texts, locale)?.value.title ?? event.slug))}"/>` : ''}
	<category term="${post.kind}"/>
	${post.publishedOn ? `<published>${post.publishedOn}T00:00:00Z</published>` : ''}
	<updated>${new Date(post.updatedAt).toISOString()}</updated>
	<content type="html" xml:lang="${text.lang}">${xml(renderMarkdown(text.value.body))}</content>
</entry>`
		];
	});
	const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<id>${xml(self)}</id>
<title>${xml(m.feed_title({}, { locale }))}</title>
<subtitle>${xml(m.feed_subtitle({}, { locale }))}</subtitle>
<link rel="self" type="application/atom+xml" href="${xml(self)}"/>
<link rel="alternate" type="text/html" href="${xml(`${origin}/${locale}/posts`)}"/>
<author><name>Rencontres</name></author>
<updated>${new Date(updated).toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
	// Entries name their events: renaming or archiving one changes the feed too.
	return { body, lastModified: Math.max(updated, events.lastChangeOf(db, eventIds)) };
}

export function atomResponse(
	db: Db,
	request: Request,
	locale: ContentLocale,
	origin: string
): Response {
	const { body, lastModified } = buildAtom(db, locale, origin);
	return conditionalResponse(request, body, {
		lastModified,
		headers: {
			'content-type': 'application/atom+xml; charset=utf-8',
			'cache-control': 'public, max-age=300, must-revalidate'
		}
	});
}
