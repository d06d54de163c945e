import { HUB_TIME_ZONE, pickText, type ContentLocale } from '$lib/content';
import { formatPosted } from '$lib/format';
import { href } from '$lib/i18n';
import { paths } from '$lib/paths';
import { can, type Actor } from '../auth/policy';
import type { Db } from '../db';
import * as events from '../content/events';
import * as posts from '../content/posts';
import { renderMessage } from '../formats/markdown';
import * as activity from '../forum/activity';
import * as discussions from '../forum/discussions';
import type { Subject } from '../forum/discussions';
import * as messages from '../forum/messages';
import * as follows from '../mail/follows';
import { pageNumber } from './reader';
import type { Account } from '../accounts/accounts';
import * as forumFeeds from '../formats/forum-feeds';
import * as structuredData from '../formats/structured-data';
import { defaultMessageLocale } from '../forum/locale';
import { dependOn } from '../http/cache-tags';
import { LISTS, NAMES } from '../forum/changes';
import type { DiscussionView, ListedView, MessageView, VersionView } from '$lib/forum';

/*
 * What the forum's pages show, shaped from the forum modules: messages rendered to safe HTML,
 * times written for the reader's language, and what the viewer may do to each. A visitor
 * (`viewer` null) gets exactly the same view as every other visitor: nothing per-person, so
 * the page can be cached for all.
 */

/*
 * Rendered messages, by their Markdown: rendering one costs some 0.3 ms, and every signed-in
 * member's page renders its 50 again (their pages are never cached). Keyed by the text itself,
 * so an edit simply misses; bounded by the characters held, the oldest going first.
 */
const rendered = new Map<string, string>();
let renderedChars = 0;
const MAX_RENDERED_CHARS = 4_000_000;

function render(source: string): string {
	let html = rendered.get(source);
	if (html !== undefined) return html;
	html = renderMessage(source);
	rendered.set(source, html);
	renderedChars += source.length + html.length;
	for (const [key, old] of rendered) {
		if (renderedChars <= MAX_RENDERED_CHARS) break;
		rendered.delete(key);
		renderedChars -= key.length + old.length;
	}
	return html;
}

/** Who reads: their account as the policy sees it, or null for a visitor. */
export type Viewer = Actor | null;

/** `?lang=` of a discussion's page: only messages in that language (and those in neither). */
export function langFilter(raw: string | null): ContentLocale | null {
	return raw === 'fr' || raw === 'en' ? raw : null;
}

/** A message's `lang` attribute: '' says "not French, not English" to screen readers. */
export const langAttribute = (locale: ContentLocale | null): ContentLocale | '' => locale ?? '';

function shownMessage(
	message: messages.Message,
	viewer: Viewer,
	closed: boolean,
	locale: ContentLocale
): Omit<MessageView, 'replyTo'> & { replyTo: messages.Message['replyTo'] } {
	const thing = { type: 'message', authorId: message.authorId } as const;
	const moderator = can(viewer, 'moderate', thing);
	// A hidden message's words are the moderators' to read (to decide on it again), nobody else's.
	const visible =
		message.state === 'published' ||
		(message.state === 'held' &&
			((viewer !== null && message.authorId === viewer.id) || moderator)) ||
		(message.state === 'hidden' && moderator);
	// A closed discussion stays as it was; only moderators still correct it.
	const mayChange = !closed || moderator;
	return {
		id: message.id,
		state: message.state,
		reason: message.state === 'hidden' ? message.moderationReason : null,
		moderated: moderator,
		author: visible ? message.authorName : null,
		lang: visible ? langAttribute(message.locale) : '',
		datetime: new Date(message.createdAt).toISOString(),
		when: formatPosted(message.createdAt, HUB_TIME_ZONE, locale),
		html: visible ? render(message.body) : '',
		edited: visible && message.editedAt !== null,
		replyTo: visible ? message.replyTo : null,
		// The words of a message hidden or deleted are not shown again by quoting them.
		quoteHtml:
			visible && message.quote && messages.quoteShown(message, moderator)
				? render(message.quote)
				: null,
		can: {
			reply: message.state === 'published' && !closed && can(viewer, 'write', discussionThing()),
			quote:
				message.state === 'published' &&
				message.body !== '' &&
				!closed &&
				can(viewer, 'write', discussionThing()),
			edit: visible && mayChange && can(viewer, 'edit-message', thing),
			delete: message.state !== 'deleted' && mayChange && can(viewer, 'delete-message', thing),
			flag: message.state === 'published' && can(viewer, 'flag-message', thing)
		}
	};
}

