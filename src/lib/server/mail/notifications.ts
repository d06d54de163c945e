import type { Db } from '../db';
import type { EMAIL_FREQUENCIES } from '../db/schema';
import { prepared } from '../db/prepared';
import * as follows from './follows';
import * as digest from './digest';

/*
 * What members are to hear of: a reply to their message, a new message where they follow. One
 * row per member and message (the unique index), written in the transaction that publishes the
 * message; the gatherer (mail/digest.ts) turns them into emails at the pace each member chose.
 */

/** The author of a message follows its discussion from then on (unless they unfollowed it). */
export function followOnWrite(db: Db, accountId: number, discussionId: number, now: number) {
	follows.followOnWrite(db, accountId, discussionId, now);
}

/**
 * Who may be emailed at all: not someone who asked for no email, nor a disabled or banned
 * account. (Whether the address is confirmed is asked when sending: confirming later lets the
 * waiting ones go.)
 */
const REACHABLE = `a.email_frequency <> 'never' and a.disabled_at is null
	and (a.banned_at is null or (a.banned_until is not null and a.banned_until <= @now))`;

/**
 * A message became public (written published, or approved): whoever it answers and whoever
 * follows its discussion is to hear of it, never its writer. Called in the transaction that
 * published it. A reply is only told to its addressee while they follow the discussion (which
 * they do from their first message there): unfollowing stops everything from it.
 */
export function notifyPublished(db: Db, messageId: number, now: number) {
	const params = { message: messageId, now };
	// The reply first: when the one answered also follows, the reason said is the reply.
	const replies = prepared(
		db,
		`insert into notifications (account_id, discussion_id, message_id, reason, created_at)
		 select a.id, m.discussion_id, m.id, 'reply', @now
		 from messages m
		 join messages r on r.id = m.reply_to_id
		 join accounts a on a.id = r.author_id
		 join follows f on f.account_id = a.id and f.discussion_id = m.discussion_id
		 where m.id = @message and m.state = 'published' and a.id is not m.author_id and ${REACHABLE}
		 on conflict do nothing`
	).run(params);
	const followers = prepared(
		db,
		`insert into notifications (account_id, discussion_id, message_id, reason, created_at)
		 select a.id, m.discussion_id, m.id, 'follow', @now
		 from messages m
		 join follows f on f.discussion_id = m.discussion_id
		 join accounts a on a.id = f.account_id
		 where m.id = @message and m.state = 'published' and a.id is not m.author_id and ${REACHABLE}
		 on conflict do nothing`
	).run(params);
	if (replies.changes + followers.changes > 0) digest.soon();
}

export type Waiting = {
	id: number;
	accountId: number;
	discussionId: number;
	messageId: number;
	reason: 'reply' | 'follow';
	createdAt: number;
};

/** Every notification not yet emailed, oldest first (tests and the gatherer). */
export function waiting(db: Db, accountId?: number): Waiting[] {
	return (
		prepared(
			db,
			`select id, account_id, discussion_id, message_id, reason, created_at from notifications
			 where sent_at is null and (@account is null or account_id = @account) order by id`
		).all({ account: accountId ?? null }) as {
			id: number;
			account_id: number;
			discussion_id: number;
			message_id: number;
			reason: 'reply' | 'follow';
			created_at: number;
		}[]
	).map((r) => ({
		id: r.id,
		accountId: r.account_id,
		discussionId: r.discussion_id,
		messageId: r.message_id,
		reason: r.reason,
		createdAt: r.created_at
	}));
}

export type Frequency = (typeof EMAIL_FREQUENCIES)[number];

/** How often a member is emailed, and whether their address may receive anything yet. */
export function preferences(db: Db, accountId: number) {
	const row = prepared(
		db,
		'select email_frequency as frequency, email_confirmed_at as confirmed from accounts where id = ?'
	).get(accountId) as { frequency: Frequency; confirmed: number | null };
	return { frequency: row.frequency, confirmed: row.confirmed !== null };
}

/** A member's pace; "never" drops what was waiting too. */
export function setFrequency(db: Db, accountId: number, frequency: Frequency, now = Date.now()) {
	db.$client.transaction(() => {
		prepared(db, 'update accounts set email_frequency = ?, updated_at = ? where id = ?').run(
			frequency,
			now,
			accountId
		);
		if (frequency === 'never')
			prepared(db, 'delete from notifications where account_id = ? and sent_at is null').run(
				accountId
			);
	})();
}
