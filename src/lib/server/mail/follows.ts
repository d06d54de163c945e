import { pickText, type ContentLocale } from '$lib/content';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as activity from '../forum/activity';
import * as discussions from '../forum/discussions';
import type { Subject } from '../forum/discussions';

/*
 * Who follows which discussion: they hear of every new message there (mail/notifications.ts).
 * A member follows a discussion when they write their FIRST message in it, or press "Follow".
 * An unfollow sticks: the follows table has no room to remember it, so writing again in a
 * discussion one already wrote in never subscribes again (see followOnWrite).
 */

/** Whether `accountId` follows the discussion (an event's or post's not yet made: no one does). */
export function isFollowing(db: Db, accountId: number, discussionId: number | null): boolean {
	if (discussionId === null) return false;
	return (
		prepared(db, 'select 1 from follows where account_id = ? and discussion_id = ?').get(
			accountId,
			discussionId
		) !== undefined
	);
}

/**
 * Follows the discussion of `subject` (making an event's or a post's, as closing it does).
 * False when readers cannot see the subject: nothing is written then.
 */
export function follow(db: Db, accountId: number, subject: Subject, now = Date.now()): boolean {
	return db.$client
		.transaction(() => {
			if (!discussions.subjectVisible(db, subject)) return false;
			const discussion = discussions.ensure(db, subject, now);
			add(db, accountId, discussion.id!, now);
			return true;
		})
		.immediate();
}

/** Stops following; nothing to do when they did not. Waiting notifications of it go too. */
export function unfollow(db: Db, accountId: number, discussionId: number): void {
	db.$client.transaction(() => {
		prepared(db, 'delete from follows where account_id = ? and discussion_id = ?').run(
			accountId,
			discussionId
		);
		prepared(
			db,
			'delete from notifications where account_id = ? and discussion_id = ? and sent_at is null'
		).run(accountId, discussionId);
	})();
}

/** Unfollows the discussion of `subject`, if it has one. */
export function unfollowSubject(db: Db, accountId: number, subject: Subject): void {
	const discussion = discussions.forSubject(db, subject);
	if (discussion.id !== null) unfollow(db, accountId, discussion.id);
}

function add(db: Db, accountId: number, discussionId: number, now: number) {
	prepared(
		db,
		'insert into follows (account_id, discussion_id, created_at) values (?, ?, ?) on conflict do nothing'
	).run(accountId, discussionId, now);
}

/**
 * The author of a message just inserted follows its discussion, when it is their first message
 * there. A later message does not: they may have unfollowed in between, and that must stick.
 * Inside the caller's transaction.
 */
export function followOnWrite(db: Db, accountId: number, discussionId: number, now: number) {
	const written = prepared(
		db,
		`select count(*) as n from (select 1 from messages indexed by messages_author_idx
		 where author_id = ? and discussion_id = ? limit 2)`
	).get(accountId, discussionId) as { n: number };
	if (written.n === 1) add(db, accountId, discussionId, now);
}

export type Followed = {
	discussionId: number;
	/** Without the language prefix: /events/…, /posts/…, /forum/…. */
	path: string;
	title: string;
	/** The title's language; '' for a topic titled in neither. */
	lang: ContentLocale | '';
};

/** The most a list of followed discussions shows (the account page). */
export const FOLLOWED_SHOWN = 200;

/** The discussions a member follows that readers may see, latest activity first. */
export function listFollowed(db: Db, accountId: number, locale: ContentLocale): Followed[] {
	const rows = prepared(
		db,
		`select d.id from follows f join discussions d on d.id = f.discussion_id
		 where f.account_id = ? order by d.last_activity_at desc, d.id desc limit ?`
	).all(accountId, FOLLOWED_SHOWN) as { id: number }[];
	return rows.flatMap(({ id }) => describe(db, id, locale) ?? []);
}

/** The title and address of one discussion, as an email or a page names it; null when not shown. */
export function describe(db: Db, discussionId: number, locale: ContentLocale): Followed | null {
	const discussion = discussions.findById(db, discussionId);
	const path = discussion && discussions.pathOf(db, discussion.subject);
	if (!discussion || !path) return null;
	const picked = pickText(activity.subjectTitles(db, discussion.subject, discussion), locale);
	return {
		discussionId,
		path,
		title: picked?.value ?? discussion.title ?? path,
		lang: picked ? picked.lang : (discussion.locale ?? '')
	};
}
