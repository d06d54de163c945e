import type { ContentLocale } from '$lib/content';
import { MAX_LENGTH } from '$lib/limits';
import { authorize, can, type Actor } from '../auth/policy';
import { cleanText } from '../content/text';
import { markdownToText } from '../formats/markdown';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { MessageState } from '../db/schema';
import * as admission from '../moderation/admission';
import * as notifications from '../mail/notifications';
import { changed, LISTS } from './changes';
import * as discussions from './discussions';
import type { Subject } from './discussions';

/*
 * Messages: written by members in a discussion, in French, in English or in neither (`locale`
 * null: never hidden by a language filter), optionally answering another message of the same
 * discussion and quoting its words. Every version is kept; deleting leaves a tombstone so the
 * answers around it still read.
 */

/** Pages of a discussion hold this many messages. */
export const PAGE_SIZE = 50;

export type MessageInput = {
	body: string;
	locale: ContentLocale | null;
	replyTo?: number | null;
	quote?: string | null;
};

export type MessageProblem =
	| { field: 'body'; code: 'required' }
	| { field: 'body' | 'quote'; code: 'too_long'; max: number }
	/** The message answered is not in this discussion, or no longer readable. */
	| { field: 'replyTo'; code: 'invalid' }
	/** A quote must be words of the message answered, so nobody is made to say what they did not. */
	| { field: 'quote'; code: 'not_in_message' | 'needs_reply' };

