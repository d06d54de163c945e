import type { ContentLocale } from '$lib/content';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { inSlices } from '../content/slices';
import * as discussions from './discussions';
import type { Discussion, Subject } from './discussions';
import * as messages from './messages';
import type { Message } from './messages';

/*
 * What the forum's lists read: discussions by latest activity, pinned topics, counts for the
 * event and post lists, the newest messages for the feeds. Only discussions whose subject
 * readers may see are listed (a draft's or an archived event's never).
 */

/** A discussion as lists show it: where it is, what it is called in each language. */
export type Listed = {
	discussion: Discussion;
	/** Its address without the language prefix: /events/…, /posts/…, /forum/…. */
	path: string;
	/** The event's or post's title per language; a topic's in the language it was written in. */
	titles: Partial<Record<ContentLocale, string>>;
	/** For a topic written in neither language. */
	title: string | null;
	last: { id: number; authorName: string | null; createdAt: number } | null;
};

const VISIBLE = `(d.kind = 'topic'
	or (d.kind = 'event' and e.draft = 0 and e.archived_at is null)
	or (d.kind = 'post' and p.status = 'published' and p.archived_at is null))`;

const FROM = `from discussions d
	left join events e on d.kind = 'event' and e.id = d.event_id
	left join posts p on d.kind = 'post' and p.id = d.post_id`;

type ListedRow = Parameters<typeof discussions.fromRow>[0] & {
	subject_slug: string;
	last_at: number | null;
	last_author: string | null;
};

const LISTED_SELECT = `select d.id, d.kind, d.event_id, d.post_id, d.slug, d.title, d.locale,
	d.author_id, d.pinned_at, d.closed_at, d.message_count, d.listed_count, d.last_message_id,
	d.last_activity_at, d.created_at, coalesce(e.slug, p.slug, d.slug) as subject_slug,
	lm.created_at as last_at, la.name as last_author
	${FROM}
	left join messages lm on lm.id = d.last_message_id
	left join accounts la on la.id = lm.author_id`;

const PREFIX = { event: '/events/', post: '/posts/', topic: '/forum/' } as const;

function titlesOf(db: Db, rows: { kind: string; id: number }[]) {
	const read = (sql: string, ids: number[]) => {
		const found = new Map<number, Partial<Record<ContentLocale, string>>>();
		const list = inSlices(
			ids,
			(slice) =>
				prepared(db, sql.replace('?', slice.map(() => '?').join(','))).all(...slice) as {
					id: number;
					locale: ContentLocale;
					title: string;
				}[]
		);
		for (const r of list) found.set(r.id, { ...found.get(r.id), [r.locale]: r.title });
		return found;
	};
	return {
		event: read(
			'select event_id as id, locale, title from event_texts where event_id in (?)',
			rows.filter((r) => r.kind === 'event').map((r) => r.id)
		),
		post: read(
			'select post_id as id, locale, title from post_texts where post_id in (?)',
			rows.filter((r) => r.kind === 'post').map((r) => r.id)
		)
	};
}

function listed(db: Db, rows: ListedRow[]): Listed[] {
	const found = rows.map((row) => ({ row, discussion: discussions.fromRow(row) }));
	const titles = titlesOf(
		db,
		found.map(({ discussion }) => ({ kind: discussion.subject.kind, id: discussion.subject.id }))
	);
	return found.map(({ row, discussion }) => {
		const { kind, id } = discussion.subject;
		const topicTitles: Partial<Record<ContentLocale, string>> =
			kind === 'topic' && discussion.locale ? { [discussion.locale]: discussion.title! } : {};
		return {
			discussion,
			path: `${PREFIX[kind]}${row.subject_slug}`,
			titles: kind === 'topic' ? topicTitles : (titles[kind].get(id) ?? {}),
			title: kind === 'topic' ? discussion.title : null,
			last:
				row.last_message_id === null
					? null
					: { id: row.last_message_id, authorName: row.last_author, createdAt: row.last_at ?? 0 }
		};
	});
}

/**
 * Discussions with messages, latest activity first (pinned topics are listed apart, listPinned):
 * one page, and whether another follows.
 */
export function listActive(
	db: Db,
	{ page = 1, perPage = 30 }: { page?: number; perPage?: number } = {}
): { items: Listed[]; page: number; hasNext: boolean } {
	const offset = (Math.max(1, Math.floor(page)) - 1) * perPage;
	const rows = prepared(
		db,
		// `+d.pinned_at`: not a reason to read the pinned index, which holds every unpinned
		// discussion under NULL and then sorted them all (3.5 ms, half the home page's render).
		`${LISTED_SELECT} where d.message_count > 0 and +d.pinned_at is null and ${VISIBLE}
		 order by d.last_activity_at desc, d.id desc limit ? offset ?`
	).all(perPage + 1, offset) as ListedRow[];
	return {
		items: listed(db, rows.slice(0, perPage)),
		page: Math.max(1, Math.floor(page)),
		hasNext: rows.length > perPage
	};
}

