import type { ContentLocale } from './content';

/*
 * What the forum's pages are handed (server/views/forum.ts makes them): browser-safe shapes,
 * so components lay them out without reaching into the server's modules.
 */

export type MessageState = 'published' | 'held' | 'hidden' | 'deleted';
export type SubjectKind = 'event' | 'post' | 'topic';

export type MessageView = {
	id: number;
	state: MessageState;
	/** null: a tombstone, a hidden message, or an account that is gone. */
	author: string | null;
	/** The `lang` attribute: '' for a message in neither French nor English. */
	lang: ContentLocale | '';
	/** ISO instant for `<time datetime>`. */
	datetime: string;
	when: string;
	/** Hidden: the moderators' reason, said in its place ('flags': three members flagged it). */
	reason: string | null;
	/** The viewer moderates: held and hidden messages show their words, marked. */
	moderated: boolean;
	/** Rendered Markdown; '' when the message is not shown (deleted, hidden but to moderators). */
	html: string;
	edited: boolean;
	/** The message answered, and whether it is on this same page (a `#m…` link) or not. */
	/** `lang`: the answered message's, which its quoted words keep. */
	replyTo: { id: number; author: string | null; here: boolean; lang: ContentLocale | '' } | null;
	quoteHtml: string | null;
	can: { reply: boolean; quote: boolean; edit: boolean; delete: boolean; flag: boolean };
};

export type DiscussionView = {
	subject: { kind: SubjectKind; id: number };
	/** The page the discussion ends, without language: /events/…, /posts/…, /forum/…. */
	path: string;
	/** Published messages, whatever the filter. */
	count: number;
	/** Messages in this filter, over every page. */
	total: number;
	page: number;
	pages: number;
	lang: ContentLocale | null;
	closed: boolean;
	pinned: boolean;
	messages: MessageView[];
	signedIn: boolean;
	can: { write: boolean; close: boolean; pin: boolean };
	/** Whether the signed-in viewer follows it (always false for visitors: their page is shared). */
	following?: boolean;
	/** The language the write form starts on. */
	defaultLocale: ContentLocale;
};

/** A discussion as the forum lists it: its title in the reader's language, or the other one. */
export type ListedView = {
	kind: SubjectKind;
	path: string;
	title: string;
	/** The title's language; '' for a topic titled in neither. */
	lang: ContentLocale | '';
	/** The title is not in the reader's language. */
	fallback: boolean;
	count: number;
	closed: boolean;
	/** ISO instant and its words; null for a topic with no message shown. */
	lastAt: string | null;
	lastWhen: string | null;
	lastAuthor: string | null;
};

export type VersionView = {
	version: number;
	lang: ContentLocale | '';
	datetime: string;
	when: string;
	html: string;
};

/** What a forum form's action answered (the page's `form`), read without trusting its shape. */
export type ForumFormAnswer = {
	values?: Record<string, string>;
	errors?: Record<string, string>;
	message?: string;
	confirm?: boolean;
	/** The discussion was closed before the message could be sent (its text is in `values`). */
	closed?: boolean;
} | null;

/** The query of a discussion's page: its page number (after the first) and language filter. */
export function discussionQuery(page: number, lang: ContentLocale | null): string {
	const params = new URLSearchParams();
	if (page > 1) params.set('page', String(page));
	if (lang) params.set('lang', lang);
	const query = params.toString();
	return query ? `?${query}` : '';
}