export class MessageInputError extends Error {
	constructor(readonly problems: MessageProblem[]) {
		super(`Invalid message: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'MessageInputError';
	}
}

/** The discussion is closed, or its subject is not (or no longer) shown. */
export class DiscussionUnavailableError extends Error {
	constructor(readonly reason: 'closed' | 'not_found') {
		super(`Discussion ${reason}`);
		this.name = 'DiscussionUnavailableError';
	}
}

export type Message = {
	id: number;
	discussionId: number;
	authorId: number | null;
	/** null once the author's account is gone. */
	authorName: string | null;
	locale: ContentLocale | null;
	/** Markdown; empty once deleted. */
	body: string;
	/** The message answered: its author and language (a quote of it is in that language). */
	/** `state`: the answered message's now; see `quoteShown`. */
	replyTo: {
		id: number;
		authorName: string | null;
		locale: ContentLocale | null;
		state: MessageState | null;
	} | null;
	quote: string | null;
	state: MessageState;
	version: number;
	createdAt: number;
	editedAt: number | null;
	deletedAt: number | null;
	/** Held: why it waits ('new_member', 'on_hold', 'word:…'); hidden: the moderators' reason ('flags': three flags). */
	moderationReason: string | null;
	moderatedAt: number | null;
};

type Row = {
	id: number;
	discussion_id: number;
	author_id: number | null;
	author_name: string | null;
	locale: ContentLocale | null;
	body: string;
	reply_to_id: number | null;
	reply_author: string | null;
	reply_locale: ContentLocale | null;
	reply_state: MessageState | null;
	quote: string | null;
	state: MessageState;
	version: number;
	created_at: number;
	edited_at: number | null;
	deleted_at: number | null;
	moderation_reason: string | null;
	moderated_at: number | null;
};

const SELECT = `select m.id, m.discussion_id, m.author_id, a.name as author_name, m.locale, m.body,
	m.reply_to_id, ra.name as reply_author, r.locale as reply_locale, r.state as reply_state, m.quote, m.state, m.version, m.created_at,
	m.edited_at, m.deleted_at, m.moderation_reason, m.moderated_at
	from messages m
	left join accounts a on a.id = m.author_id
	left join messages r on r.id = m.reply_to_id
	left join accounts ra on ra.id = r.author_id`;

function fromRow(row: Row): Message {
	return {
		id: row.id,
		discussionId: row.discussion_id,
		authorId: row.author_id,
		authorName: row.author_name,
		locale: row.locale,
		body: row.body,
		replyTo:
			row.reply_to_id === null
				? null
				: {
						id: row.reply_to_id,
						authorName: row.reply_author,
						locale: row.reply_locale,
						state: row.reply_state
					},
		quote: row.quote,
		state: row.state,
		version: row.version,
		createdAt: row.created_at,
		editedAt: row.edited_at,
		deletedAt: row.deleted_at,
		moderationReason: row.moderation_reason,
		moderatedAt: row.moderated_at
	};
}

/**
 * Whether an answer's quote may be shown: never once the answered message is deleted (whoever
 * deleted it, its words are gone, and a quote would bring them back), to moderators only while
 * it is hidden (they decide on it again).
 */
export function quoteShown(
	message: Pick<Message, 'quote' | 'replyTo'>,
	moderator: boolean
): boolean {
	if (!message.quote || !message.replyTo) return false;
	const state = message.replyTo.state;
	return state === 'published' || state === 'held' || (state === 'hidden' && moderator);
}

export function findById(db: Db, id: number): Message | null {
	const row = prepared(db, `${SELECT} where m.id = ?`).get(id) as Row | undefined;
	return row ? fromRow(row) : null;
}

/** Spaces folded, so a quote copied across a line break still matches its message. */
const folded = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Embedding, override and isolate controls: in a member's text they only serve to make it read
 * otherwise than it is written (reversing what follows it on the page, in titles and feeds).
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Whether a text shows anything: not only spaces, format characters or blank-looking letters. */
export function hasVisibleText(text: string): boolean {
	return /[^\s\p{Cf}\p{Zs}\u2800\u3164\u115f\u1160\uffa0]/u.test(text);
}

/** Whether `quote` is words of `body`, as written or as read (Markdown marks left out). */
function quotes(body: string, quote: string): boolean {
	const wanted = folded(quote);
	return folded(body).includes(wanted) || folded(markdownToText(body)).includes(wanted);
}

type Cleaned = {
	body: string;
	locale: ContentLocale | null;
	replyTo: number | null;
	quote: string | null;
};

function clean(input: MessageInput): Cleaned {
	const quote = input.quote == null ? '' : cleanText(input.quote).replace(BIDI_CONTROLS, '').trim();
	return {
		body: cleanText(input.body).replace(BIDI_CONTROLS, '').trim(),
		locale: input.locale === 'fr' || input.locale === 'en' ? input.locale : null,
		replyTo: input.replyTo ?? null,
		quote: quote === '' ? null : quote
	};
}

/** Every problem with a message about to be written in discussion `discussionId` (null: none yet). */
function problemsOf(db: Db, input: Cleaned, discussionId: number | null): MessageProblem[] {
	const problems: MessageProblem[] = [];
	if (!hasVisibleText(input.body)) problems.push({ field: 'body', code: 'required' });
	if (input.body.length > MAX_LENGTH.message)
		problems.push({ field: 'body', code: 'too_long', max: MAX_LENGTH.message });
	if (input.quote !== null && input.quote.length > MAX_LENGTH.quote)
		problems.push({ field: 'quote', code: 'too_long', max: MAX_LENGTH.quote });
	if (input.replyTo !== null) {
		const answered = findById(db, input.replyTo);
		if (!answered || answered.discussionId !== discussionId || answered.state !== 'published')
			problems.push({ field: 'replyTo', code: 'invalid' });
		else if (input.quote !== null && !quotes(answered.body, input.quote))
			problems.push({ field: 'quote', code: 'not_in_message' });
	} else if (input.quote !== null) problems.push({ field: 'quote', code: 'needs_reply' });
	return problems;
}

/**
 * Writes a message in the discussion of `subject` (made if it is the first). Throws
 * MessageInputError with every problem, DiscussionUnavailableError when nobody may write there,
 * Forbidden when `actor` may not write.
 */
export function post(
	db: Db,
	actor: Actor,
	subject: Subject,
	input: MessageInput,
	now = Date.now()
): Message {
	authorize(actor, 'write', { type: 'discussion', closed: false });
	const cleaned = clean(input);
	const id = db.$client
		.transaction(() => {
			if (!discussions.subjectVisible(db, subject))
				throw new DiscussionUnavailableError('not_found');
			const existing = discussions.forSubject(db, subject);
			if (existing.closedAt !== null) throw new DiscussionUnavailableError('closed');
			const problems = problemsOf(db, cleaned, existing.id);
			if (problems.length > 0) throw new MessageInputError(problems);
			const decision = admission.admit(
				db,
				actor,
				{ locale: cleaned.locale, texts: [cleaned.body] },
				now
			);
			const discussion = discussions.ensure(db, subject, now);
			return written(db, discussion.id!, actor.id!, cleaned, now, decision);
		})
		.immediate();
	changed(discussions.tagOf(subject), LISTS);
	return findById(db, id)!;
}

/** Why a held message waits, as stored in `moderation_reason`: the queue says it. */
export function holdNote(decision: admission.Admission): string | null {
	if (decision.state === 'published') return null;
	return decision.reason === 'word' ? `word:${decision.word ?? ''}` : decision.reason;
}

/**
 * Inserts an admitted message, makes its author a follower of the discussion and, when it is
 * published at once, tells whoever is to hear of it; the caller holds the transaction.
 */
export function written(
	db: Db,
	discussionId: number,
	authorId: number,
	input: Cleaned,
	now: number,
	decision: admission.Admission
): number {
	const id = insert(db, discussionId, authorId, input, now, decision.state, holdNote(decision));
	notifications.followOnWrite(db, authorId, discussionId, now);
	if (decision.state === 'published') notifications.notifyPublished(db, id, now);
	return id;
}

/** Inserts a message and its first version; the caller holds the transaction. */
export function insert(
	db: Db,
	discussionId: number,
	authorId: number,
	input: Cleaned,
	now: number,
	state: MessageState = 'published',
	moderationReason: string | null = null
): number {
	const { lastInsertRowid } = prepared(
		db,
		`insert into messages (discussion_id, author_id, locale, body, reply_to_id, quote, state, created_at, moderation_reason)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		discussionId,
		authorId,
		input.locale,
		input.body,
		input.replyTo,
		input.quote,
		state,
		now,
		moderationReason
	);
	const id = Number(lastInsertRowid);
	prepared(
		db,
		'insert into message_versions (message_id, version, locale, body, created_at) values (?, 1, ?, ?, ?)'
	).run(id, input.locale, input.body, now);
	return id;
}

/** Checks a topic's first message before its discussion exists. */
export function checkFirst(input: MessageInput): MessageProblem[] {
	const cleaned = clean({ ...input, replyTo: null, quote: null });
	const problems: MessageProblem[] = [];
	if (!hasVisibleText(cleaned.body)) problems.push({ field: 'body', code: 'required' });
	if (cleaned.body.length > MAX_LENGTH.message)
		problems.push({ field: 'body', code: 'too_long', max: MAX_LENGTH.message });
	return problems;
}

export { clean as cleanInput };

/**
 * A new version of a message, by its author or a moderator: its text and language. Nothing is
 * written when neither changed. Returns the message as it now is.
 */
export function edit(
	db: Db,
	actor: Actor,
	id: number,
	input: Pick<MessageInput, 'body' | 'locale'>,
	now = Date.now()
): Message {
	const cleaned = clean({ body: input.body, locale: input.locale });
	const message = findById(db, id);
	if (!message) throw new DiscussionUnavailableError('not_found');
	// Only its author rewrites a message: words under a name are that person's. Moderators hide
	// or delete (issue 14), they do not put words in anyone's mouth.
	authorize(actor, 'edit-message', { type: 'message', authorId: message.authorId });
	const discussion = writable(db, actor, message);
	const problems = problemsOf(db, { ...cleaned, replyTo: null, quote: null }, discussion.id);
	if (problems.length > 0) throw new MessageInputError(problems);
	if (cleaned.body === message.body && cleaned.locale === message.locale) return message;
	db.$client
		.transaction(() => {
			const decision = admission.admitEdit(
				db,
				actor,
				{ locale: cleaned.locale, texts: [cleaned.body] },
				now
			);
			// Whatever sends a new message to the queue (a hold, a new member, a word) sends an edited one back.
			if (decision.state === 'held' && message.state === 'published')
				prepared(
					db,
					"update messages set state = 'held', moderation_reason = ?, moderated_at = null where id = ?"
				).run(holdNote(decision), id);
			const version = message.version + 1;
			const { changes } = prepared(
				db,
				`update messages set body = ?, locale = ?, version = ?, edited_at = ?
			 where id = ? and version = ? and state <> 'deleted'`
			).run(cleaned.body, cleaned.locale, version, now, id, message.version);
			// Another edit came first: this one is written on top of it, as its next version.
			if (changes === 0) throw new DiscussionUnavailableError('not_found');
			prepared(
				db,
				'insert into message_versions (message_id, version, locale, body, created_at) values (?, ?, ?, ?, ?)'
			).run(id, version, cleaned.locale, cleaned.body, now);
		})
		.immediate();
	changed(discussions.tagOf(discussion.subject), LISTS);
	return findById(db, id)!;
}

/**
 * Deletes a message by its author or a moderator: its place stays as a tombstone, its words and
 * every earlier version are gone (answers keep their quotes, shown to nobody: see `quoteShown`).
 */
export function remove(db: Db, actor: Actor, id: number, now = Date.now()): void {
	const message = findById(db, id);
	if (!message) throw new DiscussionUnavailableError('not_found');
	authorize(actor, 'delete-message', { type: 'message', authorId: message.authorId });
	// Deleted already (a double click, two tabs): what was asked is done.
	if (message.state === 'deleted') return;
	const discussion = writable(db, actor, message);
	db.$client.transaction(() => tombstone(db, id, now)).immediate();
	changed(discussions.tagOf(discussion.subject), LISTS);
}

/**
 * What deleting does to a message, by its author or from the moderation queue: its words and
 * versions go, its place stays. The caller holds the transaction and has checked who asks.
 */
export function tombstone(db: Db, id: number, now: number): void {
	// A message still waiting was never read: it goes without a placeholder (nothing answers it,
	// only published messages can be answered), its versions, reports and notices with it.
	if (prepared(db, "delete from messages where id = ? and state = 'held'").run(id).changes > 0)
		return;
	// Its language goes with its words: a tombstone is never hidden by a language filter.
	prepared(
		db,
		"update messages set state = 'deleted', body = '', locale = null, deleted_at = ? where id = ?"
	).run(now, id);
	prepared(db, 'delete from message_versions where message_id = ?').run(id);
}

/**
 * The discussion of a message its author (or a moderator) is about to change: refused when the
 * message or its discussion is out of the author's hands. A closed discussion stays as it was,
 * a hidden message is the moderators' to decide on, and what readers cannot see (a draft's, an
 * archived event's discussion) cannot be changed either.
 */
function writable(db: Db, actor: Actor, message: Message): discussions.Discussion {
	const discussion = discussions.findById(db, message.discussionId);
	if (!discussion || !discussions.subjectVisible(db, discussion.subject))
		throw new DiscussionUnavailableError('not_found');
	const moderator = can(actor, 'moderate', { type: 'message', authorId: message.authorId });
	if (message.state === 'deleted') throw new DiscussionUnavailableError('not_found');
	if (!moderator && (discussion.closedAt !== null || message.state === 'hidden'))
		throw new DiscussionUnavailableError('closed');
	return discussion;
}

export type MessageVersion = {
	version: number;
	locale: ContentLocale | null;
	body: string;
	createdAt: number;
};

/** Every version of a message, the first first; empty once deleted. */
export function versions(db: Db, id: number): MessageVersion[] {
	return (
		prepared(
			db,
			'select version, locale, body, created_at from message_versions where message_id = ? order by version'
		).all(id) as {
			version: number;
			locale: ContentLocale | null;
			body: string;
			created_at: number;
		}[]
	).map((r) => ({ version: r.version, locale: r.locale, body: r.body, createdAt: r.created_at }));
}

/** Shown in a thread: everything but held messages, which only their author (and moderators) see. */
const LISTED = "(m.state <> 'held' or m.author_id = @viewer or @moderator = 1)";
const IN_LANGUAGE = '(@lang is null or m.locale is null or m.locale = @lang)';

export type PageQuery = {
	/** 1-based. */
	page: number;
	/** Only messages in this language, and those without one. */
	lang?: ContentLocale | null;
	/** The reader's account, who also sees their own held messages. */
	viewerId?: number | null;
	/** A moderator sees every held message in its place. */
	moderator?: boolean;
};

export type MessagePage = { messages: Message[]; page: number; pages: number; total: number };

type Params = {
	discussion: number;
	viewer: number;
	lang: ContentLocale | null;
	moderator: 0 | 1;
};

/** Unfiltered, the discussion's own count (kept by triggers) and the viewer's held messages. */
function countListed(db: Db, params: Params): number {
	const listed = prepared(db, 'select listed_count as n from discussions where id = ?').get(
		params.discussion
	) as { n: number } | undefined;
	if (params.viewer < 0 && !params.moderator) return listed?.n ?? 0;
	// Named: the planner's statistics would take the thread index and read the whole discussion.
	const held = prepared(
		db,
		`select count(*) as n from messages indexed by messages_state_idx
		 where discussion_id = @discussion and state = 'held' and (author_id = @viewer or @moderator = 1)`
	).get(params) as { n: number };
	return (listed?.n ?? 0) + held.n;
}

function countInLanguage(db: Db, params: Params): number {
	return (
		prepared(
			db,
			`select count(*) as n from messages m indexed by messages_thread_idx
			 where m.discussion_id = @discussion and ${LISTED} and ${IN_LANGUAGE}`
		).get(params) as { n: number }
	).n;
}

/**
 * One page of a discussion, oldest first. An empty discussion has one, empty, page. The page's
 * ids are found in the thread index alone (messages_thread_idx), then only its rows are read.
 */
export function listPage(db: Db, discussionId: number | null, query: PageQuery): MessagePage {
	if (discussionId === null) return { messages: [], page: 1, pages: 1, total: 0 };
	const params: Params = {
		discussion: discussionId,
		viewer: query.viewerId ?? -1,
		lang: query.lang ?? null,
		moderator: query.moderator ? 1 : 0
	};
	const total = params.lang === null ? countListed(db, params) : countInLanguage(db, params);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(query.page)), pages);
	const ids = (
		prepared(
			db,
			`select m.id from messages m indexed by messages_thread_idx
			 where m.discussion_id = @discussion and ${LISTED} and ${IN_LANGUAGE}
			 order by m.id limit @limit offset @offset`
		).all({ ...params, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }) as { id: number }[]
	).map((r) => r.id);
	if (ids.length === 0) return { messages: [], page, pages, total };
	const rows = prepared(
		db,
		`${SELECT} where m.discussion_id = @discussion and m.id between @first and @last
		 and ${LISTED} and ${IN_LANGUAGE} order by m.id`
	).all({ ...params, first: ids[0], last: ids.at(-1) }) as Row[];
	return { messages: rows.map(fromRow), page, pages, total };
}

/** The page of its discussion (unfiltered) on which a message is shown: what permalinks open. */
export function pageOf(db: Db, message: Pick<Message, 'id' | 'discussionId'>): number {
	const before = (
		prepared(
			db,
			`select count(*) as n from messages m indexed by messages_thread_idx
			 where m.discussion_id = ? and m.state <> 'held' and m.id < ?`
		).get(message.discussionId, message.id) as { n: number }
	).n;
	return Math.floor(before / PAGE_SIZE) + 1;
}

/** Where a message is read: its discussion's address and page, or null when it is not shown. */
export function locate(
	db: Db,
	id: number,
	viewerId: number | null = null,
	moderator = false
): { path: string; page: number } | null {
	const message = findById(db, id);
	if (!message || (message.state === 'held' && message.authorId !== viewerId && !moderator))
		return null;
	const discussion = discussions.findById(db, message.discussionId);
	const path = discussion && discussions.pathOf(db, discussion.subject);
	if (!path) return null;
	return { path, page: pageOf(db, message) };
}