/** Pinned topics, the latest pinned first. */
export function listPinned(db: Db): Listed[] {
	const rows = prepared(
		db,
		`${LISTED_SELECT} where d.pinned_at is not null and d.kind = 'topic' and d.listed_count > 0
		 order by d.pinned_at desc limit 20`
	).all() as ListedRow[];
	return listed(db, rows);
}

export type Counts = { messages: number; lastActivityAt: number | null };

/** Published messages and latest activity of these events' or posts' discussions, by id. */
export function countsFor(db: Db, kind: 'event' | 'post', ids: number[]): Map<number, Counts> {
	const column = kind === 'event' ? 'event_id' : 'post_id';
	// Named: most discussions have no event (or no post), and ANALYZE counts their NULLs as one
	// key a thousand rows long, after which SQLite would rather scan the table than look ids up.
	const index = kind === 'event' ? 'discussions_event_idx' : 'discussions_post_idx';
	const counts = new Map<number, Counts>();
	const rows = inSlices(
		ids,
		(slice) =>
			prepared(
				db,
				`select ${column} as id, message_count, last_activity_at from discussions
				 indexed by ${index} where ${column} in (${slice.map(() => '?').join(',')})`
			).all(...slice) as { id: number; message_count: number; last_activity_at: number }[]
	);
	for (const r of rows)
		counts.set(r.id, {
			messages: r.message_count,
			lastActivityAt: r.message_count > 0 ? r.last_activity_at : null
		});
	return counts;
}

/** A message with where it was written, for feeds and search. */
export type Located = { message: Message; in: Listed };

/**
 * The newest published messages, of one discussion or of the whole forum (only where readers
 * may look), newest first.
 */
export function latestMessages(db: Db, limit: number, subject?: Subject): Located[] {
	let ids: number[];
	if (subject) {
		const discussion = discussions.forSubject(db, subject);
		if (discussion.id === null) return [];
		ids = (
			prepared(
				db,
				`select id from messages where discussion_id = ? and state = 'published'
				 order by id desc limit ?`
			).all(discussion.id, limit) as { id: number }[]
		).map((r) => r.id);
	} else {
		// The newest messages are in the discussions most recently written in: the `limit` latest
		// of those, read through the activity index, and the newest messages of each, through
		// theirs. Walking all messages backwards would read every one written where readers may
		// not look (an archived event's) before reaching the others.
		ids = (
			prepared(
				db,
				`select m.id from (
					select d.id as latest_id from discussions d
					left join events e on d.kind = 'event' and e.id = d.event_id
					left join posts p on d.kind = 'post' and p.id = d.post_id
					where d.message_count > 0 and ${VISIBLE}
					order by d.last_activity_at desc, d.id desc limit @limit
				 )
				 join messages m on m.id in (
					select id from messages where discussion_id = latest_id and state = 'published'
					order by id desc limit @limit
				 )
				 order by m.id desc limit @limit`
			).all({ limit }) as { id: number }[]
		).map((r) => r.id);
	}
	return locateAll(db, ids.map((id) => messages.findById(db, id)!).filter(Boolean));
}

/** Each message with its discussion as lists show it; those whose discussion is not shown are left out. */
export function locateAll(db: Db, list: Message[]): Located[] {
	const ids = [...new Set(list.map((m) => m.discussionId))];
	const rows = inSlices(
		ids,
		(slice) =>
			prepared(
				db,
				`${LISTED_SELECT} where d.id in (${slice.map(() => '?').join(',')}) and ${VISIBLE}`
			).all(...slice) as ListedRow[]
	);
	const where = new Map(listed(db, rows).map((item) => [item.discussion.id!, item] as const));
	return list.flatMap((message) => {
		const found = where.get(message.discussionId);
		return found ? [{ message, in: found }] : [];
	});
}

/** One subject's titles per language, as lists show them, also when nobody wrote about it yet. */
export function subjectTitles(
	db: Db,
	subject: Subject,
	discussion: Discussion
): Partial<Record<ContentLocale, string>> {
	if (subject.kind === 'topic')
		return discussion.locale && discussion.title ? { [discussion.locale]: discussion.title } : {};
	return titlesOf(db, [subject])[subject.kind].get(subject.id) ?? {};
}
