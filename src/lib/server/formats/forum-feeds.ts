import { error } from '@sveltejs/kit';
import type { ContentLocale } from '$lib/content';
import { getLocale } from '$lib/paraglide/runtime';
import { database, publicOrigin } from '../app';
import { LISTS, NAMES } from '../forum/changes';
import { dependOn } from '../http/cache-tags';
import * as m from '$lib/paraglide/messages';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { cleanLine, escapeXml } from '../content/text';
import { conditionalResponse } from '../http/conditional';
import * as activity from '../forum/activity';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import type { Subject } from '../forum/discussions';
import { renderMessage } from './markdown';
import { FEED_SIZE } from './feeds';

/*
 * Atom feeds of the forum (RFC 4287): /{lang}/forum.atom, the newest messages wherever readers
 * may look, and one per discussion. Built as the posts feed is (feeds.ts): every text through
 * escapeXml, conditional answers with an ETag and Last-Modified.
 */

const xml = escapeXml;

export type DiscussionKind = Subject['kind'];

/**
 * The address of a discussion's feed, without the language prefix (localise it with href()):
 * what a discussion's page links as `<link rel="alternate" type="application/atom+xml">`.
 */
export function discussionFeedPath(kind: DiscussionKind, slug: string): string {
	const at = encodeURIComponent(slug);
	if (kind === 'topic') return `/forum/${at}.atom`;
	return `/${kind}s/${at}/discussion.atom`;
}

/** The address of the whole forum's feed, without the language prefix. */
export const FORUM_FEED_PATH = '/forum.atom';

/** A discussion's title for a reader of `locale`: theirs, else the other language's, with its language. */
export function discussionTitle(
	listed: Pick<activity.Listed, 'titles' | 'title' | 'path' | 'discussion'>,
	locale: ContentLocale
): { text: string; lang: ContentLocale | null } {
	const other: ContentLocale = locale === 'fr' ? 'en' : 'fr';
	const mine = listed.titles[locale];
	if (mine) return { text: cleanLine(mine), lang: locale };
	const theirs = listed.titles[other];
	if (theirs) return { text: cleanLine(theirs), lang: other };
	// A topic written in neither language: its title, in no language we can name.
	return {
		text: cleanLine(listed.title ?? listed.path),
		lang: listed.discussion.locale
	};
}

/** An author's name as feeds and lists show it: a removed account is "former member". */
export function authorName(name: string | null, locale: ContentLocale): string {
	const clean = name === null ? '' : cleanLine(name);
	return clean === '' ? m.forum_feed_former_member({}, { locale }) : clean;
}

/** A message's HTML in a feed: the quote it answers with (plain text), then its Markdown. */
function contentHtml(message: activity.Located['message']): string {
	// The words of a message hidden or deleted are not repeated by an answer's quote.
	const quote =
		message.quote && messages.quoteShown(message, false)
			? `<blockquote><p>${escapeXml(message.quote).replace(/\n/g, '<br>')}</p></blockquote>\n`
			: '';
	return `${quote}${renderMessage(message.body)}`;
}

function entryOf(item: activity.Located, locale: ContentLocale, origin: string): string {
	const { message } = item;
	const permalink = `${origin}/${locale}/messages/${message.id}`;
	const title = m.forum_feed_entry_title(
		{
			author: authorName(message.authorName, locale),
			discussion: discussionTitle(item.in, locale).text
		},
		{ locale }
	);
	const updated = message.editedAt ?? message.createdAt;
	// The entry speaks the message's language (empty: one we cannot name); its title is the feed's.
	return `<entry xml:lang="${message.locale ?? ''}">
	<id>${xml(`${origin}/messages/${message.id}#${locale}`)}</id>
	<title type="text" xml:lang="${locale}">${xml(title)}</title>
	<link rel="alternate" type="text/html" href="${xml(permalink)}"/>
	<link rel="related" type="text/html" href="${xml(`${origin}/${locale}${item.in.path}`)}"/>
	<author><name>${xml(authorName(message.authorName, locale))}</name></author>
	<published>${new Date(message.createdAt).toISOString()}</published>
	<updated>${new Date(updated).toISOString()}</updated>
	<content type="html">${xml(contentHtml(message))}</content>
</entry>`;
}

type Feed = { body: string; lastModified: number };

function feedOf(
	head: { self: string; alternate: string; title: string; subtitle?: string },
	items: activity.Located[],
	locale: ContentLocale,
	origin: string,
	since: number
): Feed {
	const updated = Math.max(since, ...items.map((i) => i.message.editedAt ?? i.message.createdAt));
	const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<id>${xml(head.self)}</id>
<title>${xml(head.title)}</title>
${head.subtitle ? `<subtitle>${xml(head.subtitle)}</subtitle>\n` : ''}<link rel="self" type="application/atom+xml" href="${xml(head.self)}"/>
<link rel="alternate" type="text/html" href="${xml(head.alternate)}"/>
<author><name>Rencontres</name></author>
<updated>${new Date(updated).toISOString()}</updated>
${items.map((item) => entryOf(item, locale, origin)).join('\n')}
</feed>
`;
	return { body, lastModified: updated };
}