const discussionThing = () => ({ type: 'discussion', closed: false }) as const;

/** Messages as a page shows them; `here`: the ids on this very page (answers link within it). */
export function messageViews(
	list: messages.Message[],
	viewer: Viewer,
	closed: boolean,
	locale: ContentLocale
): MessageView[] {
	const here = new Set(list.map((m) => m.id));
	return list.map((message) => {
		const shown = shownMessage(message, viewer, closed, locale);
		return {
			...shown,
			replyTo: shown.replyTo
				? {
						id: shown.replyTo.id,
						author: shown.replyTo.authorName,
						here: here.has(shown.replyTo.id),
						lang: langAttribute(shown.replyTo.locale)
					}
				: null
		};
	});
}

/** A discussion's page of messages, for whoever reads. */
export function discussionView(
	db: Db,
	subject: Subject,
	path: string,
	options: {
		page: number;
		lang: ContentLocale | null;
		viewer: Viewer;
		locale: ContentLocale;
		defaultLocale: ContentLocale;
	}
): DiscussionView {
	const discussion = discussions.forSubject(db, subject);
	const { viewer } = options;
	const closed = discussion.closedAt !== null;
	const listed = messages.listPage(db, discussion.id, {
		page: options.page,
		lang: options.lang,
		viewerId: viewer?.id ?? null,
		moderator: can(viewer, 'moderate', { type: 'message', authorId: null })
	});
	return {
		subject,
		path,
		count: discussion.messageCount,
		total: listed.total,
		page: listed.page,
		pages: listed.pages,
		lang: options.lang,
		closed,
		pinned: discussion.pinnedAt !== null,
		messages: messageViews(listed.messages, viewer, closed, options.locale),
		signedIn: viewer !== null,
		can: {
			write: !closed && can(viewer, 'write', discussionThing()),
			close: can(viewer, 'close', discussionThing()),
			pin: subject.kind === 'topic' && can(viewer, 'pin', discussionThing())
		},
		following: viewer?.id != null && follows.isFollowing(db, viewer.id, discussion.id),
		defaultLocale: options.defaultLocale
	};
}

/** The subject a reader's page shows a discussion of, by the page's slug; null when none is shown. */
export function subjectBySlug(
	db: Db,
	kind: Subject['kind'],
	slug: string,
	viewer: Viewer = null
): { subject: Subject; path: string } | null {
	if (kind === 'event') {
		const event = events.findBySlug(db, slug);
		return event ? { subject: { kind, id: event.id }, path: paths.event(event.slug) } : null;
	}
	if (kind === 'post') {
		const found = posts.findPublished(db, slug);
		return found && 'post' in found
			? { subject: { kind, id: found.post.id }, path: paths.post(found.post.slug) }
			: null;
	}
	const topic = discussions.findTopicBySlug(db, slug);
	return topic && discussionShown(topic, viewer)
		? { subject: topic.subject, path: paths.topic(topic.slug!) }
		: null;
}

function listedView(item: activity.Listed, locale: ContentLocale): ListedView {
	const picked = pickText(item.titles, locale);
	const at = item.last?.createdAt ?? item.discussion.lastActivityAt;
	return {
		kind: item.discussion.subject.kind,
		path: item.path,
		title: picked?.value ?? item.title ?? item.path,
		lang: picked ? picked.lang : langAttribute(item.discussion.locale),
		fallback: picked ? picked.fallback : false,
		count: item.discussion.messageCount,
		closed: item.discussion.closedAt !== null,
		lastAt: at ? new Date(at).toISOString() : null,
		lastWhen: at ? formatPosted(at, HUB_TIME_ZONE, locale) : null,
		lastAuthor: item.last?.authorName ?? null
	};
}

/** /forum: pinned topics, then discussions by latest activity, a page at a time. */
export function forumPage(db: Db, locale: ContentLocale, page: number) {
	const active = activity.listActive(db, { page });
	return {
		pinned: page === 1 ? activity.listPinned(db).map((item) => listedView(item, locale)) : [],
		active: active.items.map((item) => listedView(item, locale)),
		page: active.page,
		hasNext: active.hasNext
	};
}

/**
 * Whether `viewer` may see a discussion: a topic whose every message waits for a moderator is
 * its author's and the moderators' only, until one is approved.
 */
export function discussionShown(discussion: discussions.Discussion, viewer: Viewer): boolean {
	return (
		discussion.subject.kind !== 'topic' ||
		discussion.listedCount > 0 ||
		(viewer !== null && discussion.authorId === viewer.id) ||
		can(viewer, 'moderate', { type: 'message', authorId: discussion.authorId })
	);
}

