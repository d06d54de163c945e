import type { ContentLocale } from '$lib/content';
import { authorize, type Actor } from '../auth/policy';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { DiscussionKind } from '../db/schema';
import { changed, discussionTag, LISTS } from './changes';

/*
 * Discussions: one per event, per post (made when its first message is written, or when a
 * moderator closes it) and per topic. A discussion is shown only while its subject is: an
 * event's while the event is published and not archived, a post's while the post is.
 */

/** What a discussion is about: an event, a post (by id) or a topic (its discussion's id). */
export type Subject = { kind: DiscussionKind; id: number };

export type Discussion = {
	/** null: an event's or post's discussion that nobody has written in yet. */
	id: number | null;
	subject: Subject;
	/** Topics only. */
	slug: string | null;
	title: string | null;
	locale: ContentLocale | null;
	authorId: number | null;
	pinnedAt: number | null;
	closedAt: number | null;
	/** Published messages. */
	messageCount: number;
	/** Messages holding a place in the thread (all but held ones): what pages are cut from. */
	listedCount: number;
	lastMessageId: number | null;
	lastActivityAt: number;
	createdAt: number;
};

type Row = {
	id: number;
	kind: DiscussionKind;
	event_id: number | null;
	post_id: number | null;
	slug: string | null;
	title: string | null;
	locale: ContentLocale | null;
	author_id: number | null;
	pinned_at: number | null;
	closed_at: number | null;
	message_count: number;
	listed_count: number;
	last_message_id: number | null;
	last_activity_at: number;
	created_at: number;
};

const COLUMNS = `d.id, d.kind, d.event_id, d.post_id, d.slug, d.title, d.locale, d.author_id,
	d.pinned_at, d.closed_at, d.message_count, d.listed_count, d.last_message_id,
	d.last_activity_at, d.created_at`;

function subjectOf(row: Pick<Row, 'kind' | 'id' | 'event_id' | 'post_id'>): Subject {
	if (row.kind === 'event') return { kind: 'event', id: row.event_id! };
	if (row.kind === 'post') return { kind: 'post', id: row.post_id! };
	return { kind: 'topic', id: row.id };
}

export function fromRow(row: Row): Discussion {
	return {
		id: row.id,
		subject: subjectOf(row),
		slug: row.slug,
		title: row.title,
		locale: row.locale,
		authorId: row.author_id,
		pinnedAt: row.pinned_at,
		closedAt: row.closed_at,
		messageCount: row.message_count,
		listedCount: row.listed_count,
		lastMessageId: row.last_message_id,
		lastActivityAt: row.last_activity_at,
		createdAt: row.created_at
	};
}

function empty(subject: Subject): Discussion {
	return {
		id: null,
		subject,
		slug: null,
		title: null,
		locale: null,
		authorId: null,
		pinnedAt: null,
		closedAt: null,
		messageCount: 0,
		listedCount: 0,
		lastMessageId: null,
		lastActivityAt: 0,
		createdAt: 0
	};
}

/** The tag of the answers that show this discussion (changes.ts). */
export const tagOf = (subject: Subject) => discussionTag(subject.kind, subject.id);

/**
 * Whether readers may see `subject` (and so its discussion): a published, unarchived event or
 * post, or an existing topic.
 */
export function subjectVisible(db: Db, subject: Subject): boolean {
	const sql = {
		event: 'select 1 from events where id = ? and draft = 0 and archived_at is null',
		post: "select 1 from posts where id = ? and status = 'published' and archived_at is null",
		topic: "select 1 from discussions where id = ? and kind = 'topic'"
	}[subject.kind];
	return prepared(db, sql).get(subject.id) !== undefined;
}

/** The discussion of an event, a post or a topic; an empty one for a subject nobody wrote about. */
export function forSubject(db: Db, subject: Subject): Discussion {
	const where = {
		event: 'd.event_id = ?',
		post: 'd.post_id = ?',
		topic: "d.id = ? and d.kind = 'topic'"
	}[subject.kind];
	const row = prepared(db, `select ${COLUMNS} from discussions d where ${where}`).get(
		subject.id
	) as Row | undefined;
	return row ? fromRow(row) : empty(subject);
}

export function findById(db: Db, id: number): Discussion | null {
	const row = prepared(db, `select ${COLUMNS} from discussions d where d.id = ?`).get(id) as
		Row | undefined;
	return row ? fromRow(row) : null;
}

export function findTopicBySlug(db: Db, slug: string): Discussion | null {
	const row = prepared(
		db,
		`select ${COLUMNS} from discussions d where d.slug = ? and d.kind = 'topic'`
	).get(slug) as Row | undefined;
	return row ? fromRow(row) : null;
}

/**
 * The stored discussion of `subject`, made if it has none yet. Inside the caller's transaction:
 * two first messages written at once make one discussion.
 */
export function ensure(db: Db, subject: Subject, now: number): Discussion {
	if (subject.kind !== 'topic') {
		const column = subject.kind === 'event' ? 'event_id' : 'post_id';
		prepared(
			db,
			`insert into discussions (kind, ${column}, last_activity_at, created_at) values (?, ?, ?, ?)
			 on conflict do nothing`
		).run(subject.kind, subject.id, now, now);
	}
	const found = forSubject(db, subject);
	if (found.id === null) throw new Error(`No discussion for ${subject.kind} ${subject.id}`);
	return found;
}

/** Where readers find a discussion (without language prefix), or null when they cannot. */
export function pathOf(db: Db, subject: Subject): string | null {
	const sql = {
		event: 'select slug from events where id = ? and draft = 0 and archived_at is null',
		post: "select slug from posts where id = ? and status = 'published' and archived_at is null",
		topic: "select slug from discussions where id = ? and kind = 'topic'"
	}[subject.kind];
	const row = prepared(db, sql).get(subject.id) as { slug: string } | undefined;
	if (!row) return null;
	const prefix = { event: '/events/', post: '/posts/', topic: '/forum/' }[subject.kind];
	return `${prefix}${row.slug}`;
}

/** Closes a discussion (nobody writes in it any more) or opens it again. */
export function setClosed(
	db: Db,
	actor: Actor,
	subject: Subject,
	closed: boolean,
	now = Date.now()
) {
	authorize(actor, 'close', { type: 'discussion', closed: false });
	db.$client.transaction(() => {
		const discussion = ensure(db, subject, now);
		prepared(db, 'update discussions set closed_at = ? where id = ?').run(
			closed ? now : null,
			discussion.id
		);
	})();
	changed(tagOf(subject), LISTS);
}

/** Pins a topic at the top of the forum, or unpins it. Only topics are pinned. */
export function setPinned(
	db: Db,
	actor: Actor,
	topicId: number,
	pinned: boolean,
	now = Date.now()
) {
	authorize(actor, 'pin', { type: 'discussion', closed: false });
	const result = prepared(
		db,
		"update discussions set pinned_at = ? where id = ? and kind = 'topic'"
	).run(pinned ? now : null, topicId);
	if (result.changes === 0) throw new Error(`No topic ${topicId}`);
	changed(tagOf({ kind: 'topic', id: topicId }), LISTS);
}