/** The newest messages of the whole forum, where readers may look. */
export function buildForumAtom(db: Db, locale: ContentLocale, origin: string): Feed {
	const items = activity.latestMessages(db, FEED_SIZE);
	return feedOf(
		{
			self: `${origin}/${locale}${FORUM_FEED_PATH}`,
			alternate: `${origin}/${locale}/forum`,
			title: m.forum_feed_title({}, { locale }),
			subtitle: m.forum_feed_subtitle({}, { locale })
		},
		items,
		locale,
		origin,
		0
	);
}

const SUBJECT_BY_SLUG = {
	event: 'select id from events where slug = ? and draft = 0 and archived_at is null',
	post: "select id from posts where slug = ? and status = 'published' and archived_at is null",
	// A topic whose every message waits for a moderator is not shown yet.
	topic: "select id from discussions where slug = ? and kind = 'topic' and listed_count > 0"
} as const;

/** The subject readers reach at /{kind}s/{slug} (or /forum/{slug}), or null when they cannot. */
export function subjectBySlug(db: Db, kind: DiscussionKind, slug: string): Subject | null {
	const row = prepared(db, SUBJECT_BY_SLUG[kind]).get(slug) as { id: number } | undefined;
	return row ? { kind, id: row.id } : null;
}

/**
 * One discussion's newest messages, or null when readers may not see its subject. A subject
 * nobody wrote about yet has a valid, empty feed.
 */
export function buildDiscussionAtom(
	db: Db,
	subject: Subject,
	locale: ContentLocale,
	origin: string
): Feed | null {
	const path = discussions.pathOf(db, subject);
	if (path === null) return null;
	const discussion = discussions.forSubject(db, subject);
	const titles = activity.subjectTitles(db, subject, discussion);
	const items = activity.latestMessages(db, FEED_SIZE, subject);
	const slug = path.slice(path.lastIndexOf('/') + 1);
	return feedOf(
		{
			self: `${origin}/${locale}${discussionFeedPath(subject.kind, slug)}`,
			alternate: `${origin}/${locale}${path}`,
			title: m.forum_feed_discussion_title(
				{
					title: discussionTitle({ titles, title: discussion.title, path, discussion }, locale).text
				},
				{ locale }
			)
		},
		items,
		locale,
		origin,
		Math.max(discussion.createdAt, discussion.lastActivityAt)
	);
}

const HEADERS = {
	'content-type': 'application/atom+xml; charset=utf-8',
	'cache-control': 'public, max-age=300, must-revalidate'
};

export function forumAtomResponse(
	db: Db,
	request: Request,
	locale: ContentLocale,
	origin: string
): Response {
	const { body, lastModified } = buildForumAtom(db, locale, origin);
	return conditionalResponse(request, body, { lastModified, headers: HEADERS });
}

/** The feed of a discussion: null when readers may not see its subject. */
export function discussionAtomResponse(
	db: Db,
	request: Request,
	subject: Subject,
	locale: ContentLocale,
	origin: string
): Response | null {
	const feed = buildDiscussionAtom(db, subject, locale, origin);
	if (!feed) return null;
	return conditionalResponse(request, feed.body, {
		lastModified: feed.lastModified,
		headers: HEADERS
	});
}

/**
 * The answer to a discussion's own feed (/events/{slug}/discussion.atom,
 * /posts/{slug}/discussion.atom, /forum/{slug}.atom): 404 where readers cannot look.
 */
export function answerDiscussionFeed(
	{ request, url, params }: { request: Request; url: URL; params: { slug: string } },
	kind: DiscussionKind
): Response {
	const db = database();
	const subject = subjectBySlug(db, kind, params.slug);
	// A missing one may appear later: a new topic changes LISTS.
	if (!subject) dependOn(LISTS);
	else dependOn(discussions.tagOf(subject), NAMES);
	const response =
		subject && discussionAtomResponse(db, request, subject, getLocale(), publicOrigin(url));
	if (!response) error(404, 'Not found');
	return response;
}