/** A topic's own heading: its title in the language it was written in; null when not shown. */
export function topicHeading(db: Db, slug: string, viewer: Viewer = null) {
	const topic = discussions.findTopicBySlug(db, slug);
	if (!topic || !discussionShown(topic, viewer)) return null;
	return {
		subject: topic.subject,
		path: paths.topic(topic.slug!),
		title: topic.title ?? topic.slug ?? '',
		lang: langAttribute(topic.locale)
	};
}

/**
 * One message with where it is read: what the reply, edit, delete and history pages show.
 * Null when nobody may see it there (unknown, held for someone else, its subject not shown).
 */
export function messageContext(db: Db, id: number, viewer: Viewer, locale: ContentLocale) {
	const message = messages.findById(db, id);
	if (!message) return null;
	if (message.state === 'held' && message.authorId !== (viewer?.id ?? null)) return null;
	const located = activity.locateAll(db, [message])[0];
	if (!located) return null;
	const where = listedView(located.in, locale);
	const closed = located.in.discussion.closedAt !== null;
	return {
		message,
		view: messageViews([message], viewer, closed, locale)[0]!,
		subject: located.in.discussion.subject,
		discussion: { path: where.path, title: where.title, lang: where.lang, closed }
	};
}

/** Every version of a message, the newest first, rendered. */
export function historyView(db: Db, id: number, locale: ContentLocale): VersionView[] {
	return messages
		.versions(db, id)
		.reverse()
		.map((v) => ({
			version: v.version,
			lang: langAttribute(v.locale),
			datetime: new Date(v.createdAt).toISOString(),
			when: formatPosted(v.createdAt, HUB_TIME_ZONE, locale),
			html: renderMessage(v.body)
		}));
}

/** A message's place, where its permalink sends readers: `/{lang}{path}?page=N#m{id}`. */
export function messageLocation(db: Db, id: number, viewer: Viewer): string | null {
	const found = messages.locate(
		db,
		id,
		viewer?.id ?? null,
		can(viewer, 'moderate', { type: 'message', authorId: null })
	);
	return found ? `${href(found.path)}?page=${found.page}#m${id}` : null;
}

/** What a discussion's page load hands its Discussion component, for whoever asks. */
export function discussionOfPage(
	db: Db,
	subject: Subject,
	path: string,
	url: URL,
	account: { id: number; role: Actor['role'] } | null,
	locale: ContentLocale,
	defaultLocale: ContentLocale
): DiscussionView {
	return discussionView(db, subject, path, {
		page: pageNumber(url.searchParams.get('page')),
		lang: langFilter(url.searchParams.get('lang')),
		viewer: account ? { id: account.id, role: account.role } : null,
		locale,
		defaultLocale
	});
}

/**
 * What an event's or a post's page adds for its discussion: the thread, the page's JSON-LD with
 * its messages as comments, and the discussion's feed. Records what the answer shows.
 */
export function discussionOfContentPage(
	db: Db,
	kind: 'event' | 'post',
	id: number,
	page: { slug: string; jsonLd: string },
	url: URL,
	account: Pick<Account, 'id' | 'role' | 'locale'> | null,
	locale: ContentLocale,
	origin: string
) {
	const subject: Subject = { kind, id };
	showsDiscussion(subject);
	const discussion = discussionOfPage(
		db,
		subject,
		paths.page(kind, page.slug),
		url,
		account,
		locale,
		defaultMessageLocale(account)
	);
	return {
		jsonLd: structuredData.withDiscussion(page.jsonLd, discussion, locale, origin),
		discussion,
		discussionFeed: forumFeeds.discussionFeedPath(kind, page.slug)
	};
}

/** Records that the answer being made shows this discussion and its authors' names. */
export function showsDiscussion(subject: Subject) {
	dependOn(discussions.tagOf(subject), NAMES);
}

/** Records that the answer being made lists or counts discussions. */
export function listsDiscussions() {
	dependOn(LISTS, NAMES);
}

/**
 * A message's public history: the message as its thread shows it, and every version, newest
 * first. The same for everyone (held messages have none to show). Null when it is not shown.
 */
export function historyPage(db: Db, id: number, locale: ContentLocale) {
	const context = messageContext(db, id, null, locale);
	if (!context) return null;
	const shown = context.message.state === 'published';
	return {
		subject: context.subject,
		page: {
			message: {
				...context.view,
				can: { reply: false, quote: false, edit: false, delete: false, flag: false }
			},
			discussion: context.discussion,
			versions: shown ? historyView(db, id, locale) : []
		}
	};
}
